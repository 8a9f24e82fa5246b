import { type CatalogEntry } from "../entry";
import { gcpProjectName } from "../names";

/** A Pub/Sub subscription (here a push subscription to a Cloud Run service). */
export const entry: CatalogEntry = {
  type: "google_pubsub_subscription",
  arn: (c, p) => gcpProjectName(c, p, "subscriptions", "name"),
  globalNames: [{ attribute: "name", scope: "gcp-project", what: "Pub/Sub subscription name" }],
  forceNew: ["name", "topic", "project"],
};
