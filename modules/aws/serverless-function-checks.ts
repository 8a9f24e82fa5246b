import type { Construct } from "constructs";
import { arnRegion, checkArns, checkSameRegion, ecrImageRegion } from "../core/apply-time";
import { estimatePolicySize, ROLE_INLINE_POLICY_MAX_CHARS, UNRESOLVED_VALUE_CHARS } from "../core/policy/policy-size";
import type { PolicyStatement } from "../core/policy/policy-statement";
import type { Refinement } from "../core/schema";
import { checkAgainstStack, type AwsStackContext } from "../core/stack-context";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, ValidationError, Validator } from "../core/validation";
import { checkQueueVisibility } from "./events/sqs-event";
import { executionStatements } from "./execution-role";
import { DEFAULT_TIMEOUT_SECONDS } from "./lambda-limits";
import type { ServerlessFunctionProps } from "./serverless-function-props";
import { triggerStatements } from "./serverless-function-triggers";

/**
 * The rules of `ServerlessFunction` props that span fields (one code source, what an image function
 * may not set, provisioned within reserved concurrency), the stack (a name no other function of the
 * stack has, queues whose visibility timeout fits), IAM's policy size limit and the stack's provider
 * (partition and region of ARNs).
 */
export function refineServerlessFunction(props: ServerlessFunctionProps, r: Refinement): void {
  const scope = r.scope as Construct;
  claimFunctionName(r, scope, props.functionName);
  refineCode(props, r);
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
  checkAgainstStack(r.v, scope, "aws", r.kind, (v, { aws }) => checkForProvider(v, props, aws));
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
  const triggers = r.v.ok ? triggerStatements(props) : [];
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
