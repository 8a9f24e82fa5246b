import { type CatalogEntry } from "../entry";

/** A provider of a workload identity pool: whose tokens it accepts, and on which condition. */
export const entry: CatalogEntry = {
  type: "google_iam_workload_identity_pool_provider",
  forceNew: ["workload_identity_pool_id", "workload_identity_pool_provider_id", "project"],
  grants: [
    { kind: "trust-policy", attributes: ["attribute_condition", "attribute_mapping", "oidc", "aws", "saml", "x509"] },
  ],
};
