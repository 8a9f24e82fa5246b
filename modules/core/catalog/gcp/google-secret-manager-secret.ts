import { type CatalogEntry } from "../entry";
import { gcpProjectName } from "../names";

/** A Secret Manager secret. */
export const entry: CatalogEntry = {
  type: "google_secret_manager_secret",
  arn: (c, p) => gcpProjectName(c, p, "secrets", "secret_id"),
  globalNames: [{ attribute: "secret_id", scope: "gcp-project", what: "secret id" }],
  forceNew: ["secret_id", "project", "replication"],
};
