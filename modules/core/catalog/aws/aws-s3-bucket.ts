import { literal, type CatalogEntry } from "../entry";

/** An S3 bucket (with its deprecated inline policy, ACL and grants). */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket",
  arn: (c, p) => (p.partition && literal(c, "bucket") ? `arn:${p.partition}:s3:::${literal(c, "bucket")}` : undefined),
  globalNames: [{ attribute: "bucket", scope: "aws-partition", what: "S3 bucket name" }],
  forceNew: ["bucket", "bucket_prefix", "object_lock_enabled"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
    { kind: "public-exposure", attributes: ["acl", "grant", "website", "cors_rule"], what: "bucket ACL" },
  ],
  local: {
    kind: "emulated",
    as: "bucket",
    attributes: {
      id: (b) => b.argument("bucket"),
    },
  },
};
