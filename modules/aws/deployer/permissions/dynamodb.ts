import { environmentArn, type DeployGrants } from "./grant";

const TABLE = environmentArn("aws_dynamodb_table", { name: "{prefix}*" });

/** DynamoDB: a table's refresh reads its description, backups, TTL, tags and Kinesis streaming destinations. */
export const DYNAMODB_GRANTS: DeployGrants = {
  aws_dynamodb_table: [
    {
      phase: "read",
      actions: ["dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive", "dynamodb:ListTagsOfResource", "dynamodb:DescribeKinesisStreamingDestination"],
      resources: [TABLE],
    },
    {
      phase: "manage",
      actions: ["dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTimeToLive", "dynamodb:TagResource", "dynamodb:UntagResource"],
      resources: [TABLE],
    },
  ],
};
