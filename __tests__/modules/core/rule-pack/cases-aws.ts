import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrRepository as EcrRepositoryResource } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction, type LambdaFunctionConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { TerraformStack } from "cdktf";
import { EcrRepository, HttpApi, ServerlessFunction, StateBucket, type ServerlessFunctionProps } from "../../../../modules/aws";
import type { RuleCases } from "./cases";
import { CODE_DIR, KMS_KEY_ARN, ROLE_ARN } from "./helpers";

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
  "lambda-dead-letter-queue": {
    compliant: {
      "EventBridge-scheduled ServerlessFunction with deadLetterQueue: true": (s) => {
        const f = fn(s, { deadLetterQueue: true });
        eventRuleTarget(s, f.functionArn);
        new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: f.functionName, principal: "events.amazonaws.com", sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/nightly" });
      },
      "ServerlessFunction behind HttpApi only (synchronous) without DLQ": (s) => {
        new HttpApi(s, "Api", { apiName: "api", routes: [{ method: "GET", path: "/hello", target: fn(s) }] });
      },
      "async function with an on-failure destination (event invoke config)": (s) => {
        const f = rawLambda(s);
        eventRuleTarget(s, f.arn);
        new LambdaFunctionEventInvokeConfig(s, "InvokeConfig", { functionName: f.functionName, destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:failures" } } });
      },
      "SQS event source whose queue has a redrive policy": (s) => {
        const queue = new SqsQueue(s, "Queue", { name: "in", sqsManagedSseEnabled: true, redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:in-dlq", maxReceiveCount: 5 }) });
        new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: queue.arn, functionName: rawLambda(s).functionName });
      },
      "Kinesis event source with an on_failure destination": (s) => {
        const stream = new KinesisStream(s, "Stream", { name: "in", shardCount: 1 });
        new LambdaEventSourceMapping(s, "Mapping", {
          eventSourceArn: stream.arn,
          functionName: rawLambda(s).functionName,
          startingPosition: "LATEST",
          destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:eu-west-1:123456789012:failures" } },
        });
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
      "SQS event source whose queue has no redrive policy": {
        build: (s) => {
          const queue = new SqsQueue(s, "Queue", { name: "in", sqsManagedSseEnabled: true });
          new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: queue.arn, functionName: rawLambda(s).functionName });
        },
        detail: /has no redrive policy/,
      },
      "Kinesis event source without an on_failure destination": {
        build: (s) => {
          const stream = new KinesisStream(s, "Stream", { name: "in", shardCount: 1 });
          new LambdaEventSourceMapping(s, "Mapping", { eventSourceArn: stream.arn, functionName: rawLambda(s).functionName, startingPosition: "LATEST" });
        },
        detail: /without destination_config.on_failure/,
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
    },
    noncompliant: {
      "ServerlessFunction with environment and no KMS key": { build: (s) => fn(s, { environment: { TABLE: "users", STAGE: "prod" } }), detail: /environment variables TABLE, STAGE/ },
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
      "permission for another account": (s) => new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "210987654321" }),
    },
    noncompliant: {
      'permission for principal "*"': { build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "*" }), detail: /principal is "\*"/ },
      "EventBridge permission without source_arn": {
        build: (s) => new LambdaPermission(s, "Permission", { action: "lambda:InvokeFunction", functionName: "f", principal: "events.amazonaws.com" }),
        detail: /principal "events.amazonaws.com" has no source_arn/,
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
      "ServerlessFunction with 30 days in prod": { build: (s) => fn(s, { logRetentionDays: 30 }), detail: /retention_in_days is 30 in prod/ },
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
    compliant: { "ServerlessFunction execution role": (s) => fn(s, { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/users"] }] }) },
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
};
