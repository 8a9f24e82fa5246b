import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { join } from "node:path";
import { Bucket, EcrRepository, EgressOnlySecurityGroup, HttpApi, LambdaLayer, Queue, Secret, ServerlessFunction, StateBucket, Table, Topic } from "../../modules/aws";
import { BUCKET_PROPS } from "../../modules/aws/bucket";
import { QUEUE_PROPS } from "../../modules/aws/queue";
import { SECRET_PROPS } from "../../modules/aws/secret";
import { TABLE_PROPS } from "../../modules/aws/table";
import { TOPIC_PROPS, TOPIC_QUEUE_SUBSCRIPTION } from "../../modules/aws/topic";
import { ECR_REPOSITORY_PROPS } from "../../modules/aws/ecr-repository";
import { EGRESS_ONLY_SECURITY_GROUP_PROPS } from "../../modules/aws/egress-only-security-group";
import { HTTP_API_PROPS } from "../../modules/aws/http-api-props";
import { LAMBDA_LAYER_PROPS } from "../../modules/aws/lambda-layer";
import { SERVERLESS_FUNCTION_PROPS } from "../../modules/aws/serverless-function-props";
import { STATE_BUCKET_PROPS } from "../../modules/aws/state-bucket";
import type { Schema } from "../../modules/core/schema";
import { ArtifactRegistryRepository, CloudRunService, DeployerIdentity } from "../../modules/gcp";
import { ARTIFACT_REGISTRY_REPOSITORY_PROPS } from "../../modules/gcp/artifact-registry-repository-props";
import { CLOUD_RUN_SERVICE_PROPS } from "../../modules/gcp/cloud-run-service-props";
import { DEPLOYER_IDENTITY_PROPS } from "../../modules/gcp/deployer-identity-props";
import { objectsIn, problemsOf, uncovered, withKeyAt } from "./core/schema/unknown-keys";

/**
 * An unknown key is refused at every depth of every construct's props: at the props themselves and in
 * every nested object (vpc, each event type, url.cors, routes[i], secrets.<NAME>, cleanupPolicies[i]...).
 * The objects are found by walking each valid value with its schema, and every object schema of the
 * construct must be reached by one of them: a nested object added to a schema without a case here
 * fails the coverage test.
 */

const FIXTURES = join(__dirname, "..", "fixtures");
const CODE = join(FIXTURES, "code");
const LAYER = join(FIXTURES, "layer");
const ACCOUNT = "111111111111";
const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/web:1";

type Props = Record<string, unknown>;

function awsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  return stack;
}

function gcpStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
  return stack;
}

const fn = (stack: TerraformStack, id = "Target") => new ServerlessFunction(stack, id, { functionName: id.toLowerCase(), codeDirectory: CODE });
const repository = (stack: TerraformStack) => new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1" });
const runProps = (): Props => ({
  serviceName: "web",
  location: "europe-west1",
  image: IMAGE,
  secrets: { TOKEN: { secret: "token" } },
  vpcAccess: { subnetwork: "svc-dev-europe-west1" },
  events: [
    { type: "pubsub", topic: "orders", deadLetterTopic: "orders-dead" },
    { type: "schedule", expression: "0 3 * * *" },
  ],
});

interface Case {
  readonly name: string;
  readonly schema: Schema<unknown>;
  readonly stack: () => TerraformStack;
  /** Valid props that, together, hold every nested object of the schema. */
  readonly valid: readonly ((stack: TerraformStack) => Props)[];
  readonly build: (stack: TerraformStack, props: Props) => unknown;
}

const CASES: Case[] = [
  {
    name: "ServerlessFunction",
    schema: SERVERLESS_FUNCTION_PROPS,
    stack: awsStack,
    valid: [
      () => ({
        functionName: "fn",
        codeDirectory: CODE,
        vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] },
        events: [
          { type: "sqs", queueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` },
          { type: "dynamodb-stream", streamArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000` },
          { type: "kinesis", streamArn: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/clicks` },
          { type: "s3", bucketName: "svc-uploads" },
          { type: "sns", topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders` },
          { type: "schedule", expression: "rate(1 hour)" },
          { type: "eventbridge", eventPattern: { source: ["orders"] } },
        ],
        asyncInvoke: { maxRetryAttempts: 1 },
        url: { cors: { allowOrigins: ["https://example.com"] } },
      }),
      // The events that take the data constructs, and the secrets.
      (stack) => ({
        functionName: "fn",
        codeDirectory: CODE,
        secrets: { API_KEY: new Secret(stack, "Key", { secretName: "api-key" }) },
        events: [
          { type: "sqs", id: "jobs", queue: new Queue(stack, "Jobs", { queueName: "jobs" }) },
          { type: "dynamodb-stream", table: new Table(stack, "T", { tableName: "orders", partitionKey: { name: "id", type: "S" }, stream: "NEW_IMAGE" }) },
          { type: "s3", bucket: new Bucket(stack, "B", { bucketName: "svc-data-uploads" }) },
          { type: "sns", topic: new Topic(stack, "Topic", { topicName: "orders" }), legacyPosition: 1 },
        ],
      }),
    ],
    build: (s, p) => new ServerlessFunction(s, "Fn", p as never),
  },
  {
    name: "HttpApi",
    schema: HTTP_API_PROPS,
    stack: awsStack,
    valid: [
      (stack) => ({
        apiName: "api",
        routes: [{ method: "GET", path: "/", target: fn(stack), authorization: "JWT" }],
        defaultRoute: { target: fn(stack, "Web"), authorization: "LAMBDA" },
        cors: { allowOrigins: ["https://example.com"] },
        jwtAuthorizer: { issuer: "https://issuer.example.com", audience: ["client"] },
        lambdaAuthorizer: { function: fn(stack, "Auth") },
        throttle: { burstLimit: 10 },
      }),
    ],
    build: (s, p) => new HttpApi(s, "Api", p as never),
  },
  {
    name: "Table",
    schema: TABLE_PROPS,
    stack: awsStack,
    valid: [() => ({ tableName: "orders", partitionKey: { name: "id", type: "S" }, sortKey: { name: "at", type: "N" }, globalSecondaryIndexes: [{ indexName: "byCustomer", partitionKey: { name: "c", type: "S" }, sortKey: { name: "at", type: "N" } }] })],
    build: (s, p) => new Table(s, "T", p as never),
  },
  { name: "Queue", schema: QUEUE_PROPS, stack: awsStack, valid: [() => ({ queueName: "jobs" })], build: (s, p) => new Queue(s, "Q", p as never) },
  { name: "Topic", schema: TOPIC_PROPS, stack: awsStack, valid: [() => ({ topicName: "orders" })], build: (s, p) => new Topic(s, "T", p as never) },
  {
    name: "Topic.subscribeQueue options",
    schema: TOPIC_QUEUE_SUBSCRIPTION,
    stack: awsStack,
    valid: [() => ({ filterPolicy: { status: ["PAID"] }, rawMessageDelivery: true })],
    build: (s, p) => new Topic(s, "T", { topicName: "orders" }).subscribeQueue(new Queue(s, "Q", { queueName: "jobs" }), p as never),
  },
  { name: "Bucket", schema: BUCKET_PROPS, stack: awsStack, valid: [() => ({ bucketName: "svc-data-uploads" })], build: (s, p) => new Bucket(s, "B", p as never) },
  { name: "Secret", schema: SECRET_PROPS, stack: awsStack, valid: [() => ({ secretName: "api-key" })], build: (s, p) => new Secret(s, "S", p as never) },
  { name: "LambdaLayer", schema: LAMBDA_LAYER_PROPS, stack: awsStack, valid: [() => ({ layerName: "l", directory: LAYER })], build: (s, p) => new LambdaLayer(s, "L", p as never) },
  { name: "EcrRepository", schema: ECR_REPOSITORY_PROPS, stack: awsStack, valid: [() => ({ name: "repo" })], build: (s, p) => new EcrRepository(s, "R", p as never) },
  {
    name: "StateBucket",
    schema: STATE_BUCKET_PROPS,
    stack: awsStack,
    valid: [() => ({ bucketName: "svc-state-bucket", accountAccess: [{ accountId: "222222222222", keyPrefix: "svc/dev/" }] })],
    build: (s, p) => new StateBucket(s, "B", p as never),
  },
  {
    name: "EgressOnlySecurityGroup",
    schema: EGRESS_ONLY_SECURITY_GROUP_PROPS,
    stack: awsStack,
    valid: [() => ({ name: "sg", description: "egress", vpcId: "vpc-0a1b2c3d" })],
    build: (s, p) => new EgressOnlySecurityGroup(s, "G", p as never),
  },
  {
    name: "ArtifactRegistryRepository",
    schema: ARTIFACT_REGISTRY_REPOSITORY_PROPS,
    stack: gcpStack,
    valid: [
      () => ({ repositoryId: "svc-images", location: "europe-west1", cleanupPolicies: { deleteUntaggedAfterDays: 7 } }),
      () => ({ repositoryId: "svc-images", location: "europe-west1", cleanupPolicies: [{ id: "old", action: "DELETE", olderThanDays: 30 }] }),
    ],
    build: (s, p) => new ArtifactRegistryRepository(s, "Repo", p as never),
  },
  { name: "CloudRunService", schema: CLOUD_RUN_SERVICE_PROPS, stack: gcpStack, valid: [runProps], build: (s, p) => new CloudRunService(s, "Web", p as never) },
  {
    name: "DeployerIdentity",
    schema: DEPLOYER_IDENTITY_PROPS,
    stack: gcpStack,
    valid: [
      (stack) => {
        const repo = repository(stack);
        return { accountId: "svc-dev-deployer", repository: repo, services: [new CloudRunService(stack, "Web", { serviceName: "web", location: "europe-west1", image: `${repo.repositoryUrl}/web:1` })] };
      },
    ],
    build: (s, p) => new DeployerIdentity(s, "Deployer", p as never),
  },
];

describe.each(CASES)("unknown keys: $name", (c) => {
  test("the valid props are accepted, and reach every object the schema has", () => {
    const values = c.valid.map((valid) => {
      const stack = c.stack();
      const props = valid(stack);
      expect(() => c.build(stack, props)).not.toThrow();
      return props;
    });
    expect(uncovered(c.schema, values)).toEqual([]);
  });

  test("an unknown key is refused in every object, however deep, naming it and listing the known ones", () => {
    let checked = 0;
    for (const valid of c.valid) {
      for (const { path, schema } of objectsIn(c.schema, valid(c.stack()))) {
        const stack = c.stack();
        const props = withKeyAt(valid(stack), path, "unknownProp", "x") as Props;
        const problems = problemsOf(() => c.build(stack, props));
        expect(problems).toContainEqual({
          path: expect.any(String),
          prop: path ? `${path}.unknownProp` : "unknownProp",
          rule: `one of the known props (${schema.keys.join(", ")})`,
          received: "an unknown prop",
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
