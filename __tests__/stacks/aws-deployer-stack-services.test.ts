import { Testing } from "cdktf";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";
import { OrdersServiceStack } from "../../examples/orders-service/stack";
import { EcrRepository, HttpApi, LambdaLayer, Secret, ServerlessFunction } from "../../modules/aws";
import { AWS_DEPLOY_GRANTS } from "../../modules/aws/deployer/permissions";
import { catalogEntry } from "../../modules/core/catalog";
import { typesOf } from "../../stacks/environment-stacks";
import { CODE_DIR, LAYER_DIR } from "../modules/aws/support";
import { AwsDeployerStack } from "../../stacks/aws-deployer-stack";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { mayCall, managedPolicyOf, roleOf, type Decision, type SimulatedRole } from "../modules/aws/deployer/iam-simulation";

/**
 * The dev deployer of an app that also deploys the example services written on the data
 * constructs (Table, Queue, Topic, Bucket, Secret) and raw provider resources (an event bus, a
 * Kinesis stream), as main.ts would if they were added to it: the identity stack synthesizes, its
 * apply role may create and change exactly those resources, and the boundary lets the functions do
 * exactly what their grants say, on those resources only. Judged by the IAM evaluator.
 */
const DEV = "111111111111";
const config = loadConfig("dev");
const app = Testing.app();
const services = [new AwsServiceStack(app, "aws-dev", { config }), new OrderPipelineStack(app, "order-pipeline-dev", { config }), new OrdersServiceStack(app, "orders-service-dev", { config })];
const deployer = new AwsDeployerStack(app, "deployer-aws-dev", { config });
const outdir = Testing.fullSynth(deployer);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const tf = JSON.parse(readFileSync(join(outdir, "stacks", "deployer-aws-dev", "cdk.tf.json"), "utf8"));
const apply = roleOf(tf, DEV, "svc-dev-github-apply");
const plan = roleOf(tf, DEV, "svc-dev-github-plan");
const boundary = managedPolicyOf(tf, "svc-dev-permissions-boundary");

const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:${DEV}:${resource}`;
const TABLE = arn("dynamodb", "table/svc-dev-orders-orders");
const QUEUE = arn("sqs", "svc-dev-orders-jobs");
const TOPIC = arn("sns", "svc-dev-orders-events");
const BUCKET = `arn:aws:s3:::svc-dev-orders-uploads-${DEV}`;
const SECRET = arn("secretsmanager", "secret:svc/dev/orders/api-key-AbC123");
const BUS = arn("events", "event-bus/svc-dev-order-pipeline-bus");
const STREAM = arn("kinesis", "stream/svc-dev-order-pipeline-clicks");

describe("the example services' roles", () => {
  it("each carries the environment's boundary, as every role of a service stack does", () => {
    const roles = services.flatMap((stack) => Object.values(JSON.parse(Testing.synth(stack)).resource.aws_iam_role as Record<string, { name: string; permissions_boundary?: string }>));
    expect(roles.length).toBeGreaterThan(15);
    expect(roles.filter((r) => r.permissions_boundary !== boundary.arn).map((r) => r.name)).toEqual([]);
  });
});

describe("the deployer of the example services: the apply role manages exactly their resources", () => {
  it.each<[string, string, string, Record<string, string>, Decision]>([
    ["Compliance: creates the orders table", "dynamodb:CreateTable", TABLE, {}, "Allowed"],
    ["Compliance: turns on its point-in-time recovery", "dynamodb:UpdateContinuousBackups", TABLE, {}, "Allowed"],
    ["Compliance: creates the jobs queue", "sqs:CreateQueue", QUEUE, {}, "Allowed"],
    ["Compliance: sets its policy and redrive (queue attributes)", "sqs:SetQueueAttributes", QUEUE, {}, "Allowed"],
    ["Compliance: creates the events topic", "sns:CreateTopic", TOPIC, {}, "Allowed"],
    ["Compliance: subscribes the notifications queue", "sns:Subscribe", TOPIC, {}, "Allowed"],
    ["Compliance: creates the uploads bucket", "s3:CreateBucket", BUCKET, {}, "Allowed"],
    ["Compliance: sets its lifecycle", "s3:PutLifecycleConfiguration", BUCKET, {}, "Allowed"],
    ["Compliance: sets its encryption", "s3:PutEncryptionConfiguration", BUCKET, {}, "Allowed"],
    ["Compliance: blocks public access", "s3:PutBucketPublicAccessBlock", BUCKET, {}, "Allowed"],
    ["Compliance: enforces the owner", "s3:PutBucketOwnershipControls", BUCKET, {}, "Allowed"],
    ["Compliance: writes its TLS-only policy", "s3:PutBucketPolicy", BUCKET, {}, "Allowed"],
    ["Compliance: wires its notification", "s3:PutBucketNotification", BUCKET, {}, "Allowed"],
    ["Compliance: creates the API key secret, named as a path", "secretsmanager:CreateSecret", SECRET, {}, "Allowed"],
    ["Compliance: creates the pipeline's event bus", "events:CreateEventBus", BUS, {}, "Allowed"],
    ["Compliance: creates the clickstream", "kinesis:CreateStream", STREAM, {}, "Allowed"],
    ["Compliance: encrypts the clickstream", "kinesis:StartStreamEncryption", STREAM, {}, "Allowed"],
    ["Noncompliance: reads the secret's value (a deployer never does)", "secretsmanager:GetSecretValue", SECRET, {}, "ImplicitlyDenied"],
    ["Noncompliance: writes a value into the secret", "secretsmanager:PutSecretValue", SECRET, {}, "ImplicitlyDenied"],
    ["Noncompliance: creates a secret of another environment's path", "secretsmanager:CreateSecret", arn("secretsmanager", "secret:svc/prod/orders/api-key-AbC123"), {}, "ImplicitlyDenied"],
    ["Noncompliance: creates a secret outside the project", "secretsmanager:CreateSecret", arn("secretsmanager", "secret:billing/db-AbC123"), {}, "ImplicitlyDenied"],
    ["Noncompliance: reads an uploaded object", "s3:GetObject", `${BUCKET}/imports/orders.csv`, {}, "ImplicitlyDenied"],
    ["Noncompliance: receives the queue's messages", "sqs:ReceiveMessage", QUEUE, {}, "ImplicitlyDenied"],
    ["Noncompliance: publishes to the topic", "sns:Publish", TOPIC, {}, "ImplicitlyDenied"],
    ["Noncompliance: reads the stream's records", "kinesis:GetRecords", STREAM, {}, "ImplicitlyDenied"],
    ["Noncompliance: creates another environment's bus", "events:CreateEventBus", arn("events", "event-bus/svc-prod-order-pipeline-bus"), {}, "ImplicitlyDenied"],
    ["Noncompliance: deletes a stream outside the environment", "kinesis:DeleteStream", arn("kinesis", "stream/clicks"), {}, "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, context, expected) => {
    expect(await mayCall(apply, DEV, action, resource, context)).toBe(expected);
  });

  it.each<[string, string, string, Decision]>([
    ["Compliance: the plan role reads the secret's metadata", "secretsmanager:DescribeSecret", SECRET, "Allowed"],
    ["Compliance: the plan role reads the stream", "kinesis:DescribeStreamSummary", STREAM, "Allowed"],
    ["Compliance: the plan role reads the bus", "events:DescribeEventBus", BUS, "Allowed"],
    ["Noncompliance: the plan role creates the bus", "events:CreateEventBus", BUS, "ImplicitlyDenied"],
    ["Noncompliance: the plan role reads the secret's value", "secretsmanager:GetSecretValue", SECRET, "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, expected) => {
    expect(await mayCall(plan, DEV, action, resource)).toBe(expected);
  });
});

describe("the boundary of an environment with the example services: what their functions hold, on their resources", () => {
  const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const role: SimulatedRole = { name: "svc-dev-orders-create-role", arn: `arn:aws:iam::${DEV}:role/svc-dev-orders-create-role`, trust: { Version: "2012-10-17", Statement: [] }, policies: [{ name: "everything", policy: everything }] };
  it.each<[string, string, string, Decision]>([
    ["Compliance: writes orders (grantWriteData)", "dynamodb:PutItem", TABLE, "Allowed"],
    ["Compliance: queries the byCustomer index (grantReadData, indexes included)", "dynamodb:Query", `${TABLE}/index/byCustomer`, "Allowed"],
    ["Compliance: sends jobs (grantSend)", "sqs:SendMessage", QUEUE, "Allowed"],
    ["Compliance: publishes order events (grantPublish)", "sns:Publish", TOPIC, "Allowed"],
    ["Compliance: reads an import (grantRead under imports/)", "s3:GetObject", `${BUCKET}/imports/orders.csv`, "Allowed"],
    ["Compliance: reads the API key (secrets)", "secretsmanager:GetSecretValue", SECRET, "Allowed"],
    ["Compliance: reads the clickstream (its Kinesis event)", "kinesis:GetRecords", STREAM, "Allowed"],
    ["Noncompliance: another secret of the account", "secretsmanager:GetSecretValue", arn("secretsmanager", "secret:billing/db-AbC123"), "ImplicitlyDenied"],
    ["Noncompliance: another secret under the environment's path", "secretsmanager:GetSecretValue", arn("secretsmanager", "secret:svc/dev/payments/key-AbC123"), "ImplicitlyDenied"],
    ["Noncompliance: changes a secret's value (no role holds it)", "secretsmanager:PutSecretValue", SECRET, "ImplicitlyDenied"],
    ["Noncompliance: another environment's table", "dynamodb:PutItem", arn("dynamodb", "table/svc-prod-orders-orders"), "ImplicitlyDenied"],
    ["Noncompliance: deletes the table (no role holds it)", "dynamodb:DeleteTable", TABLE, "ImplicitlyDenied"],
    ["Noncompliance: deletes the bucket (no role holds it)", "s3:DeleteBucket", BUCKET, "ImplicitlyDenied"],
    ["Noncompliance: a bucket outside the environment", "s3:GetObject", "arn:aws:s3:::billing-exports/x.csv", "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, expected) => {
    expect(await mayCall(role, DEV, action, resource, {}, boundary.policy)).toBe(expected);
  });
});

describe("AwsDeployerStack refuses, at synth, a secret its apply role could not create", () => {
  it("a secret named outside the environment's names and path", () => {
    const bad = Testing.app();
    const service = new AwsServiceStack(bad, "aws-dev", { config });
    new Secret(service, "Stray", { secretName: "orders/api-key" });
    new AwsDeployerStack(bad, "deployer-aws-dev", { config });
    expect(() => bad.synth()).toThrow(
      /aws-dev: aws_secretsmanager_secret\.Stray \(arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders\/api-key-\?\?\?\?\?\?\) is not among what the deployer may manage \(arn:aws:secretsmanager:eu-west-1:111111111111:secret:svc-dev-\*, arn:aws:secretsmanager:eu-west-1:111111111111:secret:svc\/dev\/\*\)/,
    );
  });
});

describe("the deploy grants and the catalog: one set of types", () => {
  it("every type with deploy grants is a type the catalog describes (a typo would grant nothing)", () => {
    expect([...AWS_DEPLOY_GRANTS.keys()].filter((t) => catalogEntry(t) === undefined)).toEqual([]);
  });

  it("every type the public constructs write, with every option that adds one, is deployable: the identity stack of an environment using them all synthesizes", () => {
    const every = Testing.app();
    const service = new AwsServiceStack(every, "aws-dev", { config });
    const images = new EcrRepository(service, "Images", { name: "svc-dev-images" });
    const layer = new LambdaLayer(service, "Shared", { layerName: "svc-dev-extra", directory: LAYER_DIR });
    const image = new ServerlessFunction(service, "Image", { functionName: "svc-dev-image", imageUri: `${images.repositoryUrl}:1.0.0`, architecture: "x86_64" });
    const code = new ServerlessFunction(service, "Code", {
      functionName: "svc-dev-code",
      codeDirectory: CODE_DIR,
      handler: "index.handler",
      layers: [layer],
      tracing: true,
      deadLetterQueue: true,
      reservedConcurrency: 2,
      provisionedConcurrency: 1,
      url: { authorization: "AWS_IAM" },
      asyncInvoke: { maxRetryAttempts: 1 },
      events: [
        { type: "kinesis", id: "clicks", streamArn: `arn:aws:kinesis:eu-west-1:${DEV}:stream/svc-dev-clicks` },
        { type: "eventbridge", id: "shipped", eventPattern: { source: ["svc"] } },
        { type: "schedule", id: "hourly", expression: "rate(1 hour)" },
        { type: "sns", id: "alerts", topicArn: `arn:aws:sns:eu-west-1:${DEV}:svc-dev-alerts` },
      ],
    });
    new HttpApi(service, "Extra", {
      apiName: "svc-dev-extra",
      lambdaAuthorizer: { function: code, identitySources: ["$request.header.x-api-key"] },
      routes: [{ method: "GET", path: "/image", target: image, authorization: "LAMBDA" }],
    });
    new OrderPipelineStack(every, "order-pipeline-dev", { config });
    new OrdersServiceStack(every, "orders-service-dev", { config });
    const identities = new AwsDeployerStack(every, "deployer-aws-dev", { config });
    expect(() => every.synth()).not.toThrow();
    const types = [...new Set(identities.deployed.flatMap(typesOf))].sort();
    // The kinds of resources the constructs write beyond functions and roles: each one planned and applied by the deployer.
    expect(types).toEqual(expect.arrayContaining(["aws_ecr_repository", "aws_lambda_layer_version", "aws_lambda_provisioned_concurrency_config", "aws_lambda_function_url", "aws_apigatewayv2_authorizer", "aws_lambda_event_source_mapping", "aws_sns_topic_subscription", "aws_secretsmanager_secret", "aws_kinesis_stream", "aws_cloudwatch_event_bus"]));
    expect(types.filter((t) => !AWS_DEPLOY_GRANTS.has(t))).toEqual([]);
  });
});
