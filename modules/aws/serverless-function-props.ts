import type { Construct } from "constructs";
import { arnRegion, checkArns, checkSameRegion, ecrImageRegion } from "../core/apply-time";
import { estimatePolicySize, ROLE_INLINE_POLICY_MAX_CHARS, UNRESOLVED_VALUE_CHARS } from "../core/policy/policy-size";
import { validatePolicyStatements, type PolicyStatement } from "../core/policy/policy-statement";
import { isAwsRegion } from "../core/regions";
import { booleanValue, integerBetween, KMS_KEY_ARN, lengthBetween, matches, oneOf, RELATIVE_GLOB } from "../core/rules";
import { custom, dependent, list, object, optional, props, record, required, type Refinement, type TypeOf } from "../core/schema";
import { checkAgainstStack, type AwsStackContext } from "../core/stack-context";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, ValidationError, Validator, type Rule } from "../core/validation";
import type { LambdaLayer } from "./lambda-layer";
import { ASYNC_INVOKE_SCHEMA } from "./async-invoke";
import { SECURITY_GROUP_ID, SUBNET_ID, VPC_ID } from "./aws-ids";
import { FUNCTION_EVENTS } from "./events/function-event";
import { checkQueueVisibility } from "./events/sqs-event";
import { executionRoleIdentity, executionStatements } from "./execution-role";
import { ENTRY_FILE, EXISTING_DIRECTORY } from "./existing-path";
import { checkLogLevels, FUNCTION_LOGGING_FIELDS } from "./function-logging";
import { checkSecretsAgainstEnvironment, FUNCTION_SECRETS } from "./function-secrets";
import { FUNCTION_URL_SCHEMA } from "./function-url";
import {
  DEFAULT_TIMEOUT_SECONDS,
  ENVIRONMENT_KEY,
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
import { triggerStatements } from "./serverless-function-triggers";

const FUNCTION_NAME = matches(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, - or _");
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
  key: ENVIRONMENT_KEY,
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

/**
 * What the function's code may do: checked by `validatePolicyStatements` against the Service
 * Authorization Reference, the stack's account and region, and the function's own execution role
 * (named after `functionName`), which its statements may not let it change.
 */
const POLICY_STATEMENTS = dependent<readonly PolicyStatement[]>("a list of statements { actions, resources, effect?, conditions?, reason? }", (fn) =>
  custom<readonly PolicyStatement[]>("a list of statements { actions, resources, effect?, conditions?, reason? }", (c, prop, statements) =>
    validatePolicyStatements(c.v, prop, statements as readonly PolicyStatement[], c.scope ? { scope: c.scope, kind: c.kind, role: executionRoleIdentity(fn.functionName) } : undefined),
  ),
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
    /**
     * Secrets the code reads, by environment variable: each variable holds its secret's ARN (never
     * its value), and the function may `GetSecretValue` on that secret only (and use its
     * customer-managed key through Secrets Manager).
     * @default none
     */
    secrets: optional(FUNCTION_SECRETS),
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
    ...FUNCTION_LOGGING_FIELDS,
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

/**
 * The rules of `ServerlessFunction` props that span fields (one code source, what an image function
 * may not set, provisioned within reserved concurrency), the stack (a name no other function of the
 * stack has, queues whose visibility timeout fits), IAM's policy size limit and the stack's provider
 * (partition and region of ARNs).
 */
function refineServerlessFunction(props: ServerlessFunctionProps, r: Refinement): void {
  const scope = r.scope as Construct;
  claimFunctionName(r, scope, props.functionName);
  refineCode(props, r);
  checkSecretsAgainstEnvironment(props.environment, props.secrets, r);
  checkLogLevels(props, r);
  if (
    typeof props.provisionedConcurrency === "number" &&
    typeof props.reservedConcurrency === "number" &&
    !isUnresolved(props.provisionedConcurrency) &&
    !isUnresolved(props.reservedConcurrency) &&
    props.provisionedConcurrency > props.reservedConcurrency
  ) {
    r.fail("provisionedConcurrency", `at most reservedConcurrency (${props.reservedConcurrency})`, props.provisionedConcurrency);
  }
  // An image built for amd64 on the arm64 default crashes at its first invocation (`exec format
  // error`), long after apply succeeded.
  if (props.imageUri !== undefined && props.architecture === undefined) {
    r.fail("architecture", 'set for an image function ("arm64" or "x86_64", the platform the image was built for)', undefined);
  }
  if (Array.isArray(props.events)) {
    const timeout = typeof props.timeout === "number" ? props.timeout : DEFAULT_TIMEOUT_SECONDS;
    props.events.forEach((event, i) => {
      if (event !== null && typeof event === "object" && event.type === "sqs") checkQueueVisibility(r, r.at("events", i), event, timeout);
    });
  }
  checkPolicySize(props, r);
  checkAgainstStack(r.v, scope, "aws", r.kind, (v, { aws }) => checkForProvider(v, props, aws), r.context("aws"));
}

/**
 * A second function with the same name in the stack would duplicate the function, its execution
 * role and its log group (apply fails). IAM role names ignore case, so `Orders` and `orders` would
 * both need the role `orders-role`: names are compared ignoring case too, one problem per function.
 */
function claimFunctionName(r: Refinement, scope: Construct, name: unknown): void {
  const claims = new Validator(r.kind, scope.node.path);
  claimUniqueName(claims, scope, "Lambda function name", "functionName", name);
  if (claims.ok && typeof name === "string") {
    claimUniqueName(claims, scope, "Lambda function name, ignoring case (IAM role names do)", "functionName", name.toLowerCase());
  }
  try {
    claims.throwIfInvalid();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) r.v.fail(p.prop, p.rule, name);
  }
}

/** Exactly one code source, and the props that only one kind of code source takes. */
function refineCode(props: ServerlessFunctionProps, r: Refinement): void {
  const sources = (["entry", "codeDirectory", "imageUri"] as const).filter((k) => props[k] !== undefined);
  if (sources.length !== 1) {
    r.fail("entry | codeDirectory | imageUri", "exactly one code source", sources.length === 0 ? "none" : sources);
    return;
  }
  if (props.imageUri !== undefined) {
    for (const k of ["handler", "runtime", "bundlingExternalModules"] as const) {
      if (props[k] !== undefined) r.fail(k, "unset for an image function (the image defines it)", props[k]);
    }
    // Lambda refuses layers on container-image functions (at apply, with InvalidParameterValueException).
    if (props.layers !== undefined) r.fail("layers", "unset for an image function (add the layer's content to the image)", props.layers);
  } else {
    for (const k of ["imageCommand", "imageEntryPoint", "imageWorkingDirectory"] as const) {
      if (props[k] !== undefined) r.fail(k, "unset unless imageUri is given", props[k]);
    }
  }
  for (const k of ["codeExclude", "codeInclude"] as const) {
    if (props[k] !== undefined && props.codeDirectory === undefined) r.fail(k, "unset unless codeDirectory is given", props[k]);
  }
  if (props.entry !== undefined) {
    if (typeof props.handler === "string" && props.handler.includes(".") && !props.handler.startsWith("index.")) {
      r.fail("handler", "an export of the bundle, index.<export> (or just <export>)", props.handler);
    }
    if (typeof props.runtime === "string" && !props.runtime.startsWith("nodejs")) {
      r.fail("runtime", "a nodejs runtime (entry is bundled as JavaScript)", props.runtime);
    }
  }
}

/**
 * The role's one inline policy holds the computed statements and `policyStatements`: refuses
 * statements that would take it past IAM's 10,240 characters (apply would fail with LimitExceeded).
 * The ARNs the construct creates (log group, dead-letter queue) and every reference in the
 * statements count as `UNRESOLVED_VALUE_CHARS`.
 */
function checkPolicySize(props: ServerlessFunctionProps, r: Refinement): void {
  // Statements too malformed to render are refused on their own; the estimate leaves them out.
  const statements = (Array.isArray(props.policyStatements) ? props.policyStatements : []).filter(
    (s): s is PolicyStatement => s !== null && typeof s === "object" && Array.isArray(s.actions) && Array.isArray(s.resources),
  );
  const triggers = r.v.ok ? triggerStatements(props, r.scope as Construct | undefined) : [];
  if (statements.length === 0 && triggers.length === 0) return;
  const size = estimatePolicySize([
    ...executionStatements({
      logGroupArn: "${aws_cloudwatch_log_group.function.arn}",
      vpc: props.vpc !== undefined,
      tracing: props.tracing ?? false,
      deadLetterQueueArn: props.deadLetterQueue ? "${aws_sqs_queue.dead_letter_queue.arn}" : undefined,
      statements,
    }),
    ...triggers,
  ]);
  if (size > ROLE_INLINE_POLICY_MAX_CHARS) {
    r.fail(
      "policyStatements",
      `statements that keep the execution role's inline policy within ${ROLE_INLINE_POLICY_MAX_CHARS} characters ` +
        `(IAM's limit for a role's inline policies; references counted as ${UNRESOLVED_VALUE_CHARS} characters): ` +
        "fewer or shorter ARNs, e.g. one wildcard below a named resource such as arn:aws:s3:::bucket/prefix/*",
      `about ${size} characters with the computed statements`,
    );
  }
}

/**
 * What the stack's AWS provider decides: the partition and region of every ARN, and the region of
 * layers, image, KMS keys and the event sources Lambda uses in its own region only.
 */
function checkForProvider(v: Validator, props: ServerlessFunctionProps, aws: AwsStackContext | undefined): void {
  checkArns(v, props, aws);
  checkSameRegion(v, "imageUri", props.imageUri, ecrImageRegion(props.imageUri), aws, "an ECR image");
  for (const k of ["environmentKmsKeyArn", "logKmsKeyArn"] as const) checkSameRegion(v, k, props[k], arnRegion(props[k]), aws, "a KMS key");
  if (Array.isArray(props.layers)) {
    props.layers.forEach((layer, i) => {
      if (typeof layer === "string") checkSameRegion(v, `layers[${i}]`, layer, arnRegion(layer), aws, "a layer");
    });
  }
  if (Array.isArray(props.events)) {
    props.events.forEach((event: unknown, i) => {
      for (const [prop, what] of SAME_REGION_SOURCES) {
        const value = event !== null && typeof event === "object" ? (event as Record<string, unknown>)[prop] : undefined;
        if (typeof value === "string") checkSameRegion(v, `events[${i}].${prop}`, value, arnRegion(value), aws, what);
      }
    });
  }
}

/**
 * Event sources that must be in the function's region: Lambda polls queues and streams of its own
 * region only, and the SNS subscription and the EventBridge rule are created through the stack's
 * provider, while SNS takes subscriptions in the topic's region and a rule lives in its bus's region.
 */
const SAME_REGION_SOURCES = [
  ["queueArn", "an SQS queue"],
  ["streamArn", "a stream"],
  ["topicArn", "an SNS topic"],
  ["eventBusName", "an event bus"],
] as const;
