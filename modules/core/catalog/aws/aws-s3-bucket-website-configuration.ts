import { type CatalogEntry } from "../entry";

/** Static website hosting of a bucket (its content is then meant to be public). */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_website_configuration",
  forceNew: ["bucket", "expected_bucket_owner"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "bucket website" },
  ],
  local: { kind: "not-emulated", what: "S3 static website hosting" },
};
