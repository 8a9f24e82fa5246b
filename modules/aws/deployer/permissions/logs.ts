import { environmentArn, type DeployGrants } from "./grant";

/** Log groups of the environment: its functions' (`/aws/lambda/<prefix>...`) and its HTTP APIs' access logs (`/aws/http-api/<prefix>...`). */
const LOG_GROUPS = ["/aws/lambda/{prefix}*", "/aws/http-api/{prefix}*"].map((name) => environmentArn("aws_cloudwatch_log_group", { name }));

/** CloudWatch Logs. The provider finds a log group by listing with its name as prefix (DescribeLogGroups cannot be scoped to a resource). */
export const LOGS_GRANTS: DeployGrants = {
  aws_cloudwatch_log_group: [
    { phase: "read", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
    { phase: "read", actions: ["logs:ListTagsForResource", "logs:ListTagsLogGroup"], resources: LOG_GROUPS },
    {
      phase: "manage",
      actions: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:AssociateKmsKey",
        "logs:DisassociateKmsKey",
        "logs:TagResource",
        "logs:UntagResource",
        "logs:TagLogGroup",
        "logs:UntagLogGroup",
      ],
      resources: LOG_GROUPS,
    },
  ],
};
