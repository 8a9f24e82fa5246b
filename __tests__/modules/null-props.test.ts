import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import {
  Bucket,
  EcrRepository,
  EgressOnlySecurityGroup,
  HttpApi,
  LambdaLayer,
  Queue,
  Secret,
  ServerlessFunction,
  StateBucket,
  Table,
  Topic,
} from "../../modules/aws";
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
import { ValidationError } from "../../modules/core/validation";
import { ArtifactRegistryRepository, CloudRunService, DeployerIdentity } from "../../modules/gcp";
import {
  ARTIFACT_REGISTRY_REPOSITORY_PROPS,
  DEFAULT_CLEANUP_POLICIES_SCHEMA,
  EXPLICIT_CLEANUP_POLICIES,
} from "../../modules/gcp/artifact-registry-repository-props";
import { CLOUD_RUN_SERVICE_PROPS } from "../../modules/gcp/cloud-run-service-props";
import { DEPLOYER_IDENTITY_PROPS } from "../../modules/gcp/deployer-identity-props";

/**
 * `null` given to any prop, at any level, is refused with a ValidationError naming that prop, never
 * a raw TypeError. Built from the keys of the props schemas (the props types are derived from them),
 * so a prop added later is covered without touching this test.
 */

const CODE = join(__dirname, "..", "fixtures", "code");
const LAYER = join(__dirname, "..", "fixtures", "layer");
const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/web:1";

type Props = Record<string, unknown>;

function awsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

function gcpStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
  return stack;
}

function fn(stack: Construct): ServerlessFunction {
  return new ServerlessFunction(stack, "Target", { functionName: "target", codeDirectory: CODE });
}

interface Case {
  readonly name: string;
  readonly keys: readonly string[];
  /** Valid props; `at` names the nested object the keys belong to (`vpc`, `cors`, `routes[0]`). */
  readonly valid: (stack: TerraformStack) => Props;
  readonly at?: string;
  readonly stack: () => TerraformStack;
  readonly build: (stack: TerraformStack, props: Props) => unknown;
}

const serverlessFunction = (stack: Construct, props: Props) => new ServerlessFunction(stack, "Fn", props as never);
const httpApi = (stack: TerraformStack, props: Props) => new HttpApi(stack, "Api", props as never);
const apiProps = (stack: TerraformStack): Props => ({
  apiName: "api",
  routes: [{ method: "GET", path: "/", target: fn(stack), authorization: "JWT", authorizationScopes: ["read"] }],
  cors: { allowOrigins: ["https://example.com"] },
  jwtAuthorizer: { issuer: "https://issuer.example.com", audience: ["client"] },
  throttle: { burstLimit: 10 },
});
const repository = (stack: TerraformStack) => new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1" });
const cloudRun = (stack: TerraformStack, props: Props) => new CloudRunService(stack, "Web", props as never);
const runProps = (): Props => ({
  serviceName: "web",
  location: "europe-west1",
  image: IMAGE,
  secrets: { TOKEN: { secret: "token" } },
  vpcAccess: { subnetwork: "svc-dev-europe-west1" },
});

const CASES: Case[] = [
  { name: "ServerlessFunction", keys: SERVERLESS_FUNCTION_PROPS.keys, stack: awsStack, valid: () => ({ functionName: "fn", codeDirectory: CODE }), build: serverlessFunction },
  {
    name: "ServerlessFunction vpc",
    keys: SERVERLESS_FUNCTION_PROPS.fields.vpc.schema.keys,
    at: "vpc",
    stack: awsStack,
    valid: () => ({ functionName: "fn", codeDirectory: CODE, vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] } }),
    build: serverlessFunction,
  },
  {
    name: "ServerlessFunction policyStatements[0]",
    keys: ["actions", "resources", "effect", "conditions", "reason"],
    at: "policyStatements[0]",
    stack: awsStack,
    valid: () => ({ functionName: "fn", codeDirectory: CODE, policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] }),
    build: serverlessFunction,
  },
  {
    name: "Table",
    keys: TABLE_PROPS.keys,
    stack: awsStack,
    valid: () => ({ tableName: "orders", partitionKey: { name: "id", type: "S" } }),
    build: (s, p) => new Table(s, "T", p as never),
  },
  {
    name: "Table globalSecondaryIndexes[0]",
    keys: TABLE_PROPS.fields.globalSecondaryIndexes.schema.item.keys,
    at: "globalSecondaryIndexes[0]",
    stack: awsStack,
    valid: () => ({ tableName: "orders", partitionKey: { name: "id", type: "S" }, globalSecondaryIndexes: [{ indexName: "byC", partitionKey: { name: "c", type: "S" } }] }),
    build: (s, p) => new Table(s, "T", p as never),
  },
  { name: "Queue", keys: QUEUE_PROPS.keys, stack: awsStack, valid: () => ({ queueName: "jobs" }), build: (s, p) => new Queue(s, "Q", p as never) },
  { name: "Topic", keys: TOPIC_PROPS.keys, stack: awsStack, valid: () => ({ topicName: "orders" }), build: (s, p) => new Topic(s, "T", p as never) },
  {
    name: "Topic.subscribeQueue options",
    keys: TOPIC_QUEUE_SUBSCRIPTION.keys,
    stack: awsStack,
    valid: () => ({ rawMessageDelivery: true }),
    build: (s, p) => new Topic(s, "T", { topicName: "orders" }).subscribeQueue(new Queue(s, "Q", { queueName: "jobs" }), p as never),
  },
  { name: "Bucket", keys: BUCKET_PROPS.keys, stack: awsStack, valid: () => ({ bucketName: "svc-data-uploads" }), build: (s, p) => new Bucket(s, "B", p as never) },
  { name: "Secret", keys: SECRET_PROPS.keys, stack: awsStack, valid: () => ({ secretName: "api-key" }), build: (s, p) => new Secret(s, "S", p as never) },
  { name: "LambdaLayer", keys: LAMBDA_LAYER_PROPS.keys, stack: awsStack, valid: () => ({ layerName: "l", directory: LAYER }), build: (s, p) => new LambdaLayer(s, "L", p as never) },
  { name: "HttpApi", keys: HTTP_API_PROPS.keys, stack: awsStack, valid: apiProps, build: httpApi },
  { name: "HttpApi routes[0]", keys: HTTP_API_PROPS.fields.routes.schema.item.keys, at: "routes[0]", stack: awsStack, valid: apiProps, build: httpApi },
  { name: "HttpApi cors", keys: HTTP_API_PROPS.fields.cors.schema.keys, at: "cors", stack: awsStack, valid: apiProps, build: httpApi },
  { name: "HttpApi jwtAuthorizer", keys: HTTP_API_PROPS.fields.jwtAuthorizer.schema.keys, at: "jwtAuthorizer", stack: awsStack, valid: apiProps, build: httpApi },
  { name: "HttpApi throttle", keys: HTTP_API_PROPS.fields.throttle.schema.keys, at: "throttle", stack: awsStack, valid: apiProps, build: httpApi },
  { name: "EcrRepository", keys: ECR_REPOSITORY_PROPS.keys, stack: awsStack, valid: () => ({ name: "repo" }), build: (s, p) => new EcrRepository(s, "R", p as never) },
  { name: "StateBucket", keys: STATE_BUCKET_PROPS.keys, stack: awsStack, valid: () => ({ bucketName: "svc-state-bucket" }), build: (s, p) => new StateBucket(s, "B", p as never) },
  {
    name: "StateBucket accountAccess[0]",
    keys: STATE_BUCKET_PROPS.fields.accountAccess.schema.item.keys,
    at: "accountAccess[0]",
    stack: awsStack,
    valid: () => ({ bucketName: "svc-state-bucket", accountAccess: [{ accountId: "222222222222", keyPrefix: "svc/dev/" }] }),
    build: (s, p) => new StateBucket(s, "B", p as never),
  },
  {
    name: "EgressOnlySecurityGroup",
    keys: EGRESS_ONLY_SECURITY_GROUP_PROPS.keys,
    stack: awsStack,
    valid: () => ({ name: "sg", description: "egress", vpcId: "vpc-0a1b2c3d" }),
    build: (s, p) => new EgressOnlySecurityGroup(s, "G", p as never),
  },
  { name: "CloudRunService", keys: CLOUD_RUN_SERVICE_PROPS.keys, stack: gcpStack, valid: runProps, build: cloudRun },
  { name: "CloudRunService secrets.TOKEN", keys: CLOUD_RUN_SERVICE_PROPS.fields.secrets.schema.value.keys, at: "secrets.TOKEN", stack: gcpStack, valid: runProps, build: cloudRun },
  { name: "CloudRunService vpcAccess", keys: CLOUD_RUN_SERVICE_PROPS.fields.vpcAccess.schema.keys, at: "vpcAccess", stack: gcpStack, valid: runProps, build: cloudRun },
  {
    name: "ArtifactRegistryRepository",
    keys: ARTIFACT_REGISTRY_REPOSITORY_PROPS.keys,
    stack: gcpStack,
    valid: () => ({ repositoryId: "svc-images", location: "europe-west1" }),
    build: (s, p) => new ArtifactRegistryRepository(s, "Repo", p as never),
  },
  {
    name: "ArtifactRegistryRepository cleanupPolicies",
    keys: DEFAULT_CLEANUP_POLICIES_SCHEMA.keys,
    at: "cleanupPolicies",
    stack: gcpStack,
    valid: () => ({ repositoryId: "svc-images", location: "europe-west1", cleanupPolicies: { deleteUntaggedAfterDays: 7 } }),
    build: (s, p) => new ArtifactRegistryRepository(s, "Repo", p as never),
  },
  {
    name: "ArtifactRegistryRepository cleanupPolicies[0]",
    keys: EXPLICIT_CLEANUP_POLICIES.item.keys,
    at: "cleanupPolicies[0]",
    stack: gcpStack,
    valid: () => ({ repositoryId: "svc-images", location: "europe-west1", cleanupPolicies: [{ id: "old", action: "DELETE", olderThanDays: 30 }] }),
    build: (s, p) => new ArtifactRegistryRepository(s, "Repo", p as never),
  },
  {
    name: "DeployerIdentity",
    keys: DEPLOYER_IDENTITY_PROPS.keys,
    stack: gcpStack,
    valid: (stack) => {
      const repo = repository(stack);
      return { accountId: "svc-dev-deployer", repository: repo, services: [cloudRun(stack, { ...runProps(), repository: repo, image: `${repo.repositoryUrl}/web:1` })] };
    },
    build: (s, p) => new DeployerIdentity(s, "Deployer", p as never),
  },
];

/** `props` with `null` at `at.key` (`at` a dotted path with [i] indices). */
function withNull(props: Props, at: string | undefined, key: string): Props {
  const copy = structuredCloneKeepingConstructs(props);
  let target: Record<string, unknown> = copy;
  for (const part of (at ?? "").split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    target = target[part] as Record<string, unknown>;
  }
  target[key] = null;
  return copy;
}

/** A deep copy of plain objects and lists; constructs and other class instances are kept as they are. */
function structuredCloneKeepingConstructs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(structuredCloneKeepingConstructs) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneKeepingConstructs(v)])) as T;
  }
  return value;
}

describe.each(CASES)("null props: $name", (c) => {
  test("the valid props are accepted (so each refusal below is the null's)", () => {
    const stack = c.stack();
    expect(() => c.build(stack, c.valid(stack))).not.toThrow();
  });

  test.each([...c.keys])("%s: null is a ValidationError naming the prop", (key) => {
    const stack = c.stack();
    const props = withNull(c.valid(stack), c.at, key);
    let error: unknown;
    try {
      c.build(stack, props);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const prop = c.at ? `${c.at}.${key}` : key;
    const problems = (error as ValidationError).problems;
    expect(problems.some((p) => p.prop === prop || p.prop.includes(key))).toBe(true);
    expect(problems.every((p) => p.path.length > 0)).toBe(true);
  });
});
