import { type CatalogEntry } from "../entry";

/** The resource policy of an S3 bucket. */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_policy",
  forceNew: ["bucket"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "bucket"], policy: "policy", resource: "bucket" },
  ],
  local: { kind: "emulated", as: "resource-policy" },
};
