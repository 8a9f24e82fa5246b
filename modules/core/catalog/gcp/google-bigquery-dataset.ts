import { type CatalogEntry } from "../entry";
import { gcpProjectName } from "../names";

/** A BigQuery dataset; its access blocks are an authoritative grant list. */
export const entry: CatalogEntry = {
  type: "google_bigquery_dataset",
  arn: (c, p) => gcpProjectName(c, p, "datasets", "dataset_id"),
  forceNew: ["dataset_id", "project", "location"],
  grants: [
    { kind: "gcp-iam", attributes: ["access"], level: "resource", form: "policy", target: "google_bigquery_dataset" },
  ],
};
