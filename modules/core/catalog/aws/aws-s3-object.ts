import { type CatalogEntry } from "../entry";

/** An object in an S3 bucket (its ACL can make it public). */
export const entry: CatalogEntry = {
  type: "aws_s3_object",
  forceNew: ["bucket", "key"],
  grants: [
    { kind: "public-exposure", attributes: ["acl", "bucket", "key"], what: "object ACL" },
  ],
  local: { kind: "not-emulated", what: "objects Terraform uploads: the local buckets start empty" },
};
