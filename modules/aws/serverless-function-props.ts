import { validatePolicyStatements, type PolicyStatement } from "../core/policy/policy-statement";
import { ecrImageRegion } from "../core/apply-time";
import { isAwsRegion } from "../core/regions";
import { booleanValue, integerBetween, KMS_KEY_ARN, lengthBetween, matches, oneOf, RELATIVE_GLOB } from "../core/rules";
import { custom, list, object, optional, props, record, required, type TypeOf } from "../core/schema";
import { AWS_TAGS } from "../core/tags";
import { isUnresolved, type Rule } from "../core/validation";
import type { LambdaLayer } from "./lambda-layer";
import { ASYNC_INVOKE_SCHEMA } from "./async-invoke";
import { SECURITY_GROUP_ID, SUBNET_ID, VPC_ID } from "./aws-ids";
import { FUNCTION_EVENTS } from "./events/function-event";
import { ENTRY_FILE, EXISTING_DIRECTORY } from "./existing-path";
import { FUNCTION_URL_SCHEMA } from "./function-url";
import {
  ENVIRONMENT_MAX_BYTES,
  EPHEMERAL_STORAGE_MB,
  LOG_RETENTION_DAYS,
  MAX_LAYERS,
  MAX_SECURITY_GROUPS,
  MAX_SUBNETS,
  MEMORY_MB,
  RESERVED_ENVIRONMENT_KEYS,
  SUPPORTED_RUNTIMES,
  TIMEOUT_SECONDS,
} from "./lambda-limits";
import { refineServerlessFunction } from "./serverless-function-checks";

const FUNCTION_NAME = matches(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, - or _");
// Lambda's pattern for environment variable keys is [a-zA-Z]([a-zA-Z0-9_])+: two characters at least.
const ENV_KEY = matches(/^[A-Za-z][A-Za-z0-9_]+$/, "a letter followed by at least one letter, digit or _ (Lambda's key pattern)");
const STRING: Rule<string> = { description: "a string", test: (v) => typeof v === "string" };
const LAYER_ARN = matches(
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/,
  "a layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)",
);
// Lambda runs container images from Amazon ECR private repositories only (not Docker Hub, GHCR or
// ECR Public): <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>, then a tag or a digest.
// A URI built from references (`${repo.repositoryUrl}:1`) is only known to Terraform and skipped.
const IMAGE_URI = matches(
  /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/,
  "an Amazon ECR image URI <account>.dkr.ecr.<region>.amazonaws.com/<repository> with a :tag or an @sha256: digest (Lambda runs images from ECR only)",
);
const HANDLER = matches(/^[^\s]{1,128}$/, "a handler of at most 128 characters without spaces, e.g. index.handler");
const ANY_STRING = matches(/^[\s\S]*$/, "a string");

const IMAGE = custom<string>(IMAGE_URI.description, (c, prop, uri) => {
  c.v.check(prop, uri as string, IMAGE_URI);
  const region = ecrImageRegion(uri);
  if (region !== undefined && !isAwsRegion(region)) c.v.fail(prop, "an ECR image URI whose region is an AWS region (such as eu-west-1)", uri);
});

const ENVIRONMENT = record(STRING, {
  expected: "a map of names to string values",
  key: ENV_KEY,
  refine(environment, r) {
    let bytes = 0;
    for (const [key, value] of Object.entries(environment)) {
      if ((RESERVED_ENVIRONMENT_KEYS as readonly string[]).includes(key)) r.fail(key, "a key Lambda does not reserve for itself", key);
      bytes += Buffer.byteLength(key) + (isUnresolved(value) ? 0 : Buffer.byteLength(String(value)));
    }
    if (bytes > ENVIRONMENT_MAX_BYTES) r.fail(undefined, `at most ${ENVIRONMENT_MAX_BYTES} bytes of keys and values`, `${bytes} bytes`);
  },
});

const VPC = object(
  {
    /** Subnets for the function's network interfaces (private subnets, usually one per AZ). */
    subnetIds: required(list(SUBNET_ID, { of: "subnet ids", min: 1, max: MAX_SUBNETS })),
    /**
     * Security groups for the function's network interfaces.
     * @default one egress-only security group created in `vpcId`
     */
    securityGroupIds: optional(
      list(SECURITY_GROUP_ID, { of: "security group ids (or unset, with vpcId)", min: 1, max: MAX_SECURITY_GROUPS }),
    ),
    /**
     * The VPC of the subnets; required when `securityGroupIds` is not given.
     * @default none
     */
    vpcId: optional(VPC_ID),
  },
  {
    refine(vpc, r) {
      if (vpc.securityGroupIds === undefined && vpc.vpcId === undefined) {
        r.fail(undefined, "given securityGroupIds or a vpcId (to create an egress-only security group)", vpc);
      }
    },
  },
);

/** Where a function runs in a VPC. */
export interface ServerlessFunctionVpcProps extends TypeOf<typeof VPC> {}

const LAYER = custom<LambdaLayer | string>("a LambdaLayer or a layer version ARN", (c, prop, layer) => {
  if (typeof layer === "string") c.v.check(prop, layer, LAYER_ARN);
  else if (layer === null || typeof layer !== "object" || typeof (layer as { arn?: unknown }).arn !== "string") {
    c.v.fail(prop, "a LambdaLayer or a layer version ARN", layer);
  }
});

const POLICY_STATEMENTS = custom<readonly PolicyStatement[]>("a list of statements { actions, resources, effect?, conditions?, reason? }", (c, prop, statements) =>
  validatePolicyStatements(c.v, prop, statements as readonly PolicyStatement[]),
);

const GLOBS = list(RELATIVE_GLOB, { of: "glob patterns" });
const STRINGS = list(ANY_STRING, { of: "strings" });

/** The props of `ServerlessFunction`: one Lambda function with everything it needs. */
export const SERVERLESS_FUNCTION_PROPS = props(
  {
    /** Name of the Lambda function: letters, digits, `-` and `_`, at most 64 characters. */
    functionName: required(FUNCTION_NAME),
    /**
     * A .ts/.js file bundled with esbuild (node target of the runtime, minified, `@aws-sdk/*`
     * external) into a deterministic zip. Exactly one of `entry`, `codeDirectory`, `imageUri`.
     * @default none
     */
    entry: optional(ENTRY_FILE),
    /**
     * A folder zipped deterministically as it is. Exactly one of `entry`, `codeDirectory`, `imageUri`.
     * @default none
     */
    codeDirectory: optional(EXISTING_DIRECTORY),
    /**
     * A container image URI (e.g. from `EcrRepository`). Exactly one of `entry`, `codeDirectory`, `imageUri`.
     * @default none
     */
    imageUri: optional(IMAGE),
    /**
     * The handler, `file.export`; for `entry`, the bundle is `index.js`, so a bare export name works too.
     * Not used for images.
     * @default "index.handler"
     */
    handler: optional(HANDLER),
    /** The Lambda runtime, one Lambda supports and the provider accepts. Not used for images. @default "nodejs22.x" */
    runtime: optional(oneOf<string>(SUPPORTED_RUNTIMES)),
    /** The instruction set the function runs on; required for an image (the platform it was built for). @default "arm64" */
    architecture: optional(oneOf(["arm64", "x86_64"] as const)),
    /** Memory in MB, 128 to 10240. @default 256 */
    memorySize: optional(integerBetween(MEMORY_MB.min, MEMORY_MB.max, "MB")),
    /** Timeout in seconds, 1 to 900 (at most 30 behind `HttpApi`). @default 10 */
    timeout: optional(integerBetween(TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max, "seconds")),
    /** Ephemeral storage (/tmp) in MB, 512 to 10240. @default 512 */
    ephemeralStorageSize: optional(integerBetween(EPHEMERAL_STORAGE_MB.min, EPHEMERAL_STORAGE_MB.max, "MB")),
    /** Environment variables, at most 4 KB in all; Lambda's reserved keys are refused. @default none */
    environment: optional(ENVIRONMENT),
    /** KMS key that encrypts the environment variables at rest. @default the AWS-managed key for Lambda */
    environmentKmsKeyArn: optional(KMS_KEY_ARN),
    /** The function's description, at most 256 characters. @default none */
    description: optional(lengthBetween(0, 256)),
    /** Attach the function to a VPC. @default not in a VPC */
    vpc: optional(VPC.named<ServerlessFunctionVpcProps>()),
    /** Layers, as constructs or layer version ARNs, at most 5. @default none */
    layers: optional(list(LAYER, { of: "LambdaLayer constructs or layer version ARNs", max: MAX_LAYERS })),
    /** What the function's code may do, added to the computed execution policy. @default none */
    policyStatements: optional(POLICY_STATEMENTS),
    /** Retention of `/aws/lambda/<functionName>`, in days CloudWatch accepts. @default 30 */
    logRetentionDays: optional(oneOf<number>(LOG_RETENTION_DAYS)),
    /** KMS key that encrypts the log group. @default CloudWatch's own encryption */
    logKmsKeyArn: optional(KMS_KEY_ARN),
    /** Reserved concurrent executions. @default none (the account's unreserved pool) */
    reservedConcurrency: optional(integerBetween(0, 100000)),
    /** Provisioned concurrency on a `live` alias of a published version. @default none */
    provisionedConcurrency: optional(integerBetween(1, 100000)),
    /** An encrypted SQS dead-letter queue (14-day retention) for failed async invocations. @default false */
    deadLetterQueue: optional(booleanValue),
    /** X-Ray active tracing. @default false */
    tracing: optional(booleanValue),
    /** For `entry`: modules left out of the bundle, in addition to `@aws-sdk/*` (e.g. a layer's). @default none */
    bundlingExternalModules: optional(list(matches(/^\S+$/, "a module name or pattern without spaces"), { of: "module names" })),
    /**
     * For `codeDirectory`: glob patterns of files left out, besides the default ones (dotenv files,
     * VCS folders, editor files: `DEFAULT_EXCLUDES`). `*` stays within a name, `**` crosses folders; a
     * pattern without `/` matches a name at any depth (`*.test.js`), one with `/` from the folder's root.
     * @default none
     */
    codeExclude: optional(GLOBS),
    /** For `codeDirectory`: glob patterns of files kept even though an exclude pattern (default or given) matches them. @default none */
    codeInclude: optional(GLOBS),
    /** For `imageUri`: overrides of the image's CMD, ENTRYPOINT and WORKDIR. @default the image's own */
    imageCommand: optional(STRINGS),
    /** For `imageUri`: the ENTRYPOINT override. @default the image's own */
    imageEntryPoint: optional(STRINGS),
    /** For `imageUri`: the WORKDIR override, an absolute path. @default the image's own */
    imageWorkingDirectory: optional(matches(/^\/\S{0,999}$/, "an absolute path without spaces in the image, e.g. /var/task")),
    /** Tags on every resource the function creates (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
    /**
     * What invokes the function besides `HttpApi`: queues and streams it polls, buckets, topics,
     * schedules and event rules that push to it, each with exactly the permissions it needs.
     * @default none
     */
    events: optional(FUNCTION_EVENTS),
    /** Retries, event age and destinations of asynchronous invocations. @default Lambda's (2 retries, 6 hours, no destination) */
    asyncInvoke: optional(ASYNC_INVOKE_SCHEMA),
    /** A function URL (`AWS_IAM` unless said otherwise). @default none */
    url: optional(FUNCTION_URL_SCHEMA),
  },
  {
    name: "ServerlessFunction props",
    expected: "an object with at least functionName and one code source",
    refine(fn, r) {
      refineServerlessFunction(fn, r);
    },
  },
);

export interface ServerlessFunctionProps extends TypeOf<typeof SERVERLESS_FUNCTION_PROPS> {}
