import { type CatalogEntry } from "../entry";

/** A KMS key and its key policy (its id, in its ARN, is only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_kms_key",
  forceNew: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
};
