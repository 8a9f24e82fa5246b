import { literal, type CatalogEntry } from "../entry";

/** A workload identity pool: external identities that may act as service accounts. */
export const entry: CatalogEntry = {
  type: "google_iam_workload_identity_pool",
  arn: (c, p) => { const project = literal(c, "project") ?? p.project; const id = literal(c, "workload_identity_pool_id"); return project && id ? `projects/${project}/locations/global/workloadIdentityPools/${id}` : undefined; },
  globalNames: [{ attribute: "workload_identity_pool_id", scope: "gcp-project", what: "workload identity pool id" }],
  forceNew: ["workload_identity_pool_id", "project"],
};
