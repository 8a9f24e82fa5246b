import { type CatalogEntry } from "../entry";

/** Lifecycle rules of an S3 bucket. */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_lifecycle_configuration",
  forceNew: ["bucket", "expected_bucket_owner"],
  local: { kind: "inert", why: "objects live as long as the session" },
};
