import { literal, type CatalogEntry } from "../entry";

/** A service account: the identity a workload runs as. */
export const entry: CatalogEntry = {
  type: "google_service_account",
  arn: (c, p) => { const id = literal(c, "account_id"); const project = literal(c, "project") ?? p.project; return id && project ? `projects/${project}/serviceAccounts/${id}@${project}.iam.gserviceaccount.com` : undefined; },
  globalNames: [{ attribute: "account_id", scope: "gcp-project", what: "service account id" }],
  forceNew: ["account_id", "project"],
  identity: ["account_id", "email", "member", "name", "id", "unique_id", "project"],
};
