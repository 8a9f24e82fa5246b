import { type CatalogEntry } from "../entry";

/** Event notifications of an S3 bucket (one per bucket). */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_notification",
  forceNew: ["bucket"],
  local: { kind: "emulated", as: "bucket-notification" },
};
