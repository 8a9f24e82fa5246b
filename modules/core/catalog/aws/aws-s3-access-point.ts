import { type CatalogEntry } from "../entry";

/** An S3 access point, with its policy and public access block. */
export const entry: CatalogEntry = {
  type: "aws_s3_access_point",
  forceNew: ["account_id", "bucket", "name", "vpc_configuration", "bucket_account_id"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
    { kind: "public-exposure", attributes: ["public_access_block_configuration", "vpc_configuration"], what: "access point public access block" },
  ],
  local: { kind: "not-emulated", what: "S3 access points" },
};
