import { isSet, show } from "../../config";
import type { Rule } from "../../rule";

export const lambdaS3PermissionSourceAccount: Rule = {
  id: "lambda-s3-permission-source-account",
  title: "S3 invoke permissions name the bucket's account",
  checkov: [],
  trivy: [],
  description:
    "An `aws_lambda_permission` for `s3.amazonaws.com` sets `source_account` as well as `source_arn`: an S3 ARN holds no account, so if the bucket is deleted and someone recreates the name in another account, their bucket could invoke the function (confused deputy). ServerlessFunction's `s3` event sets it (`bucketAccountId`, default the stack's account).",
  appliesTo: ["aws_lambda_permission"],
  check(permission) {
    if (permission.config.principal !== "s3.amazonaws.com" || isSet(permission.config.source_account)) return undefined;
    return `principal "s3.amazonaws.com" with source_arn ${show(permission.config.source_arn)} has no source_account: a bucket of that name in another account could invoke the function; set source_account to the bucket owner's account id`;
  },
};
