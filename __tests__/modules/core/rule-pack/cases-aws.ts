import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrRepository as EcrRepositoryResource } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserLoginProfile } from "@cdktf/provider-aws/lib/iam-user-login-profile";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AmiLaunchPermission } from "@cdktf/provider-aws/lib/ami-launch-permission";
import { DbSnapshot } from "@cdktf/provider-aws/lib/db-snapshot";
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { DataAwsIamPolicy } from "@cdktf/provider-aws/lib/data-aws-iam-policy";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction, type LambdaFunctionConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaLayerVersionPermission } from "@cdktf/provider-aws/lib/lambda-layer-version-permission";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { DynamodbResourcePolicy } from "@cdktf/provider-aws/lib/dynamodb-resource-policy";
import { Fn, TerraformLocal, TerraformVariable, type TerraformStack } from "cdktf";
import { declareEnvironment } from "../../../../modules/core/environment-traits";
import { suppressRule } from "../../../../modules/core/rule-pack";
import { EcrRepository, HttpApi, ServerlessFunction, StateBucket, type ServerlessFunctionProps } from "../../../../modules/aws";
import type { RuleCases } from "./cases";
import { CODE_DIR, KMS_KEY_ARN, LIVE, ROLE_ARN } from "./helpers";

/** A ServerlessFunction from the fixture folder (no bundling). */
function fn(stack: TerraformStack, props: Partial<ServerlessFunctionProps> = {}, id = "Fn"): ServerlessFunction {
  return new ServerlessFunction(stack, id, { functionName: `test-${id.toLowerCase()}`, codeDirectory: CODE_DIR, ...props });
}

/** A raw aws_lambda_function: what a deliberately bad fixture is made of. */
function rawLambda(stack: TerraformStack, config: Partial<LambdaFunctionConfig> = {}, id = "Raw"): LambdaFunction {
  return new LambdaFunction(stack, id, {
    functionName: `raw-${id.toLowerCase()}`,
    role: ROLE_ARN,
    runtime: "nodejs22.x",
    handler: "index.handler",
    filename: "code.zip",
    ...config,
  });
}

function eventRuleTarget(stack: TerraformStack, arn: string): void {
  const rule = new CloudwatchEventRule(stack, "Schedule", { name: "nightly", scheduleExpression: "cron(0 3 * * ? *)" });
  new CloudwatchEventTarget(stack, "Target", { rule: rule.name, arn });
}

function doc(stack: TerraformStack, statement: DataAwsIamPolicyDocumentStatement[]): void {
  new DataAwsIamPolicyDocument(stack, "Doc", { statement });
}

/** A role trusted by Lambda, with optional literal inline policies. */
function role(stack: TerraformStack, id = "Role", name = "orders-worker", inlinePolicies: Record<string, unknown>[] = []): IamRole {
  return new IamRole(stack, id, {
    name,
    assumeRolePolicy: policyJson({ Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }),
    inlinePolicy: inlinePolicies.length > 0 ? inlinePolicies.map((statement, i) => ({ name: `p${i}`, policy: policyJson(statement) })) : undefined,
  });
}

/** A role whose role policy is the policy document `Doc` with `statement`. */
function roleWithDocument(stack: TerraformStack, statement: (r: IamRole) => DataAwsIamPolicyDocumentStatement[]): IamRole {
  const r = role(stack);
  const document = new DataAwsIamPolicyDocument(stack, "Doc", { statement: statement(r) });
  new IamRolePolicy(stack, "Policy", { role: r.id, policy: document.json });
  return r;
}

/** What an iam:PassRole statement says when it is right: the one service that receives the role. */
const PASSED_TO_LAMBDA = [{ test: "StringEquals", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] }];

/** An environment its config declares unprotected (a sandbox), for rules that only look at protected ones. */
const SANDBOX = "sandbox-unprotected";
declareEnvironment(SANDBOX, { protected: false, rulePackSeverity: "warn" });

/** IAM JSON with one statement. */
function policyJson(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] });
}

const ACCOUNT = "123456789012";

// An environment whose config declares where it applies (as config/load.ts does): its provider must say the same.
declareEnvironment("live", { protected: true, rulePackSeverity: "error", deployer: LIVE }, { awsAccountIds: [ACCOUNT], awsRegions: ["eu-west-1"] });
declareEnvironment("targeted", { protected: true, rulePackSeverity: "error" }, { awsAccountIds: [ACCOUNT], awsRegions: ["eu-west-1"] });
const provider = (s: TerraformStack, config: Partial<ConstructorParameters<typeof AwsProvider>[2]> = {}, id = "aws") =>
  new AwsProvider(s, id, { region: "eu-west-1", allowedAccountIds: [ACCOUNT], ...config });
const ADMIN_JSON = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const TABLE_ARN = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/users`;

const bucket = (stack: TerraformStack) => new S3Bucket(stack, "Bucket", { bucket: "my-test-bucket" });

export const AWS_CASES: Readonly<Record<string, RuleCases>> = {
  "lambda-supported-runtime": {
    compliant: {
      "ServerlessFunction with the default runtime (nodejs22.x)": (s) => fn(s),
      "image function without a runtime": (s) => rawLambda(s, { runtime: undefined, handler: undefined, filename: undefined, packageType: "Image", imageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1" }),
    },
    noncompliant: {
      "LambdaFunction on nodejs16.x": { build: (s) => rawLambda(s, { runtime: "nodejs16.x" }), detail: /runtime "nodejs16.x" is deprecated/ },
      "LambdaFunction on python3.8": { build: (s) => rawLambda(s, { runtime: "python3.8", handler: "app.handler" }), detail: /deprecated/ },
      "LambdaFunction on an unknown runtime": { build: (s) => rawLambda(s, { runtime: "cobol1.x" }), detail: /not in the supported runtimes/ },
    },
  },
  "lambda-tracing": {
    compliant: { "ServerlessFunction with tracing: true": (s) => fn(s, { tracing: true }) },
    noncompliant: {
      "ServerlessFunction with tracing off (PassThrough)": { build: (s) => fn(s), detail: /tracing_config.mode is "PassThrough"/ },
      "LambdaFunction without tracing_config": { build: (s) => rawLambda(s), detail: /tracing_config.mode is unset/ },
    },
  },
  "lambda-alarms": {
    compliant: {
      "ServerlessFunction (watched by default where the environment is protected)": (s) => fn(s),
      "LambdaFunction with an Errors alarm naming it by reference, notifying a topic": (s) => {
        const f = rawLambda(s);
        new CloudwatchMetricAlarm(s, "Errors", {
          alarmName: "raw-errors",
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions: { FunctionName: f.functionName },
          statistic: "Sum",
          period: 60,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          alarmActions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:alarms`],
        });
      },
      "ServerlessFunction with its alarms off and the reason why (the finding is accepted with it)": (s) => fn(s, { alarms: { enabled: false, reason: "A one-off migration job that a person watches while it runs" } }),
      "LambdaFunction without alarms in an unprotected environment": { build: (s) => rawLambda(s), environment: SANDBOX },
    },
    noncompliant: {
      "LambdaFunction without alarms": { build: (s) => rawLambda(s), detail: /no alarm watches its Errors metric/ },
      "LambdaFunction whose Errors alarm notifies no one": {
        build: (s) => {
          const f = rawLambda(s);
          new CloudwatchMetricAlarm(s, "Errors", { alarmName: "raw-errors", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: f.functionName }, statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold" });
        },
        detail: /its Errors alarm aws_cloudwatch_metric_alarm\.Errors notifies no one/,
      },
      "LambdaFunction watched only through another function's alarm": {
        build: (s) => {
          rawLambda(s);
          new CloudwatchMetricAlarm(s, "Errors", { alarmName: "other-errors", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "other" }, statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", alarmActions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:alarms`] });
        },
        detail: /no alarm watches its Errors metric/,
      },
    },
  },
  "lambda-rollout": {
    compliant: {
      "ServerlessFunction with a canary deployment": (s) => fn(s, { deployment: { strategy: "canary" } }),
      "ServerlessFunction deployed all at once through CodeDeploy": (s) => fn(s, { deployment: { strategy: "all-at-once" } }),
      "ServerlessFunction without a deployment, with the reason why": (s) => suppressRule(fn(s), "lambda-rollout", "A CodeDeploy hook: it must run the code apply just deployed"),
      "LambdaFunction without a rollout in an unprotected environment": { build: (s) => rawLambda(s), environment: SANDBOX },
    },
    noncompliant: {
      "ServerlessFunction without a deployment": { build: (s) => fn(s), detail: /no CodeDeploy deployment group may move an alias of it/ },
      "ServerlessFunction with provisioned concurrency only (apply moves its alias)": { build: (s) => fn(s, { provisionedConcurrency: 1 }), detail: /no CodeDeploy deployment group may move an alias of it/ },
      "a deployment group that may move an alias apply moves too (no ignore_changes)": {
        build: (s) => {
          const f = rawLambda(s, { publish: true });
          const alias = new LambdaAlias(s, "Live", { name: "live", functionName: f.functionName, functionVersion: f.version });
          const doc = new DataAwsIamPolicyDocument(s, "Doc", { statement: [{ effect: "Allow", actions: ["lambda:UpdateAlias", "lambda:GetAlias"], resources: [alias.arn] }] });
          const role = new IamRole(s, "DeployRole", { name: "deploy", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
          new IamRolePolicy(s, "DeployPolicy", { role: role.id, policy: doc.json });
          const app = new CodedeployApp(s, "App", { name: "raw", computePlatform: "Lambda" });
          new CodedeployDeploymentGroup(s, "Group", { appName: app.name, deploymentGroupName: "live", serviceRoleArn: role.arn, deploymentConfigName: "CodeDeployDefault.LambdaAllAtOnce" });
        },
        detail: /aws_codedeploy_deployment_group\.Group may move its alias, but apply moves it too/,
      },
    },
  },
  "lambda-dead-letter-queue": {
    compliant: {
      "EventBridge-scheduled ServerlessFunction with deadLetterQueue: true": (s) => {
        const f = fn(s, { deadLetterQueue: true });
        eventRuleTarget(s, f.functionArn);
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: f.functionName, principal: "events.amazonaws.com", sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/nightly" });
      },
      "ServerlessFunction on a schedule (EventBridge Scheduler) with deadLetterQueue: true": (s) => fn(s, { deadLetterQueue: true, events: [{ type: "schedule", expression: "rate(1 hour)" }] }),
      "ServerlessFunction behind HttpApi only (synchronous) without DLQ": (s) => {
        new HttpApi(s, "Api", { apiName: "api", routes: [{ method: "GET", path: "/hello", target: fn(s) }] });
      },
      "async function with an on-failure destination (event invoke config)": (s) => {
        const f = rawLambda(s);
        eventRuleTarget(s, f.arn);
        new LambdaFunctionEventInvokeConfig(s, "InvokeConfig", { functionName: f.functionName, destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:failures" } } });
      },
    },
    noncompliant: {
      "EventBridge-scheduled ServerlessFunction without DLQ": {
        build: (s) => {
          const f = fn(s);
          eventRuleTarget(s, f.functionArn);
        },
        detail: /invoked asynchronously by EventBridge \(aws_cloudwatch_event_target\.Target\)/,
      },
      "ServerlessFunction on a schedule (EventBridge Scheduler invoking its live alias) without DLQ": {
        build: (s) => fn(s, { provisionedConcurrency: 1, events: [{ type: "schedule", expression: "rate(1 hour)", timezone: "Europe/Paris" }] }),
        detail: /invoked asynchronously by EventBridge Scheduler \(aws_scheduler_schedule\.Fn_Event-schedule-rate-[0-9a-f]{6}_Schedule_[0-9A-F]{8}\)/,
      },
      "function invoked by S3 notifications, named by its literal ARN": {
        build: (s) => {
          rawLambda(s, { functionName: "thumbnails" });
          new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "thumbnails", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads" });
          new S3BucketNotification(s, "Notification", { bucket: "uploads", lambdaFunction: [{ lambdaFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:thumbnails", events: ["s3:ObjectCreated:*"] }] });
        },
        detail: /s3\.amazonaws\.com.*S3 \(aws_s3_bucket_notification\.Notification\)/,
      },
      "function subscribed to an SNS topic through its alias": {
        build: (s) => {
          const f = rawLambda(s, { publish: true });
          const alias = new LambdaAlias(s, "Live", { name: "live", functionName: f.functionName, functionVersion: f.version });
          const topic = new SnsTopic(s, "Topic", { name: "events" });
          new SnsTopicSubscription(s, "Subscription", { topicArn: topic.arn, protocol: "lambda", endpoint: alias.arn });
        },
        detail: /SNS \(aws_sns_topic_subscription\.Subscription\)/,
      },
    },
  },
  "lambda-sqs-source-redrive": {
    compliant: {
      "SQS event source whose queue has a redrive policy": (s) => {
        const queue = new SqsQueue(s, "Queue", { name: "in", sqsManagedSseEnabled: true, redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:in-dlq", maxReceiveCount: 5 }) });
        new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: queue.arn, functionName: rawLambda(s).functionName });
      },
      "queue of another stack (judged there)": (s) => new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: "arn:aws:sqs:eu-west-1:123456789012:in", functionName: rawLambda(s).functionName }),
    },
    noncompliant: {
      "SQS event source whose queue has no redrive policy": {
        build: (s) => {
          const queue = new SqsQueue(s, "Queue", { name: "in", sqsManagedSseEnabled: true });
          new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: queue.arn, functionName: rawLambda(s).functionName });
        },
        detail: /reads SQS queue aws_sqs_queue.Queue, which has no redrive policy/,
      },
    },
  },
  "lambda-stream-on-failure": {
    compliant: {
      "Kinesis event source with an on_failure destination": (s) => {
        const stream = new KinesisStream(s, "Stream", { name: "in", shardCount: 1 });
        new LambdaEventSourceMapping(s, "Mapping", {
          eventSourceArn: stream.arn,
          functionName: rawLambda(s).functionName,
          startingPosition: "LATEST",
          destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:eu-west-1:123456789012:failures" } },
        });
      },
      "SQS event source (no stream)": (s) => new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: "arn:aws:sqs:eu-west-1:123456789012:in", functionName: "f" }),
    },
    noncompliant: {
      "Kinesis event source without an on_failure destination": {
        build: (s) => {
          const stream = new KinesisStream(s, "Stream", { name: "in", shardCount: 1 });
          new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: stream.arn, functionName: rawLambda(s).functionName, startingPosition: "LATEST" });
        },
        detail: /without destination_config.on_failure/,
      },
      "DynamoDB stream named by its literal ARN": {
        build: (s) =>
          new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000", functionName: "f", startingPosition: "LATEST" }),
        detail: /reads "arn:aws:dynamodb:.*" without destination_config.on_failure/,
      },
    },
  },
  "lambda-concurrency-limit": {
    compliant: {
      "ServerlessFunction with reservedConcurrency: 5": (s) => fn(s, { reservedConcurrency: 5 }),
      "LambdaFunction with reserved_concurrent_executions 0 (switched off)": (s) => rawLambda(s, { reservedConcurrentExecutions: 0 }),
    },
    noncompliant: {
      "ServerlessFunction without reservedConcurrency": { build: (s) => fn(s), detail: /reserved_concurrent_executions is unset/ },
      "LambdaFunction with -1 (unreserved)": { build: (s) => rawLambda(s, { reservedConcurrentExecutions: -1 }), detail: /is -1/ },
    },
  },
  "lambda-environment-kms": {
    compliant: {
      "ServerlessFunction with environment and environmentKmsKeyArn": (s) => fn(s, { environment: { TABLE: "users" }, environmentKmsKeyArn: KMS_KEY_ARN }),
      "ServerlessFunction without environment": (s) => fn(s),
      "ServerlessFunction whose variables only name resources (a table's name, a queue's URL, a secret's ARN) and no KMS key": (s) => {
        const table = new DynamodbTable(s, "Users", { name: "users", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
        const queue = new SqsQueue(s, "Queue", { name: "q", sqsManagedSseEnabled: true });
        fn(s, {
          environment: { USERS_TABLE: table.name, JOBS_QUEUE_URL: queue.url },
          secrets: { DB_SECRET: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
        });
      },
    },
    noncompliant: {
      "ServerlessFunction with environment and no KMS key": { build: (s) => fn(s, { environment: { TABLE: "users", STAGE: "prod" } }), detail: /environment variables TABLE, STAGE/ },
      "ServerlessFunction with a resource's name beside a literal: only the literal is named": {
        build: (s) => {
          const table = new DynamodbTable(s, "Users", { name: "users", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
          fn(s, { environment: { USERS_TABLE: table.name, STAGE: "prod" } });
        },
        detail: /: environment variables STAGE are encrypted with the AWS-managed key and do not only name a resource/,
      },
      "ServerlessFunction with a value read from another resource (an SSM parameter's value)": {
        build: (s) => {
          const parameter = new SsmParameter(s, "Token", { name: "/svc/token", type: "SecureString", value: "x" });
          fn(s, { environment: { TOKEN: parameter.value } });
        },
        detail: /environment variables TOKEN/,
      },
    },
  },
  "lambda-environment-secrets": {
    compliant: {
      "ServerlessFunction with names, ARNs and parameter paths": (s) =>
        fn(s, { environment: { TABLE_NAME: "users", DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", API_TOKEN_PARAMETER: "/svc/api-token", TOKEN_TTL: "3600" } }),
      "ServerlessFunction whose secret name is a reference to another resource": (s) => {
        const queue = new SqsQueue(s, "Queue", { name: "q", sqsManagedSseEnabled: true });
        fn(s, { environment: { QUEUE_SECRET: queue.url } });
      },
    },
    noncompliant: {
      "ServerlessFunction with an AWS access key id": { build: (s) => fn(s, { environment: { UPSTREAM: "AKIAIOSFODNN7EXAMPLE" } }), detail: /UPSTREAM holds an AWS access key id/ },
      "ServerlessFunction with a literal DB_PASSWORD": { build: (s) => fn(s, { environment: { DB_PASSWORD: "hunter2hunter2" } }), detail: /DB_PASSWORD is named like a secret/ },
      "LambdaFunction with a password inside a database URL": {
        build: (s) => rawLambda(s, { environment: { variables: { DATABASE_URL: "postgres://app:s3cret@db.internal:5432/app" } } }),
        detail: /DATABASE_URL holds a password inside a URL/,
      },
    },
  },
  "lambda-permission-scoped": {
    compliant: {
      "HttpApi invoke permissions (apigateway.amazonaws.com with a route source_arn)": (s) => {
        new HttpApi(s, "Api", { apiName: "api", routes: [{ method: "GET", path: "/hello", target: fn(s) }] });
      },
      "permission for the stack's own account": (s) => {
        provider(s);
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: ACCOUNT });
      },
      "permission for another account, from one resource of it (source_arn)": (s) =>
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "210987654321", sourceArn: "arn:aws:sns:eu-west-1:210987654321:orders" }),
      "the permission of a public function URL (judged by lambda-function-url-auth)": (s) =>
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunctionUrl", functionName: "f", principal: "*", functionUrlAuthType: "NONE" }),
    },
    noncompliant: {
      'permission for principal "*"': { build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "*" }), detail: /principal is "\*"/ },
      "EventBridge permission without source_arn": {
        build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "events.amazonaws.com" }),
        detail: /principal "events.amazonaws.com" has no source_arn/,
      },
      "permission for another account, without source_arn": {
        build: (s) => {
          provider(s);
          new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "999999999999" });
        },
        detail: /principal "999999999999" is account 999999999999, not the stack's \(123456789012\), with no source_arn/,
      },
      "lambda:* for a service with its source_arn": {
        build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:*", functionName: "f", principal: "events.amazonaws.com", sourceArn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/r` }),
        detail: /action "lambda:\*" is more than invoking/,
      },
      "lambda:UpdateFunctionCode for the stack's account": {
        build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:UpdateFunctionCode", functionName: "f", principal: ACCOUNT }),
        detail: /action "lambda:UpdateFunctionCode" is more than invoking/,
      },
    },
  },
  "lambda-s3-permission-source-account": {
    compliant: {
      "S3 permission with source_arn and source_account": (s) =>
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads", sourceAccount: ACCOUNT }),
      "EventBridge permission (ARN holds the account)": (s) =>
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "events.amazonaws.com", sourceArn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/nightly` }),
    },
    noncompliant: {
      "S3 permission without source_account": {
        build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads" }),
        detail: /source_arn "arn:aws:s3:::uploads" has no source_account/,
      },
    },
  },
  "lambda-function-url-auth": {
    compliant: { "function URL with AWS_IAM": (s) => new LambdaFunctionUrl(s, "Url", { functionName: "f", authorizationType: "AWS_IAM" }) },
    noncompliant: { "public function URL (NONE)": { build: (s) => new LambdaFunctionUrl(s, "Url", { functionName: "f", authorizationType: "NONE" }), detail: /function URL is public/ } },
  },
  "log-group-retention": {
    compliant: {
      "ServerlessFunction with logRetentionDays: 365 in prod": (s) => fn(s, { logRetentionDays: 365 }),
      "ServerlessFunction with the default 30 days in dev": { build: (s) => fn(s), environment: "dev" },
    },
    noncompliant: {
      "log group without retention": { build: (s) => new CloudwatchLogGroup(s, "Logs", { name: "/x" }), detail: /logs never expire/, environment: "dev" },
      "ServerlessFunction with 30 days in prod": { build: (s) => fn(s, { logRetentionDays: 30 }), detail: /retention_in_days is 30 in prod, a protected environment/ },
      "ServerlessFunction with 30 days in an environment no config declares (the strictest)": { build: (s) => fn(s, { logRetentionDays: 30 }), detail: /retention_in_days is 30 in qa-undeclared, a protected environment/, environment: "qa-undeclared" },
      "HttpApi access logs with 14 days in prod": {
        build: (s) => new HttpApi(s, "Api", { apiName: "api", routes: [{ method: "GET", path: "/x", target: fn(s, { logRetentionDays: 365 }) }], accessLogRetentionDays: 14 }),
        detail: /retention_in_days is 14 in prod/,
      },
    },
  },
  "api-access-logging": {
    compliant: { "HttpApi stage": (s) => new HttpApi(s, "Api", { apiName: "api", routes: [{ method: "GET", path: "/x", target: fn(s) }] }) },
    noncompliant: {
      "Apigatewayv2Stage without access_log_settings": {
        build: (s) => new Apigatewayv2Stage(s, "Stage", { apiId: new Apigatewayv2Api(s, "Api", { name: "api", protocolType: "HTTP" }).id, name: "$default" }),
        detail: /access_log_settings is missing/,
      },
      "REST API stage without access_log_settings": { build: (s) => new ApiGatewayStage(s, "Stage", { restApiId: "abc123", deploymentId: "dep1", stageName: "prod" }), detail: /missing/ },
    },
  },
  "api-route-authorization": {
    compliant: {
      "route with AWS_IAM": (s) => new Apigatewayv2Route(s, "Route", { apiId: "abc", routeKey: "GET /users", authorizationType: "AWS_IAM" }),
      "route with a JWT authorizer": (s) => new Apigatewayv2Route(s, "Route", { apiId: "abc", routeKey: "GET /users", authorizationType: "JWT", authorizerId: "auth1" }),
      "WebSocket message route (authorization happens at $connect)": (s) => {
        const api = new Apigatewayv2Api(s, "Ws", { name: "ws", protocolType: "WEBSOCKET", routeSelectionExpression: "$request.body.action" });
        new Apigatewayv2Route(s, "Route", { apiId: api.id, routeKey: "sendMessage" });
      },
    },
    noncompliant: {
      "HttpApi route (authorization NONE)": { build: (s) => new HttpApi(s, "Api", { apiName: "api", routes: [{ method: "GET", path: "/hello", target: fn(s) }] }), detail: /route "GET \/hello" has authorization_type "NONE"/ },
      "route without authorization_type": { build: (s) => new Apigatewayv2Route(s, "Route", { apiId: "abc", routeKey: "POST /users" }), detail: /"NONE"/ },
    },
  },
  "ecr-immutable-tags": {
    compliant: { "EcrRepository with defaults": (s) => new EcrRepository(s, "Repo", { name: "app" }) },
    noncompliant: {
      "EcrRepository with immutableTags: false": { build: (s) => new EcrRepository(s, "Repo", { name: "app", immutableTags: false }), detail: /"MUTABLE"/ },
      "raw repository with default mutability": { build: (s) => new EcrRepositoryResource(s, "Repo", { name: "app" }), detail: /MUTABLE \(default\)/ },
    },
  },
  "ecr-scan-on-push": {
    compliant: {
      "EcrRepository with defaults": (s) => new EcrRepository(s, "Repo", { name: "app" }),
      "raw repository with registry-wide enhanced scanning": (s) => {
        new EcrRepositoryResource(s, "Repo", { name: "app" });
        new EcrRegistryScanningConfiguration(s, "Scanning", { scanType: "ENHANCED" });
      },
    },
    noncompliant: {
      "EcrRepository with scanOnPush: false": { build: (s) => new EcrRepository(s, "Repo", { name: "app", scanOnPush: false }), detail: /scan_on_push is not true/ },
      "raw repository without scanning configuration": (s) => new EcrRepositoryResource(s, "Repo", { name: "app" }),
    },
  },
  "ecr-kms-encryption": {
    compliant: {
      "EcrRepository with defaults (KMS, AWS-managed key)": (s) => new EcrRepository(s, "Repo", { name: "app" }),
      "EcrRepository with a customer-managed key": (s) => new EcrRepository(s, "Repo", { name: "app", kmsKeyArn: KMS_KEY_ARN }),
    },
    noncompliant: {
      "raw repository without encryption_configuration": { build: (s) => new EcrRepositoryResource(s, "Repo", { name: "app" }), detail: /AES256 \(default\)/ },
      "raw repository with AES256": { build: (s) => new EcrRepositoryResource(s, "Repo", { name: "app", encryptionConfiguration: [{ encryptionType: "AES256" }] }), detail: /"AES256"/ },
    },
  },
  "s3-public-access-block": {
    compliant: {
      StateBucket: (s) => new StateBucket(s, "State", { bucketName: "svc-state-test" }),
      "bucket with a full block that names it literally": (s) => {
        bucket(s);
        new S3BucketPublicAccessBlock(s, "Block", { bucket: "my-test-bucket", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
      },
    },
    noncompliant: {
      "bucket without a public access block": { build: bucket, detail: /no aws_s3_bucket_public_access_block/ },
      "bucket whose block leaves public policies allowed": {
        build: (s) => {
          const b = bucket(s);
          new S3BucketPublicAccessBlock(s, "Block", { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: false });
        },
        detail: /leaves block_public_policy, restrict_public_buckets off/,
      },
    },
  },
  "s3-versioning": {
    compliant: { StateBucket: (s) => new StateBucket(s, "State", { bucketName: "svc-state-test" }) },
    noncompliant: {
      "bucket without versioning": { build: bucket, detail: /no aws_s3_bucket_versioning/ },
      "bucket with versioning suspended": {
        build: (s) => new S3BucketVersioningA(s, "Versioning", { bucket: bucket(s).id, versioningConfiguration: { status: "Suspended" } }),
        detail: /status is "Suspended"/,
      },
    },
  },
  "s3-kms-encryption": {
    compliant: {
      StateBucket: (s) => new StateBucket(s, "State", { bucketName: "svc-state-test" }),
      "StateBucket with a customer-managed key": (s) => new StateBucket(s, "State", { bucketName: "svc-state-test", kmsKeyArn: KMS_KEY_ARN }),
    },
    noncompliant: {
      "bucket without default encryption configuration": { build: bucket, detail: /no default encryption configuration/ },
      "bucket with SSE-S3 (AES256)": {
        build: (s) =>
          new S3BucketServerSideEncryptionConfigurationA(s, "Encryption", { bucket: bucket(s).bucket, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
        detail: /uses "AES256"/,
      },
    },
  },
  "sqs-encryption": {
    compliant: {
      "ServerlessFunction dead-letter queue (SSE-SQS)": (s) => fn(s, { deadLetterQueue: true }),
      "queue with a KMS key": (s) => new SqsQueue(s, "Queue", { name: "q", kmsMasterKeyId: KMS_KEY_ARN }),
    },
    noncompliant: { "queue without encryption settings": { build: (s) => new SqsQueue(s, "Queue", { name: "q" }), detail: /neither sqs_managed_sse_enabled nor kms_master_key_id/ } },
  },
  "iam-no-admin-access": {
    compliant: {
      "ServerlessFunction execution role": (s) => fn(s, { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/users"] }] }),
      "NotAction on the objects of one bucket (not every resource)": (s) => doc(s, [{ notActions: ["s3:DeleteObject"], resources: ["arn:aws:s3:::reports/*"] }]),
      'Action "*" on the resources of one service ("arn:aws:s3:::*")': (s) => doc(s, [{ actions: ["*"], resources: ["arn:aws:s3:::*"] }]),
      'a Deny of "*" on "arn:*"': (s) => doc(s, [{ effect: "Deny", actions: ["*"], resources: ["arn:*"] }]),
    },
    noncompliant: {
      'policy document allowing "*" on "*"': { build: (s) => doc(s, [{ effect: "Allow", actions: ["*"], resources: ["*"] }]), detail: /statement\[0\] allows every action on every resource/ },
      "managed policy JSON allowing *:* on *": {
        build: (s) => new IamPolicy(s, "Policy", { name: "admin", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "All", Effect: "Allow", Action: "*:*", Resource: "*" }] }) }),
        detail: /policy\.Statement\[0\] \(Sid "All"\)/,
      },
      "role with AdministratorAccess attached": {
        build: (s) => new IamRolePolicyAttachment(s, "Admin", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
        detail: /attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
      },
      "AdministratorAccess through a data.aws_partition reference": {
        build: (s) => {
          const partition = new DataAwsPartition(s, "Partition", {});
          new IamRolePolicyAttachment(s, "Admin", { role: "r", policyArn: `arn:${partition.partition}:iam::aws:policy/AdministratorAccess` });
        },
        detail: /policy_arn attaches arn:\$\{data.aws_partition.Partition.partition\}:iam::aws:policy\/AdministratorAccess/,
      },
      "AdministratorAccess in aws_iam_role_policy_attachments_exclusive": {
        build: (s) => new IamRolePolicyAttachmentsExclusive(s, "Exclusive", { roleName: "r", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] }),
        detail: /policy_arns attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
      },
      'NotAction on "*" (everything but one service)': {
        build: (s) => doc(s, [{ notActions: ["iam:*"], resources: ["*"] }]),
        detail: /statement\[0\] allows every action on every resource \(every action but iam:\* \(NotAction\) on "\*"\)/,
      },
      'Action "*" on "arn:*"': { build: (s) => doc(s, [{ actions: ["*"], resources: ["arn:*"] }]), detail: /\("\*" on "arn:\*"\)/ },
      'Action "*:*" on "arn:aws:*:*:*:*"': {
        build: (s) => new IamPolicy(s, "Policy", { name: "p", policy: policyJson({ Action: "*:*", Resource: "arn:aws:*:*:*:*" }) }),
        detail: /policy\.Statement\[0\] allows every action on every resource \("\*:\*" on "arn:aws:\*:\*:\*:\*"\)/,
      },
      'Action "*" on "arn:*:*" in a role\'s inline policy': { build: (s) => role(s, "Role", "r", [{ Action: "*", Resource: "arn:*:*" }]), detail: /inline_policy\[0\]\.Statement\[0\]/ },
      "Action \"*\" on every ARN of the stack's partition (a reference)": {
        build: (s) => doc(s, [{ actions: ["*"], resources: [`arn:${new DataAwsPartition(s, "Partition", {}).partition}:*:*:*:*`] }]),
        detail: /on "arn:\$\{data\.aws_partition\.Partition\.partition\}:\*:\*:\*:\*"/,
      },
      'Action "*" on NotResource': { build: (s) => doc(s, [{ actions: ["*"], notResources: ["arn:aws:s3:::audit/*"] }]), detail: /every resource but arn:aws:s3:::audit\/\* \(NotResource\)/ },
      "IAMFullAccess in a role's managed_policy_arns": {
        build: (s) => new IamRole(s, "Role", { name: "r", assumeRolePolicy: policyJson({ Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }), managedPolicyArns: ["arn:aws-cn:iam::aws:policy/IAMFullAccess"] }),
        detail: /managed_policy_arns attaches arn:aws-cn:iam::aws:policy\/IAMFullAccess/,
      },
    },
  },
  "iam-no-wildcard-actions": {
    compliant: {
      "ServerlessFunction with listed actions": (s) => fn(s, { policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] }),
      "StateBucket TLS-only policy (Deny s3:*)": (s) => new StateBucket(s, "State", { bucketName: "svc-state-test" }),
    },
    noncompliant: {
      'policy document allowing "s3:*"': { build: (s) => doc(s, [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"] }]), detail: /statement\[0\] allows "s3:\*"/ },
      'policy document allowing "s3:Get*"': { build: (s) => doc(s, [{ sid: "Read", actions: ["s3:Get*"], resources: ["arn:aws:s3:::b/*"] }]), detail: /statement\[0\] \(sid "Read"\) allows "s3:Get\*"/ },
      "policy document allowing not_actions": { build: (s) => doc(s, [{ notActions: ["iam:*"], resources: ["*"] }]), detail: /allows everything but "iam:\*"/ },
      "inline role policy JSON allowing dynamodb:*": {
        build: (s) => new IamRolePolicy(s, "Policy", { role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:*"], Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/t" }] }) }),
        detail: /policy\.Statement\[0\] allows "dynamodb:\*"/,
      },
    },
  },
  "iam-no-wildcard-resources": {
    compliant: {
      'ServerlessFunction in a VPC with tracing (ENI and X-Ray actions on "*")': (s) => fn(s, { tracing: true, vpc: { subnetIds: ["subnet-0123456789abcdef0"], vpcId: "vpc-0123456789abcdef0" } }),
      "resource policy statement with principals": (s) =>
        doc(s, [{ actions: ["sqs:SendMessage"], resources: ["*"], principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }] }]),
      "wildcards below named resources (objects of a bucket, indexes of a table, streams of a log group)": (s) =>
        doc(s, [
          {
            actions: ["s3:GetObject", "dynamodb:Query", "logs:PutLogEvents"],
            resources: [
              "arn:aws:s3:::reports/*",
              "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*",
              "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x:*",
            ],
          },
        ]),
      "wildcard ARN for actions AWS cannot scope": (s) => doc(s, [{ actions: ["xray:PutTraceSegments"], resources: ["arn:aws:xray:*:*:*"] }]),
      'cloudwatch:PutMetricData on "*" with a condition on cloudwatch:namespace (AWS\'s documented pattern)': (s) =>
        doc(s, [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["orders"] }] }]),
      "ServerlessFunction publishing metrics to its namespace": (s) =>
        fn(s, { policyStatements: [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: { StringLike: { "cloudwatch:namespace": "orders/*" } } }] }),
      "cloudwatch:PutMetricData with a condition in a role's literal inline policy": (s) =>
        new IamRole(s, "Role", {
          name: "metrics",
          assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] }),
          inlinePolicy: [
            {
              name: "p",
              policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "orders" } } }] }),
            },
          ],
        }),
    },
    noncompliant: {
      's3:GetObject on "*"': { build: (s) => doc(s, [{ actions: ["s3:GetObject"], resources: ["*"] }]), detail: /allows s3:GetObject on "\*"/ },
      's3:GetObject and iam:PassRole on "arn:*" (wildcard partition)': {
        build: (s) => doc(s, [{ actions: ["s3:GetObject", "iam:PassRole"], resources: ["arn:*"] }]),
        detail: /allows s3:GetObject, iam:PassRole on "arn:\*"/,
      },
      "iam:PassRole on any account's roles (arn:aws:iam::*:role/*)": {
        build: (s) => doc(s, [{ actions: ["iam:PassRole"], resources: ["arn:aws:iam::*:role/*"] }]),
        detail: /allows iam:PassRole on "arn:aws:iam::\*:role\/\*"/,
      },
      "dynamodb:GetItem on every resource of an account (resource part *)": {
        build: (s) => doc(s, [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:*"] }]),
        detail: /allows dynamodb:GetItem on "arn:aws:dynamodb:eu-west-1:123456789012:\*"/,
      },
      'cloudwatch:PutMetricData on "*" without a condition on cloudwatch:namespace': {
        build: (s) => doc(s, [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"] }]),
        detail: /allows cloudwatch:PutMetricData on "\*" \(cloudwatch:PutMetricData needs a StringEquals or StringLike condition on cloudwatch:namespace there\)/,
      },
      'cloudwatch:PutMetricData on "*" with a namespace only Terraform knows (a variable)': {
        build: (s) =>
          doc(s, [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [new TerraformVariable(s, "namespace", { type: "string" }).stringValue] }] }]),
        detail: /allows cloudwatch:PutMetricData on "\*"/,
      },
      'cloudwatch:PutMetricData on "*" with StringEqualsIfExists (holds when the key is absent)': {
        build: (s) => doc(s, [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], condition: [{ test: "StringEqualsIfExists", variable: "cloudwatch:namespace", values: ["orders"] }] }]),
        detail: /allows cloudwatch:PutMetricData on "\*"/,
      },
      'cloudwatch:PutMetricData on "*" with a condition that does not narrow the namespace': {
        build: (s) => doc(s, [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], condition: [{ test: "StringNotEquals", variable: "cloudwatch:namespace", values: ["AWS/Lambda"] }] }]),
        detail: /allows cloudwatch:PutMetricData on "\*"/,
      },
      "wildcard ARN in a role's literal inline policy": {
        build: (s) =>
          new IamRole(s, "Role", {
            name: "wild",
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] }),
            inlinePolicy: [{ name: "p", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:*:*:*" }] }) }],
          }),
        detail: /inline_policy\[0\]\.Statement\[0\] allows s3:GetObject on "arn:aws:s3:\*:\*:\*"/,
      },
      'unknown action on "*"': { build: (s) => doc(s, [{ actions: ["foo:Bar"], resources: ["*"] }]), detail: /foo:Bar/ },
      "not_resources": { build: (s) => doc(s, [{ actions: ["s3:GetObject"], notResources: ["arn:aws:s3:::secret/*"] }]), detail: /allows every resource but/ },
    },
  },
  "iam-trust-service-principals": {
    compliant: { "ServerlessFunction execution role (lambda.amazonaws.com)": (s) => fn(s) },
    noncompliant: {
      'trust policy for AWS "*"': {
        build: (s) => doc(s, [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }]),
        detail: /statement\[0\] trusts AWS \*/,
      },
      "trust policy for a federated identity (OIDC)": {
        build: (s) => doc(s, [{ actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"] }] }]),
        detail: /trusts Federated arn:aws:iam::123456789012:oidc-provider/,
      },
      "role whose literal assume_role_policy trusts an account": {
        build: (s) =>
          new IamRole(s, "Role", {
            name: "cross-account",
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::210987654321:root" } }] }),
          }),
        detail: /assume_role_policy\.Statement\[0\] trusts AWS arn:aws:iam::210987654321:root/,
      },
    },
  },
  "dynamodb-deletion-protection": {
    compliant: {
      "table with deletion protection in prod": (s) => new DynamodbTable(s, "Table", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], billingMode: "PAY_PER_REQUEST", deletionProtectionEnabled: true }),
      "table without deletion protection in dev": { build: (s) => new DynamodbTable(s, "Table", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], billingMode: "PAY_PER_REQUEST" }), environment: "dev" },
    },
    noncompliant: {
      "table without deletion protection in prod": {
        build: (s) => new DynamodbTable(s, "Table", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], billingMode: "PAY_PER_REQUEST", deletionProtectionEnabled: false }),
        detail: /deletion_protection_enabled is false in prod/,
      },
    },
  },
  "sns-encryption": {
    compliant: { "topic with the AWS-managed SNS key": (s) => new SnsTopic(s, "Topic", { name: "orders", kmsMasterKeyId: "alias/aws/sns" }) },
    noncompliant: { "topic without kms_master_key_id": { build: (s) => new SnsTopic(s, "Topic", { name: "orders" }), detail: /kms_master_key_id is unset/ } },
  },
  "resource-policy-no-public-principal": {
    compliant: {
      "StateBucket (TLS-only Deny to everyone)": (s) => new StateBucket(s, "State", { bucketName: "svc-state-test" }),
      "queue policy for EventBridge pinned by aws:SourceArn": (s) =>
        new SqsQueuePolicy(s, "Policy", {
          queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/in",
          policy: policyJson({ Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:123456789012:in", Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:eu-west-1:${ACCOUNT}:rule/x` } } }),
        }),
      "bucket policy to everyone from one office network (aws:SourceIp)": (s) =>
        new S3BucketPolicy(s, "Policy", {
          bucket: bucket(s).id,
          policy: policyJson({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-test-bucket/*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }),
        }),
      "layer shared with the organization": (s) =>
        new LambdaLayerVersionPermission(s, "Share", { layerName: "shared", versionNumber: 1, statementId: "org", action: "lambda:GetLayerVersion", principal: "*", organizationId: "o-abc123" }),
      "topic policy for a named account": (s) =>
        new SnsTopicPolicy(s, "Policy", { arn: "arn:aws:sns:eu-west-1:123456789012:t", policy: policyJson({ Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sns:Publish", Resource: "*" }) }),
      "queue policy pinned by an ARN pattern of one account (ArnLike aws:SourceArn rule/*)": (s) =>
        new SqsQueuePolicy(s, "Policy", {
          queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/in",
          policy: policyJson({ Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:123456789012:in", Condition: { ArnLike: { "aws:SourceArn": `arn:aws:events:eu-west-1:${ACCOUNT}:rule/*` } } }),
        }),
      "ForAllValues on the organization paths with Null false (the key must be there)": (s) =>
        doc(s, [
          {
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::b/*"],
            principals: [{ type: "*", identifiers: ["*"] }],
            condition: [
              { test: "ForAllValues:StringLike", variable: "aws:PrincipalOrgPaths", values: ["o-abc123/r-ab12/ou-ab12-11111111/*"] },
              { test: "Null", variable: "aws:PrincipalOrgPaths", values: ["false"] },
            ],
          },
        ]),
      "the caller pinned to the bucket owner's account (${aws:ResourceAccount}, written $${...} in literal JSON)": (s) =>
        new S3BucketPolicy(s, "Policy", {
          bucket: bucket(s).id,
          policy: policyJson({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-test-bucket/*", Condition: { StringEquals: { "aws:PrincipalAccount": "$${aws:ResourceAccount}" } } }),
        }),
      "aws:SourceArn naming one bucket (S3 ARNs hold no account)": (s) =>
        doc(s, [{ actions: ["sns:Publish"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:s3:::uploads"] }] }]),
      "document whose public statement is pinned to the organization": (s) =>
        doc(s, [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }] }]),
    },
    noncompliant: {
      'bucket policy with Principal "*"': {
        build: (s) => new S3BucketPolicy(s, "Policy", { bucket: bucket(s).id, policy: policyJson({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-test-bucket/*" }) }),
        detail: /policy.Statement\[0\] allows s3:GetObject to Principal "\*" with no condition on the caller/,
      },
      'queue policy with AWS "*" and only aws:SecureTransport': {
        build: (s) =>
          new SqsQueuePolicy(s, "Policy", {
            queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/in",
            policy: policyJson({ Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
          }),
        detail: /allows sqs:SendMessage to Principal "\*"/,
      },
      'KMS key policy with Principal "*"': {
        build: (s) => new KmsKey(s, "Key", { policy: policyJson({ Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) }),
        detail: /allows kms:Decrypt/,
      },
      "secret policy readable by everyone": {
        build: (s) =>
          new SecretsmanagerSecretPolicy(s, "Policy", { secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", policy: policyJson({ Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }) }),
        detail: /secretsmanager:GetSecretValue/,
      },
      "layer shared with every account": {
        build: (s) => new LambdaLayerVersionPermission(s, "Share", { layerName: "shared", versionNumber: 1, statementId: "all", action: "lambda:GetLayerVersion", principal: "*" }),
        detail: /principal is "\*" without organization_id/,
      },
      "topic policy document with a wildcard condition value": {
        build: (s) =>
          doc(s, [{ actions: ["sns:Publish"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }], condition: [{ test: "StringLike", variable: "aws:SourceAccount", values: ["*"] }] }]),
        detail: /statement\[0\] allows sns:Publish/,
      },
      "DynamoDB table resource policy readable by everyone": {
        build: (s) =>
          new DynamodbResourcePolicy(s, "Policy", {
            resourceArn: TABLE_ARN,
            policy: policyJson({ Principal: { AWS: "*" }, Action: "dynamodb:GetItem", Resource: TABLE_ARN }),
          }),
        detail: /policy.Statement\[0\] allows dynamodb:GetItem to Principal "\*"/,
      },
      "event bus policy that lets every account put events": {
        build: (s) =>
          new CloudwatchEventBusPolicy(s, "Policy", {
            eventBusName: "orders",
            policy: policyJson({ Principal: "*", Action: "events:PutEvents", Resource: `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/orders` }),
          }),
        detail: /allows events:PutEvents to Principal "\*"/,
      },
      'queue policy pinned by a wildcard ARN (ArnLike aws:SourceArn "arn:aws:*")': {
        build: (s) =>
          new SqsQueuePolicy(s, "Policy", {
            queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/in",
            policy: policyJson({ Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:123456789012:in", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:*" } } }),
          }),
        detail: /allows sqs:SendMessage to Principal "\*" with no condition on the caller \(judged as no condition: ArnLike aws:SourceArn "arn:aws:\*", since "arn:aws:\*" names no one account/,
      },
      "an ARN pattern with a wildcard account (arn:aws:sns:*:*:*)": {
        build: (s) => doc(s, [{ actions: ["sqs:SendMessage"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }], condition: [{ test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:sns:*:*:*"] }] }]),
        detail: /names no one account/,
      },
      "ForAllValues on a key that may be absent (true when it is)": {
        build: (s) =>
          doc(s, [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], principals: [{ type: "*", identifiers: ["*"] }], condition: [{ test: "ForAllValues:StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }] }]),
        detail: /ForAllValues:StringEquals aws:PrincipalOrgID "o-abc123", since ForAllValues:StringEquals holds when aws:PrincipalOrgID is absent from the request/,
      },
      "StringEqualsIfExists on the source account": {
        build: (s) =>
          new SnsTopicPolicy(s, "Policy", {
            arn: "arn:aws:sns:eu-west-1:123456789012:t",
            policy: policyJson({ Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*", Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } } }),
          }),
        detail: /since StringEqualsIfExists holds when aws:SourceAccount is absent/,
      },
      "a condition value from a variable in a policy document": {
        build: (s) =>
          doc(s, [
            {
              actions: ["sqs:SendMessage"],
              resources: ["*"],
              principals: [{ type: "*", identifiers: ["*"] }],
              condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [new TerraformVariable(s, "source_account", { type: "string" }).stringValue] }],
            },
          ]),
        detail: /since \$\{var\.source_account\} is only known when Terraform runs/,
      },
      "the caller's account compared with itself (a variable taken from the request)": {
        build: (s) =>
          new S3BucketPolicy(s, "Policy", {
            bucket: bucket(s).id,
            policy: policyJson({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-test-bucket/*", Condition: { StringEquals: { "aws:PrincipalAccount": "$${aws:PrincipalAccount}" } } }),
          }),
        detail: /\$\{aws:PrincipalAccount\} is taken from the request itself/,
      },
      "bucket policy to everyone whose aws:SourceIp is every address": {
        build: (s) =>
          new S3BucketPolicy(s, "Policy", {
            bucket: bucket(s).id,
            policy: policyJson({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-test-bucket/*", Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/0", "::/0"] } } }),
          }),
        detail: /allows s3:GetObject to Principal "\*" with no condition on the caller/,
      },
    },
  },
  "ec2-no-public-ingress": {
    compliant: {
      'ServerlessFunction in a VPC (egress-only security group)': (s) => fn(s, { vpc: { subnetIds: ["subnet-0123456789abcdef0"], vpcId: "vpc-0123456789abcdef0" } }),
      "ingress from the VPC's CIDR": (s) =>
        new SecurityGroup(s, "Sg", { vpcId: "vpc-1", ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"] }] }),
      "egress rule to 0.0.0.0/0": (s) => new SecurityGroupRule(s, "Egress", { type: "egress", securityGroupId: "sg-1", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }),
    },
    noncompliant: {
      "inline ingress from 0.0.0.0/0": {
        build: (s) => new SecurityGroup(s, "Sg", { vpcId: "vpc-1", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] }),
        detail: /ingress\[0\] allows tcp port 22 from 0.0.0.0\/0/,
      },
      "security group rule from ::/0": {
        build: (s) => new SecurityGroupRule(s, "Rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 0, toPort: 65535, protocol: "-1", ipv6CidrBlocks: ["::/0"] }),
        detail: /every port and protocol from ::\/0/,
      },
      "VPC ingress rule from 0.0.0.0/0": {
        build: (s) => new VpcSecurityGroupIngressRule(s, "Rule", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        detail: /tcp port 443 from 0.0.0.0\/0/,
      },
      "security group rule from ::/0 spelt 0::/0": {
        build: (s) => new SecurityGroupRule(s, "Rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 443, toPort: 443, protocol: "tcp", ipv6CidrBlocks: ["0::/0"] }),
        detail: /tcp port 443 from 0::\/0/,
      },
      "inline ingress from two halves of the IPv4 space": {
        build: (s) => new SecurityGroup(s, "Sg", { vpcId: "vpc-1", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["128.0.0.0/1", "10.0.0.0/8", "0.0.0.0/1"] }] }),
        detail: /ingress\[0\] allows tcp port 22 from 128.0.0.0\/1, 10.0.0.0\/8, 0.0.0.0\/1/,
      },
    },
  },
  "aws-no-public-sharing": {
    compliant: {
      "an AMI launch permission for one account": (s) => new AmiLaunchPermission(s, "Ami", { imageId: "ami-12345678", accountId: "210987654321" }),
      "a DB snapshot shared with one account": (s) => new DbSnapshot(s, "Snap", { dbInstanceIdentifier: "db", dbSnapshotIdentifier: "snap", sharedAccounts: ["210987654321"] }),
    },
    noncompliant: {
      'an AMI launch permission for group "all"': { build: (s) => new AmiLaunchPermission(s, "Ami", { imageId: "ami-12345678", group: "all" }), detail: /AMI launch permission group = "all" shares it with every AWS account/ },
      'a DB snapshot shared with "all"': {
        build: (s) => new DbSnapshot(s, "Snap", { dbInstanceIdentifier: "db", dbSnapshotIdentifier: "snap", sharedAccounts: ["210987654321", "all"] }),
        detail: /DB snapshot sharing shared_accounts = \["210987654321","all"\] shares it with every AWS account/,
      },
    },
  },
  "aws-data-egress": {
    compliant: {
      "a topic subscribed to a queue of the stack": (s) => {
        const q = new SqsQueue(s, "Q", { name: "q" });
        new SnsTopicSubscription(s, "Sub", { topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:t`, protocol: "sqs", endpoint: q.arn });
      },
      "a queue ARN of the stack's own account": (s) => {
        provider(s);
        new SnsTopicSubscription(s, "Sub", { topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:t`, protocol: "sqs", endpoint: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q` });
      },
    },
    noncompliant: {
      "an https webhook": {
        build: (s) => s.addOverride("resource.aws_sns_topic_subscription.x", { topic_arn: "arn:aws:sns:eu-west-1:333333333333:alerts", protocol: "https", endpoint: "https://evil.example.com/hook" }),
        detail: /endpoint "https:\/\/evil.example.com\/hook" \(protocol https\) delivers outside AWS/,
      },
      "a queue of another account": {
        build: (s) => {
          provider(s);
          new SnsTopicSubscription(s, "Sub", { topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:t`, protocol: "sqs", endpoint: "arn:aws:sqs:eu-west-1:999999999999:loot" });
        },
        detail: /endpoint "arn:aws:sqs:eu-west-1:999999999999:loot" is in account 999999999999, not the stack's \(123456789012\)/,
      },
      "an email subscription": {
        build: (s) => new SnsTopicSubscription(s, "Sub", { topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:t`, protocol: "email", endpoint: "someone@example.com" }),
        detail: /\(protocol email\) delivers outside AWS/,
      },
    },
  },
  "aws-provider-as-configured": {
    compliant: {
      "the provider config makes (one account, a declared region)": { build: (s) => { provider(s); fn(s); }, environment: "targeted" },
      "one account, in an environment that declares none": (s) => { provider(s); fn(s); },
      "no provider block (nothing to compare)": (s) => fn(s),
    },
    noncompliant: {
      "an assume_role override on the provider": {
        build: (s) => { provider(s).addOverride("assume_role", [{ role_arn: "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole" }]); fn(s); },
        detail: /provider aws sets assume_role = \[\{"role_arn":"arn:aws:iam::999999999999:role\/OrganizationAccountAccessRole"\}\]/,
      },
      "an override adding another account to allowed_account_ids": {
        build: (s) => { provider(s).addOverride("allowed_account_ids", ["999999999999"]); fn(s); },
        environment: "targeted",
        detail: /provider aws has allowed_account_ids = \["123456789012","999999999999"\]: environment "targeted" declares account 123456789012/,
      },
      "a region the environment does not declare": {
        build: (s) => { provider(s, { region: "us-east-1" }); fn(s); },
        environment: "targeted",
        detail: /provider aws has region = "us-east-1": environment "targeted" declares eu-west-1/,
      },
      "a second provider, with a role of another account, used by a policy": {
        build: (s) => {
          provider(s);
          new AwsProvider(s, "other", { alias: "other", region: "eu-west-1", allowedAccountIds: [ACCOUNT], assumeRole: [{ roleArn: "arn:aws:iam::999999999999:role/Admin" }] });
          new IamRolePolicy(s, "P", { role: "r", policy: ADMIN_JSON }).addOverride("provider", "aws.other");
        },
        detail: /aws_iam_role_policy.P applies through provider "aws.other", not the stack's provider.*provider aws.other is a second AWS provider.*provider aws.other sets assume_role/,
      },
      "no allowed_account_ids where the environment declares its account": {
        build: (s) => { provider(s, { allowedAccountIds: undefined }); fn(s); },
        environment: "targeted",
        detail: /provider aws has allowed_account_ids = unset: environment "targeted" declares account 123456789012/,
      },
      "two providers naming different accounts": {
        build: (s) => { provider(s); provider(s, { allowedAccountIds: ["999999999999"], alias: "b" }, "b"); fn(s); },
        detail: /the stack's AWS providers name different accounts \(123456789012, 999999999999\)/,
      },
    },
  },
  "iam-runs-as-stack-role": {
    compliant: {
      "ServerlessFunction (its own role, defined in the stack)": (s) => fn(s),
      "a schedule's role is the stack's (ServerlessFunction schedule event)": (s) => fn(s, { events: [{ type: "schedule", id: "hourly", expression: "rate(1 hour)" }] }),
      "an event target running as a role of the stack": (s) => {
        const role = new IamRole(s, "Role", { name: "events-role", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
        new CloudwatchEventTarget(s, "Target", { rule: "r", arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`, roleArn: role.arn });
      },
    },
    noncompliant: {
      "a function's role overridden with an existing role's ARN": {
        build: (s) => fn(s).function.addOverride("role", "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole"),
        detail: /cannot verify role "arn:aws:iam::333333333333:role\/OrganizationAccountAccessRole" at aws_lambda_function\.Fn_Function_[A-Z0-9]+\.role: it runs as a role the stack does not define/,
      },
      "a raw function with a literal role ARN": { build: (s) => rawLambda(s), detail: /cannot verify role "arn:aws:iam::123456789012:role\/test"/ },
      "a function running as a role read by a data source": {
        build: (s) => rawLambda(s, { role: new DataAwsIamRole(s, "Existing", { name: "admin" }).arn }),
        detail: /cannot verify role "\$\{data.aws_iam_role.Existing.arn\}"/,
      },
      "a universal (aws-sdk) schedule target with an existing role": {
        build: (s) =>
          s.addOverride("resource.aws_scheduler_schedule.s", {
            name: "s",
            schedule_expression: "rate(1 hour)",
            flexible_time_window: { mode: "OFF" },
            target: { arn: "arn:aws:scheduler:::aws-sdk:iam:attachRolePolicy", role_arn: "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole", input: "{}" },
          }),
        detail: /cannot verify role "arn:aws:iam::333333333333:role\/OrganizationAccountAccessRole" at aws_scheduler_schedule.s.target.role_arn/,
      },
    },
  },
  "iam-attached-policies-readable": {
    compliant: {
      "a policy of the stack attached to a role of the stack": (s) => {
        const policy = new IamPolicy(s, "Policy", { name: "app-read", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q` }] }) });
        new IamRolePolicyAttachment(s, "Attach", { role: "r", policyArn: policy.arn });
      },
      "an AWS-managed policy (iam-no-aws-managed-policies' finding)": (s) => new IamRolePolicyAttachment(s, "Attach", { role: "r", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
    },
    noncompliant: {
      "a customer-managed policy named by its ARN": {
        build: (s) => new IamRolePolicyAttachment(s, "Attach", { role: "r", policyArn: "arn:aws:iam::333333333333:policy/existing-admin" }),
        detail: /cannot verify policy "arn:aws:iam::333333333333:policy\/existing-admin" at aws_iam_role_policy_attachment.Attach.policy_arn/,
      },
      "a customer-managed policy read by a data source, in the exclusive attachments": {
        build: (s) => new IamRolePolicyAttachmentsExclusive(s, "Exclusive", { roleName: "r", policyArns: [new DataAwsIamPolicy(s, "P", { name: "existing-admin" }).arn] }),
        detail: /cannot verify policy "\$\{data.aws_iam_policy.P.arn\}"/,
      },
    },
  },
  "iam-no-aws-managed-policies": {
    compliant: {
      "ServerlessFunction execution role (computed policy)": (s) => fn(s, { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [TABLE_ARN] }] }),
      "customer-managed policy attached": (s) => new IamRolePolicyAttachment(s, "Attach", { role: "r", policyArn: `arn:aws:iam::${ACCOUNT}:policy/app-read` }),
    },
    noncompliant: {
      "AWSLambdaBasicExecutionRole through a partition reference": {
        build: (s) =>
          new IamRolePolicyAttachment(s, "Attach", { role: "r", policyArn: `arn:${new DataAwsPartition(s, "Partition", {}).partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole` }),
        detail: /policy_arn attaches AWS-managed service-role\/AWSLambdaBasicExecutionRole/,
      },
      "ReadOnlyAccess in aws_iam_role_policy_attachments_exclusive": {
        build: (s) => new IamRolePolicyAttachmentsExclusive(s, "Exclusive", { roleName: "r", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }),
        detail: /policy_arns attaches AWS-managed ReadOnlyAccess/,
      },
      "PowerUserAccess attached to a group": {
        build: (s) => new IamGroupPolicyAttachment(s, "Attach", { group: "devs", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }),
        detail: /PowerUserAccess/,
      },
    },
  },
  "iam-no-privilege-escalation": {
    compliant: {
      "iam:PassRole on one named role": (s) => doc(s, [{ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`] }]),
      "lambda:UpdateFunctionCode on one function (and its versions)": (s) =>
        doc(s, [{ actions: ["lambda:UpdateFunctionCode"], resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app`, `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app:*`] }]),
      "read-only IAM actions on role/*": (s) => doc(s, [{ actions: ["iam:GetRole", "iam:ListRoles"], resources: [`arn:aws:iam::${ACCOUNT}:role/*`] }]),
    },
    noncompliant: {
      "iam:PassRole on role/*": {
        build: (s) => doc(s, [{ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/*`] }]),
        detail: /statement\[0\] allows iam:PassRole on "arn:aws:iam::123456789012:role\/\*"/,
      },
      "iam:PassRole on a role reference with * glued to it": {
        build: (s) => {
          const role = new IamRole(s, "Target", { name: "app", assumeRolePolicy: policyJson({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) });
          return doc(s, [{ actions: ["iam:PassRole"], resources: [`${role.arn}*`] }]);
        },
        detail: /statement\[0\] allows iam:PassRole on "\$\{aws_iam_role\.Target\.arn\}\*"/,
      },
      "iam:AttachRolePolicy and iam:PutRolePolicy on role/app-*": {
        build: (s) => doc(s, [{ actions: ["iam:AttachRolePolicy", "iam:PutRolePolicy"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-*`] }]),
        detail: /allows iam:AttachRolePolicy, iam:PutRolePolicy on/,
      },
      "lambda:CreateFunction on function:* in a user policy": {
        build: (s) => new IamUserPolicy(s, "Policy", { user: "ci", policy: policyJson({ Action: ["lambda:CreateFunction", "lambda:GetFunction"], Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*` }) }),
        detail: /policy.Statement\[0\] allows lambda:CreateFunction on "arn:aws:lambda:eu-west-1:123456789012:function:\*"/,
      },
      'iam:CreatePolicyVersion and sts:AssumeRole on "*"': {
        build: (s) => doc(s, [{ actions: ["iam:CreatePolicyVersion", "sts:AssumeRole"], resources: ["*"] }]),
        detail: /allows iam:CreatePolicyVersion, sts:AssumeRole on "\*"/,
      },
      "iam:Put* on NotResource": {
        build: (s) => doc(s, [{ actions: ["iam:Put*"], notResources: [`arn:aws:iam::${ACCOUNT}:role/admin`] }]),
        detail: /allows iam:Put\* on every resource but/,
      },
    },
  },
  "iam-no-role-self-modification": {
    compliant: {
      "ServerlessFunction execution role": (s) => fn(s, { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [TABLE_ARN] }] }),
      "a role that manages another, named role (not itself)": (s) =>
        roleWithDocument(s, () => [{ actions: ["iam:PutRolePolicy", "iam:AttachRolePolicy"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-worker`] }]),
      "a document no role reads (judged by iam-no-privilege-escalation)": (s) => {
        role(s);
        doc(s, [{ actions: ["iam:PutRolePolicy"], resources: [`arn:aws:iam::${ACCOUNT}:role/orders-worker`] }]);
      },
      "iam:CreatePolicyVersion on a managed policy that is not attached to the role": (s) => {
        const r = role(s);
        const other = new IamPolicy(s, "Other", { name: "other", policy: policyJson({ Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) });
        const own = new DataAwsIamPolicyDocument(s, "Doc", { statement: [{ actions: ["iam:CreatePolicyVersion"], resources: [other.arn] }] });
        new IamRolePolicy(s, "Policy", { role: r.id, policy: own.json });
      },
      "a Deny of iam:* on the role itself": (s) => roleWithDocument(s, (r) => [{ effect: "Deny", actions: ["iam:*"], resources: [r.arn] }]),
    },
    noncompliant: {
      "iam:PutRolePolicy on the role's own ARN, as a reference": {
        build: (s) => roleWithDocument(s, (r) => [{ actions: ["iam:PutRolePolicy"], resources: [r.arn] }]),
        detail: /statement\[0\] allows iam:PutRolePolicy on "\$\{aws_iam_role\.Role\.arn\}", and applies to that role \(aws_iam_role\.Role\)/,
      },
      "iam:AttachRolePolicy on role/${name} (a reference to its name)": {
        build: (s) => roleWithDocument(s, (r) => [{ actions: ["iam:AttachRolePolicy"], resources: [`arn:aws:iam::${ACCOUNT}:role/${r.name}`] }]),
        detail: /allows iam:AttachRolePolicy on "arn:aws:iam::123456789012:role\/\$\{aws_iam_role\.Role\.name\}"/,
      },
      "iam:UpdateAssumeRolePolicy on its ARN written out in another case, in its own inline policy": {
        build: (s) => role(s, "Role", "orders-worker", [{ Action: "iam:UpdateAssumeRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/Orders-Worker` }]),
        detail: /inline_policy\[0\]\.Statement\[0\] allows iam:UpdateAssumeRolePolicy on "arn:aws:iam::123456789012:role\/Orders-Worker"/,
      },
      "iam:DeleteRolePermissionsBoundary through a wildcard action (iam:Delete*) on role/orders-*": {
        build: (s) => roleWithDocument(s, () => [{ actions: ["iam:Delete*"], resources: [`arn:aws:iam::${ACCOUNT}:role/orders-*`] }]),
        detail: /allows iam:DeleteRolePolicy, iam:DeleteRolePermissionsBoundary, iam:DeleteRole on "arn:aws:iam::123456789012:role\/orders-\*"/,
      },
      "iam:CreatePolicyVersion on a managed policy attached to the role": {
        build: (s) => {
          const r = role(s);
          const grants = new DataAwsIamPolicyDocument(s, "Doc", { statement: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] });
          const managed = new IamPolicy(s, "Managed", { name: "orders-managed", policy: grants.json });
          new IamRolePolicyAttachment(s, "Attach", { role: r.name, policyArn: managed.arn });
          const own = new DataAwsIamPolicyDocument(s, "Own", { statement: [{ actions: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"], resources: [managed.arn] }] });
          new IamRolePolicy(s, "Policy", { role: r.id, policy: own.json });
        },
        detail: /allows iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion on "\$\{aws_iam_policy\.Managed\.arn\}"/,
      },
      "iam:SetDefaultPolicyVersion on the ARN of its own managed policy, attached by aws_iam_role_policy_attachments_exclusive": {
        build: (s) => {
          const r = role(s);
          const managed = new IamPolicy(s, "Managed", {
            name: "orders-managed",
            policy: policyJson({ Action: "iam:SetDefaultPolicyVersion", Resource: `arn:aws:iam::${ACCOUNT}:policy/orders-managed` }),
          });
          new IamRolePolicyAttachmentsExclusive(s, "Exclusive", { roleName: r.name, policyArns: [managed.arn] });
        },
        detail: /policy\.Statement\[0\] allows iam:SetDefaultPolicyVersion on "arn:aws:iam::123456789012:policy\/orders-managed"/,
      },
      "iam:PutRolePolicy on role/app-* for a role named by name_prefix app-": {
        build: (s) => {
          const r = new IamRole(s, "Role", { namePrefix: "app-", assumeRolePolicy: policyJson({ Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }) });
          const own = new DataAwsIamPolicyDocument(s, "Doc", { statement: [{ actions: ["iam:PutRolePolicy"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-*`] }] });
          new IamRolePolicy(s, "Policy", { role: r.name, policy: own.json });
        },
        detail: /allows iam:PutRolePolicy on "arn:aws:iam::123456789012:role\/app-\*"/,
      },
      'NotAction that leaves iam:PutRolePolicy in, on "*"': {
        build: (s) => roleWithDocument(s, () => [{ notActions: ["s3:*"], resources: ["*"] }]),
        detail: /allows iam:PutRolePolicy, .* on "\*"/,
      },
      "iam:TagRole on every resource but another role (NotResource)": {
        build: (s) => role(s, "Role", "orders-worker", [{ Action: "iam:TagRole", NotResource: `arn:aws:iam::${ACCOUNT}:role/admin` }]),
        detail: /allows iam:TagRole on "every resource but arn:aws:iam::123456789012:role\/admin \(NotResource\)"/,
      },
      "a policy document merged into the role's document (source_policy_documents)": {
        build: (s) => {
          const r = role(s);
          const inner = new DataAwsIamPolicyDocument(s, "Inner", { statement: [{ actions: ["iam:PutRolePolicy"], resources: [r.arn] }] });
          const outer = new DataAwsIamPolicyDocument(s, "Outer", { sourcePolicyDocuments: [inner.json], statement: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] });
          new IamRolePolicy(s, "Policy", { role: r.id, policy: outer.json });
        },
        detail: /allows iam:PutRolePolicy on "\$\{aws_iam_role\.Role\.arn\}"/,
      },
    },
  },
  "iam-pass-role-to-service": {
    compliant: {
      "iam:PassRole to Lambda only (StringEquals iam:PassedToService)": (s) =>
        doc(s, [{ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`], condition: PASSED_TO_LAMBDA }]),
      "ForAnyValue:StringEquals naming two services": (s) =>
        new IamPolicy(s, "Policy", {
          name: "p",
          policy: policyJson({
            Action: "iam:PassRole",
            Resource: `arn:aws:iam::${ACCOUNT}:role/app-runner`,
            Condition: { "ForAnyValue:StringEquals": { "iam:PassedToService": ["lambda.amazonaws.com", "states.amazonaws.com"] } },
          }),
        }),
      "ForAllValues with Null false (the key must be there)": (s) =>
        doc(s, [
          {
            actions: ["iam:PassRole"],
            resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`],
            condition: [
              { test: "ForAllValues:StringEquals", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] },
              { test: "Null", variable: "iam:PassedToService", values: ["false"] },
            ],
          },
        ]),
      "read-only IAM actions": (s) => doc(s, [{ actions: ["iam:GetRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`] }]),
    },
    noncompliant: {
      "iam:PassRole on one role without a condition": {
        build: (s) => doc(s, [{ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`] }]),
        detail: /statement\[0\] grants iam:PassRole without a condition naming the services the role may be passed to/,
      },
      'iam:PassedToService "*.amazonaws.com" (every service)': {
        build: (s) =>
          doc(s, [{ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`], condition: [{ test: "StringLike", variable: "iam:PassedToService", values: ["*.amazonaws.com"] }] }]),
        detail: /judged as no condition: StringLike iam:PassedToService "\*\.amazonaws\.com", since "\*\.amazonaws\.com" is not one named value/,
      },
      "StringEqualsIfExists (holds when the key is absent)": {
        build: (s) =>
          doc(s, [{ actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`], condition: [{ test: "StringEqualsIfExists", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] }] }]),
        detail: /since StringEqualsIfExists holds when iam:PassedToService is absent/,
      },
      "ForAllValues without Null false": {
        build: (s) =>
          doc(s, [
            { actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`], condition: [{ test: "ForAllValues:StringEquals", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] }] },
          ]),
        detail: /holds when iam:PassedToService is absent from the request \(add Null/,
      },
      "a service only Terraform knows (a variable)": {
        build: (s) =>
          doc(s, [
            {
              actions: ["iam:PassRole"],
              resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`],
              condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [new TerraformVariable(s, "service", { type: "string" }).stringValue] }],
            },
          ]),
        detail: /\$\{var\.service\} is only known when Terraform runs/,
      },
      "iam:Pass* in a role's inline policy": {
        build: (s) => role(s, "Role", "deployer", [{ Action: "iam:Pass*", Resource: `arn:aws:iam::${ACCOUNT}:role/app-runner` }]),
        detail: /inline_policy\[0\]\.Statement\[0\] grants iam:PassRole without a condition/,
      },
      "NotAction that leaves iam:PassRole in": {
        build: (s) => doc(s, [{ notActions: ["s3:*"], resources: [`arn:aws:iam::${ACCOUNT}:role/app-runner`] }]),
        detail: /grants iam:PassRole without a condition/,
      },
    },
  },
  "iam-no-account-destructive-actions": {
    compliant: {
      "read-only GuardDuty and CloudTrail actions in prod": (s) => doc(s, [{ actions: ["guardduty:GetFindings", "cloudtrail:LookupEvents"], resources: ["*"] }]),
      "s3:PutAccountPublicAccessBlock in an environment its config declares unprotected": {
        build: (s) => doc(s, [{ actions: ["s3:PutAccountPublicAccessBlock"], resources: ["*"] }]),
        environment: SANDBOX,
      },
      "a Deny of organizations:LeaveOrganization": (s) => doc(s, [{ effect: "Deny", actions: ["organizations:LeaveOrganization"], resources: ["*"] }]),
    },
    noncompliant: {
      "ServerlessFunction granted s3:PutAccountPublicAccessBlock with its reason (props accept it; the pack asks for the suppression in prod)": {
        build: (s) =>
          fn(s, {
            policyStatements: [{ actions: ["s3:PutAccountPublicAccessBlock"], resources: ["*"], reason: "The account vending job sets the public access block of new accounts" }],
          }),
        detail: /allows s3:PutAccountPublicAccessBlock: each changes the whole account/,
      },
      "organizations:LeaveOrganization in a managed policy": {
        build: (s) => new IamPolicy(s, "Policy", { name: "p", policy: policyJson({ Action: "organizations:LeaveOrganization", Resource: "*" }) }),
        detail: /policy\.Statement\[0\] allows organizations:LeaveOrganization/,
      },
      "guardduty:* (a wildcard covering DeleteDetector)": {
        build: (s) => doc(s, [{ actions: ["guardduty:*"], resources: ["*"] }]),
        detail: /allows guardduty:DeleteDetector, guardduty:UpdateDetector, .* and \d+ more/,
      },
      "ec2:DisableEbsEncryptionByDefault and iam:DeleteAccountPasswordPolicy in a stg stack": {
        build: (s) => doc(s, [{ actions: ["ec2:DisableEbsEncryptionByDefault", "iam:DeleteAccountPasswordPolicy"], resources: ["*"] }]),
        environment: "stg",
        detail: /allows ec2:DisableEbsEncryptionByDefault, iam:DeleteAccountPasswordPolicy/,
      },
      "cloudtrail:StopLogging on one trail (still the account's audit trail)": {
        build: (s) => doc(s, [{ actions: ["cloudtrail:StopLogging"], resources: [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`] }]),
        detail: /allows cloudtrail:StopLogging/,
      },
    },
  },
  "iam-no-resource-id-wildcards": {
    compliant: {
      "dynamodb:GetItem on one table and its indexes": (s) => doc(s, [{ actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: [TABLE_ARN, `${TABLE_ARN}/index/*`] }]),
      "s3:GetObject on the objects of one bucket": (s) => doc(s, [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] }]),
    },
    noncompliant: {
      "dynamodb:GetItem on table/*": {
        build: (s) => doc(s, [{ actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`] }]),
        detail: /statement\[0\] allows dynamodb:GetItem on "arn:aws:dynamodb:eu-west-1:123456789012:table\/\*"/,
      },
      "secretsmanager:GetSecretValue on secret:*": {
        build: (s) => doc(s, [{ actions: ["secretsmanager:GetSecretValue"], resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*`] }]),
        detail: /secretsmanager:GetSecretValue on "arn:aws:secretsmanager:eu-west-1:123456789012:secret:\*"/,
      },
      "sqs:SendMessage on every queue named orders-*": {
        build: (s) => new IamPolicy(s, "Policy", { name: "p", policy: policyJson({ Action: "sqs:SendMessage", Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-*` }) }),
        detail: /sqs:SendMessage on/,
      },
      "a table reference with * glued to it (every table whose name starts the same way)": {
        build: (s) => {
          const table = new DynamodbTable(s, "Orders", { name: "orders", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
          return doc(s, [{ actions: ["dynamodb:GetItem"], resources: [`${table.arn}*`] }]);
        },
        detail: /dynamodb:GetItem on "\$\{aws_dynamodb_table\.Orders\.arn\}\*"/,
      },
    },
  },
  "iam-no-users": {
    compliant: { "ServerlessFunction execution role": (s) => fn(s) },
    noncompliant: {
      "an IAM user": { build: (s) => new IamUser(s, "User", { name: "ci" }), detail: /creates IAM user ci/ },
      "a policy on a user": { build: (s) => new IamUserPolicy(s, "Policy", { user: "ci", policy: policyJson({ Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) }), detail: /aws_iam_user_policy grants permissions through an IAM user/ },
      "a policy on a group (PassRole and UpdateFunctionCode on a function of the stack)": {
        build: (s) => {
          const f = fn(s);
          new IamGroupPolicy(s, "G", {
            group: "devs",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [
              { Effect: "Allow", Action: "iam:PassRole", Resource: f.roleArn, Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } },
              { Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: f.functionArn },
            ] }),
          });
        },
        detail: /aws_iam_group_policy grants permissions to the people of an IAM group/,
      },
      "a managed policy attached to a group": { build: (s) => new IamGroupPolicyAttachment(s, "Attach", { group: "devs", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }), detail: /aws_iam_group_policy_attachment grants permissions to the people of an IAM group/ },
    },
  },
  "iam-no-long-lived-credentials": {
    compliant: { "a role, no keys": (s) => fn(s) },
    noncompliant: {
      "an access key": { build: (s) => new IamAccessKey(s, "Key", { user: "ci" }), detail: /creates an access key for ci/ },
      "a console password": { build: (s) => new IamUserLoginProfile(s, "Login", { user: "alice" }), detail: /creates a console password for alice/ },
    },
  },
  "aws-readable-security-values": {
    compliant: {
      "ServerlessFunction (policy documents referencing the stack's resources)": (s) => fn(s, { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [TABLE_ARN] }], tracing: true }),
      "a jsonencode policy of known values": (s) => new IamPolicy(s, "Policy", { name: "p", policy: Fn.jsonencode({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: TABLE_ARN }] }) }),
      "a bucket policy from a local with a literal value": (s) => {
        const local = new TerraformLocal(s, "policy", policyJson({ Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Principal: { AWS: "arn:aws:iam::123456789012:root" } }));
        new S3BucketPolicy(s, "Policy", { bucket: "b", policy: local.asString });
      },
    },
    noncompliant: {
      "a policy with a key written twice (Effect Allow, then Deny)": {
        build: (s) =>
          new IamRolePolicy(s, "P", { role: "r", policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Effect":"Deny"}]}' }),
        detail: /the key Statement.\[\].Effect is written twice in one object/,
      },
      "a policy read from a file": {
        build: (s) => new IamPolicy(s, "Policy", { name: "p", policy: Fn.file("policy.json") }),
        detail: /cannot verify \$\{file\("policy.json"\)\} at aws_iam_policy.Policy.policy: the function file\(\.\.\.\), which Terraform evaluates/,
      },
      "a bucket policy from a variable (its default only shown)": {
        build: (s) => new S3BucketPolicy(s, "Policy", { bucket: "b", policy: new TerraformVariable(s, "bucket_policy", { type: "string", default: policyJson({ Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) }).stringValue }),
        detail: /cannot verify \$\{var.bucket_policy\} at aws_s3_bucket_policy.Policy.policy: var.bucket_policy can be set when Terraform runs \(-var, a .tfvars file, TF_VAR_bucket_policy, an HCP Terraform workspace variable\); its default is /,
      },
      "a principal from a variable in a policy document": {
        build: (s) => doc(s, [{ actions: ["sqs:SendMessage"], resources: ["*"], principals: [{ type: "AWS", identifiers: [new TerraformVariable(s, "caller", { type: "string" }).stringValue] }] }]),
        detail: /cannot verify \$\{var.caller\} at data.aws_iam_policy_document.Doc.statement\[0\].principals\[0\].identifiers\[0\]: var.caller can be set when Terraform runs/,
      },
      "an ingress CIDR from a variable in stg": {
        build: (s) => new SecurityGroupRule(s, "Rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [new TerraformVariable(s, "cidr", { type: "string" }).stringValue] }),
        detail: /cannot verify \$\{var.cidr\} at aws_security_group_rule.Rule.cidr_blocks\[0\]/,
        environment: "stg",
      },
      "an ingress CIDR from a variable in dev too (a warning there)": {
        build: (s) => new SecurityGroupRule(s, "Rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [new TerraformVariable(s, "cidr", { type: "string" }).stringValue] }),
        detail: /cannot verify \$\{var.cidr\} at aws_security_group_rule.Rule.cidr_blocks\[0\]/,
        environment: "dev",
      },
      "an attached policy ARN built by a function": {
        build: (s) => new IamRolePolicyAttachment(s, "Attach", { role: "r", policyArn: Fn.join("", ["arn:aws:iam::aws:policy/", "Admin", "istratorAccess"]) }),
        detail: /cannot verify \$\{join\(.*\)\} at aws_iam_role_policy_attachment.Attach.policy_arn: the function join\(\.\.\.\)/,
      },
    },
  },
};
