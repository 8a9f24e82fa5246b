import { type CatalogEntry } from "../entry";

/** One access entry of a BigQuery dataset (a role for a user, group, domain, special group or view). */
export const entry: CatalogEntry = {
  type: "google_bigquery_dataset_access",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "gcp-iam", attributes: ["*"], level: "resource", form: "member", target: "google_bigquery_dataset" },
  ],
};
