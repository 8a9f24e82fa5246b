import { type CatalogEntry } from "../entry";

/** The key policy of a KMS key. */
export const entry: CatalogEntry = {
  type: "aws_kms_key_policy",
  forceNew: ["key_id"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "key_id"], policy: "policy", resource: "key_id" },
  ],
  local: { kind: "inert", why: "key policies are not evaluated locally" },
};
