import { type CatalogEntry } from "../entry";

/** Default encryption of an S3 bucket. */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_server_side_encryption_configuration",
  forceNew: ["bucket", "expected_bucket_owner"],
  local: { kind: "inert", why: "encryption at rest: objects are kept in memory" },
};
