import { type CatalogEntry } from "../entry";

/** The ACL of an S3 bucket: who may read or write it (public-read is anyone). */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_acl",
  forceNew: ["bucket", "expected_bucket_owner"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "bucket ACL" },
  ],
  local: { kind: "inert", why: "ACLs: only the session's own credentials reach the local buckets" },
};
