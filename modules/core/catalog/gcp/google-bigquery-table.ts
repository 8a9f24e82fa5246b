import { literal, type CatalogEntry } from "../entry";

/** A BigQuery table. */
export const entry: CatalogEntry = {
  type: "google_bigquery_table",
  arn: (c, p) => { const project = literal(c, "project") ?? p.project; const d = literal(c, "dataset_id"); const t = literal(c, "table_id"); return project && d && t ? `projects/${project}/datasets/${d}/tables/${t}` : undefined; },
  forceNew: ["dataset_id", "table_id", "project"],
};
