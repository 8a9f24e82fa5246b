import { dig, isExpression } from "../../config";
import type { Rule } from "../../rule";
import { bucketCompanions } from "./s3-companions";

export const s3Versioning: Rule = {
  id: "s3-versioning",
  title: "S3 buckets are versioned",
  checkov: ["CKV_AWS_21"],
  trivy: ["AWS-0090"],
  description:
    'Each `aws_s3_bucket` has an `aws_s3_bucket_versioning` with status `"Enabled"` (or the legacy inline `versioning.enabled`), so an overwritten or deleted object (a Terraform state file) can be restored.',
  appliesTo: ["aws_s3_bucket"],
  check(bucket, context) {
    if (dig(bucket.config, "versioning.enabled") === true) return undefined;
    const statuses = bucketCompanions(bucket, "aws_s3_bucket_versioning", context).map((v) => dig(v.config, "versioning_configuration.status"));
    if (statuses.some((s) => s === "Enabled" || isExpression(s))) return undefined;
    return statuses.length === 0
      ? 'no aws_s3_bucket_versioning for this bucket; add one with status "Enabled"'
      : `aws_s3_bucket_versioning status is ${statuses.map((s) => JSON.stringify(s)).join(", ")}; set "Enabled"`;
  },
};
