import { blocks, dig, isExpression } from "../../config";
import type { Rule } from "../../rule";
import { bucketCompanions } from "./s3-companions";

const KMS = ["aws:kms", "aws:kms:dsse"];

export const s3KmsEncryption: Rule = {
  id: "s3-kms-encryption",
  title: "S3 buckets are encrypted with KMS by default",
  checkov: ["CKV_AWS_145"],
  trivy: ["AWS-0088"],
  description:
    'Each `aws_s3_bucket` has default encryption with `sse_algorithm` `"aws:kms"` (or `"aws:kms:dsse"`) through `aws_s3_bucket_server_side_encryption_configuration` (or the legacy inline block): reading objects then also takes `kms:Decrypt`, and key use is logged in CloudTrail. trivy AWS-0132 additionally wants a customer-managed key (StateBucket\'s `kmsKeyArn`), not required here.',
  appliesTo: ["aws_s3_bucket"],
  check(bucket, context) {
    const inline = dig(bucket.config, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm");
    const algorithms = [
      ...(inline === undefined ? [] : [inline]),
      ...bucketCompanions(bucket, "aws_s3_bucket_server_side_encryption_configuration", context).flatMap((c) =>
        blocks(c.config.rule).map((r) => dig(r, "apply_server_side_encryption_by_default.sse_algorithm")),
      ),
    ];
    if (algorithms.some((a) => (typeof a === "string" && KMS.includes(a)) || isExpression(a))) return undefined;
    return algorithms.length === 0
      ? 'no default encryption configuration for this bucket; add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms"'
      : `default encryption uses ${algorithms.map((a) => JSON.stringify(a)).join(", ")}; use "aws:kms"`;
  },
};
