import { APIGATEWAY_GRANTS } from "./apigateway";
import { DYNAMODB_GRANTS } from "./dynamodb";
import { EC2_GRANTS } from "./ec2";
import { ECR_GRANTS } from "./ecr";
import { EVENTS_GRANTS } from "./events";
import type { DeployGrant } from "./grant";
import { IAM_GRANTS } from "./iam";
import { KINESIS_GRANTS } from "./kinesis";
import { LAMBDA_GRANTS } from "./lambda";
import { LOGS_GRANTS } from "./logs";
import { S3_GRANTS } from "./s3";
import { SCHEDULER_GRANTS } from "./scheduler";
import { SECRETSMANAGER_GRANTS } from "./secretsmanager";
import { SNS_GRANTS } from "./sns";
import { SQS_GRANTS } from "./sqs";

export type { DeployGrant } from "./grant";

/** Every AWS type a deployer knows how to plan and apply, by Terraform type (`data.<type>` for data sources). */
export const AWS_DEPLOY_GRANTS: ReadonlyMap<string, readonly DeployGrant[]> = new Map(
  Object.entries({
    ...APIGATEWAY_GRANTS,
    ...DYNAMODB_GRANTS,
    ...EC2_GRANTS,
    ...ECR_GRANTS,
    ...EVENTS_GRANTS,
    ...IAM_GRANTS,
    ...KINESIS_GRANTS,
    ...LAMBDA_GRANTS,
    ...LOGS_GRANTS,
    ...S3_GRANTS,
    ...SCHEDULER_GRANTS,
    ...SECRETSMANAGER_GRANTS,
    ...SNS_GRANTS,
    ...SQS_GRANTS,
  }),
);
