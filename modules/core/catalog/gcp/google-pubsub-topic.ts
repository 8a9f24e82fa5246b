import { type CatalogEntry } from "../entry";
import { gcpProjectName } from "../names";

/** A Pub/Sub topic. */
export const entry: CatalogEntry = {
  type: "google_pubsub_topic",
  arn: (c, p) => gcpProjectName(c, p, "topics", "name"),
  globalNames: [{ attribute: "name", scope: "gcp-project", what: "Pub/Sub topic name" }],
  forceNew: ["name", "project"],
};
