import { type CatalogEntry } from "../entry";

/** A Cloud Monitoring alert policy: conditions on metrics, notifying its notification channels. */
export const entry: CatalogEntry = {
  type: "google_monitoring_alert_policy",
  forceNew: ["project"],
};
