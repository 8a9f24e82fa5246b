import { type CatalogEntry } from "../entry";

/** Renders a GCP IAM policy from binding blocks, for an `_iam_policy` resource. */
export const entry: CatalogEntry = {
  type: "data.google_iam_policy",
  grants: [
    { kind: "policy-document", attributes: ["*"] },
  ],
  data: (attribute) => (attribute === "policy_data" || attribute === "id" ? { identity: true } : undefined),
};
