import { type CatalogEntry } from "../entry";

/** Whether ACLs apply to a bucket (BucketOwnerEnforced turns them off). */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_ownership_controls",
  forceNew: ["bucket"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "bucket ownership (ACLs on or off)" },
  ],
  local: { kind: "inert", why: "object ownership settings change no call the local buckets answer" },
};
