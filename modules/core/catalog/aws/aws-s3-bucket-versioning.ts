import { type CatalogEntry } from "../entry";

/** Versioning of an S3 bucket. */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_versioning",
  forceNew: ["bucket", "expected_bucket_owner"],
  local: { kind: "inert", why: "object versions are not kept locally (the latest is)" },
};
