import { existsSync, statSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Construct } from "constructs";
import { estimatePolicySize, ROLE_INLINE_POLICY_MAX_CHARS, UNRESOLVED_VALUE_CHARS } from "../core/policy/policy-size";
import { validatePolicyStatements, type PolicyStatement } from "../core/policy/policy-statement";
import { arnRegion, checkArns, checkSameRegion, ecrImageRegion } from "../core/apply-time";
import { booleanValue, integerBetween, KMS_KEY_ARN, lengthBetween, matches, oneOf, RELATIVE_GLOB } from "../core/rules";
import { isAwsRegion } from "../core/regions";
import { checkAgainstStack, type AwsStackContext } from "../core/stack-context";
import { validateAwsTags } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, ValidationError, Validator } from "../core/validation";
import { executionRoleIdentity, executionStatements } from "./execution-role";
import { triggerStatements, validateTriggers } from "./serverless-function-triggers";
import {
  DEFAULT_TIMEOUT_SECONDS,
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
import { SERVERLESS_FUNCTION_PROP_KEYS, SERVERLESS_FUNCTION_VPC_PROP_KEYS, type ServerlessFunctionProps } from "./serverless-function-props";

const FUNCTION_NAME = matches(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, - or _");
const ENTRY_EXTENSIONS = [".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"];
// Lambda's pattern for environment variable keys is [a-zA-Z]([a-zA-Z0-9_])+: two characters at least.
const ENV_KEY = matches(/^[A-Za-z][A-Za-z0-9_]+$/, "a letter followed by at least one letter, digit or _ (Lambda's key pattern)");
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

/** Throws one ValidationError listing every problem of a ServerlessFunction's props. */
export function validateServerlessFunctionProps(scope: Construct, props: ServerlessFunctionProps): void {
  const v = new Validator("ServerlessFunction props", scope.node.path);
  if (!v.props(props, SERVERLESS_FUNCTION_PROP_KEYS, "an object with at least functionName and one code source")) v.throwIfInvalid();
  v.required("functionName", props.functionName).check("functionName", props.functionName, FUNCTION_NAME);
  claimFunctionName(v, scope, props.functionName);
  validateCode(v, props);
  v.check("runtime", props.runtime, oneOf<string>(SUPPORTED_RUNTIMES));
  v.check("architecture", props.architecture, oneOf(["arm64", "x86_64"] as const));
  v.check("memorySize", props.memorySize, integerBetween(MEMORY_MB.min, MEMORY_MB.max, "MB"));
  v.check("timeout", props.timeout, integerBetween(TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max, "seconds"));
  v.check("ephemeralStorageSize", props.ephemeralStorageSize, integerBetween(EPHEMERAL_STORAGE_MB.min, EPHEMERAL_STORAGE_MB.max, "MB"));
  v.check("description", props.description, lengthBetween(0, 256));
  v.check("environmentKmsKeyArn", props.environmentKmsKeyArn, KMS_KEY_ARN);
  v.check("logKmsKeyArn", props.logKmsKeyArn, KMS_KEY_ARN);
  validateEnvironment(v, props.environment);
  validateVpc(v, props);
  validateLayers(v, props.layers);
  validatePolicyStatements(v, "policyStatements", props.policyStatements, { scope, kind: "ServerlessFunction props", role: executionRoleIdentity(props.functionName) });
  validateTriggers(v, scope, props, typeof props.timeout === "number" ? props.timeout : DEFAULT_TIMEOUT_SECONDS);
  validatePolicySize(v, props);
  v.check("logRetentionDays", props.logRetentionDays, oneOf<number>(LOG_RETENTION_DAYS));
  v.check("reservedConcurrency", props.reservedConcurrency, integerBetween(0, 100000));
  v.check("provisionedConcurrency", props.provisionedConcurrency, integerBetween(1, 100000));
  if (
    typeof props.provisionedConcurrency === "number" &&
    typeof props.reservedConcurrency === "number" &&
    !isUnresolved(props.provisionedConcurrency) &&
    !isUnresolved(props.reservedConcurrency) &&
    props.provisionedConcurrency > props.reservedConcurrency
  ) {
    v.fail("provisionedConcurrency", `at most reservedConcurrency (${props.reservedConcurrency})`, props.provisionedConcurrency);
  }
  v.check("deadLetterQueue", props.deadLetterQueue, booleanValue);
  v.check("tracing", props.tracing, booleanValue);
  checkAgainstStack(v, scope, "aws", "ServerlessFunction props", (v, { aws }) => validateForProvider(v, props, aws));
  v.throwIfInvalid();
}

/**
 * What the stack's AWS provider decides: the partition and region of every ARN, the region of
 * layers, image and KMS keys, and the tag count with the default tags.
 */
function validateForProvider(v: Validator, props: ServerlessFunctionProps, aws: AwsStackContext | undefined): void {
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
  validateAwsTags(v, "tags", props.tags, aws?.defaultTags);
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

/**
 * A second function with the same name in the stack would duplicate the function, its execution
 * role and its log group (apply fails). IAM role names ignore case, so `Orders` and `orders` would
 * both need the role `orders-role`: names are compared ignoring case too, one problem per function.
 */
function claimFunctionName(v: Validator, scope: Construct, name: unknown): void {
  const claims = new Validator("ServerlessFunction props", scope.node.path);
  claimUniqueName(claims, scope, "Lambda function name", "functionName", name);
  if (claims.ok && typeof name === "string") {
    claimUniqueName(claims, scope, "Lambda function name, ignoring case (IAM role names do)", "functionName", name.toLowerCase());
  }
  try {
    claims.throwIfInvalid();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) v.fail(p.prop, p.rule, name);
  }
}

function validateCode(v: Validator, props: ServerlessFunctionProps): void {
  const sources = (["entry", "codeDirectory", "imageUri"] as const).filter((k) => props[k] !== undefined);
  if (sources.length !== 1) {
    v.fail("entry | codeDirectory | imageUri", "exactly one code source", sources.length === 0 ? "none" : sources);
    return;
  }
  if (props.entry !== undefined && !isUnresolved(props.entry)) {
    const file = resolve(String(props.entry));
    if (!ENTRY_EXTENSIONS.includes(extname(file))) v.fail("entry", `a file ending in ${ENTRY_EXTENSIONS.join(", ")}`, props.entry);
    else if (!existsSync(file) || !statSync(file).isFile()) v.fail("entry", "an existing file", props.entry);
  }
  if (props.codeDirectory !== undefined && !isUnresolved(props.codeDirectory)) {
    const dir = resolve(String(props.codeDirectory));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) v.fail("codeDirectory", "an existing directory", props.codeDirectory);
  }
  v.check("imageUri", props.imageUri, IMAGE_URI);
  const imageRegion = ecrImageRegion(props.imageUri);
  if (imageRegion !== undefined && !isAwsRegion(imageRegion)) v.fail("imageUri", "an ECR image URI whose region is an AWS region (such as eu-west-1)", props.imageUri);
  if (props.imageUri !== undefined) {
    for (const k of ["handler", "runtime", "bundlingExternalModules"] as const) {
      if (props[k] !== undefined) v.fail(k, "unset for an image function (the image defines it)", props[k]);
    }
    // Lambda refuses layers on container-image functions (at apply, with InvalidParameterValueException).
    if (props.layers !== undefined) v.fail("layers", "unset for an image function (add the layer's content to the image)", props.layers);
  } else {
    for (const k of ["imageCommand", "imageEntryPoint", "imageWorkingDirectory"] as const) {
      if (props[k] !== undefined) v.fail(k, "unset unless imageUri is given", props[k]);
    }
  }
  v.check("handler", props.handler, HANDLER);
  for (const k of ["codeExclude", "codeInclude"] as const) {
    v.list(k, props[k], { of: "glob patterns", item: RELATIVE_GLOB });
    if (props[k] !== undefined && props.codeDirectory === undefined) v.fail(k, "unset unless codeDirectory is given", props[k]);
  }
  v.list("bundlingExternalModules", props.bundlingExternalModules, { of: "module names", item: matches(/^\S+$/, "a module name or pattern without spaces") });
  v.list("imageCommand", props.imageCommand, { of: "strings", item: matches(/^[\s\S]*$/, "a string") });
  v.list("imageEntryPoint", props.imageEntryPoint, { of: "strings", item: matches(/^[\s\S]*$/, "a string") });
  v.check("imageWorkingDirectory", props.imageWorkingDirectory, matches(/^\/\S{0,999}$/, "an absolute path without spaces in the image, e.g. /var/task"));
  if (props.entry !== undefined) {
    if (typeof props.handler === "string" && props.handler.includes(".") && !props.handler.startsWith("index.")) {
      v.fail("handler", "an export of the bundle, index.<export> (or just <export>)", props.handler);
    }
    if (typeof props.runtime === "string" && !props.runtime.startsWith("nodejs")) {
      v.fail("runtime", "a nodejs runtime (entry is bundled as JavaScript)", props.runtime);
    }
  }
}

function validateEnvironment(v: Validator, environment: ServerlessFunctionProps["environment"]): void {
  if (environment === undefined) return;
  if (typeof environment !== "object" || environment === null || Array.isArray(environment)) {
    v.fail("environment", "a map of names to string values", environment);
    return;
  }
  let bytes = 0;
  for (const [key, value] of Object.entries(environment)) {
    v.check(`environment key`, key, ENV_KEY);
    if ((RESERVED_ENVIRONMENT_KEYS as readonly string[]).includes(key)) {
      v.fail(`environment.${key}`, "a key Lambda does not reserve for itself", key);
    }
    if (typeof value !== "string") v.fail(`environment.${key}`, "a string", value);
    bytes += Buffer.byteLength(key) + (isUnresolved(value) ? 0 : Buffer.byteLength(String(value)));
  }
  if (bytes > ENVIRONMENT_MAX_BYTES) v.fail("environment", `at most ${ENVIRONMENT_MAX_BYTES} bytes of keys and values`, `${bytes} bytes`);
}

function validateVpc(v: Validator, props: ServerlessFunctionProps): void {
  const vpc = props.vpc;
  if (!v.object("vpc", vpc, SERVERLESS_FUNCTION_VPC_PROP_KEYS, "{ subnetIds, securityGroupIds?, vpcId? }")) return;
  v.required("vpc.subnetIds", vpc.subnetIds);
  v.list("vpc.subnetIds", vpc.subnetIds, { of: "subnet ids", min: 1, max: MAX_SUBNETS, item: matches(/^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet-...)") });
  const groups = vpc.securityGroupIds;
  v.list("vpc.securityGroupIds", groups, {
    of: "security group ids (or unset, with vpcId)",
    min: 1,
    max: MAX_SECURITY_GROUPS,
    item: matches(/^sg-[0-9a-f]{8,17}$/, "a security group id (sg-...)"),
  });
  if (groups === undefined && vpc.vpcId === undefined) {
    v.fail("vpc", "given securityGroupIds or a vpcId (to create an egress-only security group)", vpc);
  }
  v.check("vpc.vpcId", vpc.vpcId, matches(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)"));
}

/**
 * The role's one inline policy holds the computed statements and `policyStatements`: refuses
 * statements that would take it past IAM's 10,240 characters (apply would fail with LimitExceeded).
 * The ARNs the construct creates (log group, dead-letter queue) and every reference in the
 * statements count as `UNRESOLVED_VALUE_CHARS`.
 */
function validatePolicySize(v: Validator, props: ServerlessFunctionProps): void {
  // Statements too malformed to render are refused on their own; the estimate leaves them out.
  const statements = (Array.isArray(props.policyStatements) ? props.policyStatements : []).filter(
    (s): s is PolicyStatement => s !== null && typeof s === "object" && Array.isArray(s.actions) && Array.isArray(s.resources),
  );
  const triggers = v.ok ? triggerStatements(props) : [];
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
    v.fail(
      "policyStatements",
      `statements that keep the execution role's inline policy within ${ROLE_INLINE_POLICY_MAX_CHARS} characters ` +
        `(IAM's limit for a role's inline policies; references counted as ${UNRESOLVED_VALUE_CHARS} characters): ` +
        "fewer or shorter ARNs, e.g. one wildcard below a named resource such as arn:aws:s3:::bucket/prefix/*",
      `about ${size} characters with the computed statements`,
    );
  }
}

function validateLayers(v: Validator, layers: ServerlessFunctionProps["layers"]): void {
  const list = v.list<ServerlessFunctionLayer>("layers", layers, { of: "LambdaLayer constructs or layer version ARNs", max: MAX_LAYERS });
  list?.forEach((layer, i) => {
    if (typeof layer === "string") v.check(`layers[${i}]`, layer, LAYER_ARN);
    else if (layer === null || typeof layer !== "object" || typeof layer.arn !== "string") {
      v.fail(`layers[${i}]`, "a LambdaLayer or a layer version ARN", layer);
    }
  });
}

type ServerlessFunctionLayer = NonNullable<ServerlessFunctionProps["layers"]>[number];
