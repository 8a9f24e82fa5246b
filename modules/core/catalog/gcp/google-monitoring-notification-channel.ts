import { type CatalogEntry } from "../entry";

/** A Cloud Monitoring notification channel (email, chat, a Pub/Sub topic...): where alerts are sent. */
export const entry: CatalogEntry = {
  type: "google_monitoring_notification_channel",
  forceNew: ["project"],
};
