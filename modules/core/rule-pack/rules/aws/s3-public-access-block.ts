import { isExpression } from "../../config";
import type { Rule } from "../../rule";
import { bucketCompanions } from "./s3-companions";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3PublicAccessBlock: Rule = {
  id: "s3-public-access-block",
  title: "S3 buckets block public access",
  checkov: ["CKV2_AWS_6"],
  trivy: ["AWS-0086", "AWS-0087", "AWS-0091", "AWS-0093", "AWS-0094"],
  description:
    "Each `aws_s3_bucket` has an `aws_s3_bucket_public_access_block` (or the stack has an account-level `aws_s3_account_public_access_block`) with all four settings true, so no ACL or policy can make it public.",
  appliesTo: ["aws_s3_bucket"],
  check(bucket, context) {
    const blocks = [...bucketCompanions(bucket, "aws_s3_bucket_public_access_block", context), ...context.ofType("aws_s3_account_public_access_block")];
    if (blocks.length === 0) return "no aws_s3_bucket_public_access_block for this bucket; add one with all four settings true (StateBucket does)";
    if (blocks.some((b) => FLAGS.every((f) => b.config[f] === true || isExpression(b.config[f])))) return undefined;
    const off = FLAGS.filter((f) => !blocks.some((b) => b.config[f] === true));
    return `the public access block leaves ${off.join(", ")} off; set all four to true`;
  },
};
