import { type CatalogEntry } from "../entry";
import { gcpName } from "../names";

/** An Artifact Registry repository. */
export const entry: CatalogEntry = {
  type: "google_artifact_registry_repository",
  arn: (c, p) => gcpName(c, p, "repositories", "repository_id"),
  forceNew: ["repository_id", "location", "format", "mode", "project", "kms_key_name", "remote_repository_config"],
};
