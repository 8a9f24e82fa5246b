import { arnOf, type CatalogEntry } from "../entry";

/** A KMS key and its key policy (its id, in its ARN, is only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_kms_key",
  forceNew: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: {
    kind: "inert",
    why: "encryption with KMS: calls to KMS are refused, and key policies are not evaluated",
    attributes: {
      // A key's id is a UUID KMS chooses: the block's name stands in, so two keys stay apart.
      key_id: (b) => `local-${b.name}`,
      id: (b) => `local-${b.name}`,
      arn: (b) => arnOf(b.facts, "kms", `key/local-${b.name}`),
    },
  },
};
