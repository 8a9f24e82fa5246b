import { join } from "node:path";
import type { PackageRef } from "./packages";
import { References } from "./references";
import { rolePolicies, type RolePolicies } from "./role-policies";
import { nested, pathOf, resource, resourcesOf, type Block, type Stack } from "./stack";

/** One `aws_lambda_function`, as Lambda would run it. */
export interface LocalFunction {
  /** Terraform resource name. */
  readonly key: string;
  readonly path: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly architecture: string;
  readonly code?: PackageRef;
  /** In the function's order: Lambda extracts them one over the other. */
  readonly layers: readonly PackageRef[];
  readonly environment: Readonly<Record<string, string>>;
  readonly logGroupName: string;
  readonly role: RolePolicies;
  /** `dead_letter_config.target_arn`: where failed asynchronous events go. */
  readonly deadLetterArn?: string;
  /** What the Lambda service itself does with the role, never the code (see least-privilege report). */
  readonly serviceUses: readonly ServiceUse[];
  /** Why it cannot run here (no zip, unresolvable reference); shown when it is called. */
  readonly problems: readonly string[];
  /** What it has that is not reproduced locally. */
  readonly warnings: readonly string[];
}

/** An action the Lambda service performs with the function's role, on a given resource. */
export interface ServiceUse {
  readonly actions: readonly string[];
  readonly resource: string;
  readonly why: string;
}

// Lambda's defaults when the attribute is absent.
const DEFAULT_MEMORY = 128;
const DEFAULT_TIMEOUT = 3;

/** The stack's functions; `endpoint` is the local AWS endpoint their queue URLs point at. */
export function loadFunctions(stack: Stack, endpoint?: string): LocalFunction[] {
  const refs = new References(stack, { endpoint });
  return resourcesOf(stack, "aws_lambda_function").map(([key, block]) => loadFunction(stack, refs, key, block));
}

function loadFunction(stack: Stack, refs: References, key: string, block: Block): LocalFunction {
  const path = pathOf(block, "aws_lambda_function", key);
  const problems: string[] = [];
  const warnings: string[] = [];
  const attempt = <T>(fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };
  const functionName = refs.resolve(String(block.function_name), path);
  const functionArn = refs.resolve(`\${aws_lambda_function.${key}.arn}`, path);

  let code: PackageRef | undefined;
  if (block.package_type === "Image" || block.image_uri !== undefined) problems.push(`${path}: container images are not run locally (package_type Image)`);
  else if (typeof block.filename !== "string") problems.push(`${path}: code from ${block.s3_bucket !== undefined ? "S3" : "nowhere"} is not run locally; only a zip in the stack folder (filename) is`);
  else code = { file: join(stack.dir, block.filename), sourceCodeHash: stringOrUndefined(block.source_code_hash), what: `${functionName}'s code` };

  const layers: PackageRef[] = [];
  for (const layer of Array.isArray(block.layers) ? block.layers : []) {
    const target = References.target(layer);
    const version = target?.type === "aws_lambda_layer_version" ? resource(stack, "aws_lambda_layer_version", target.name) : undefined;
    if (!version || typeof version.filename !== "string") {
      warnings.push(`layer ${String(layer)} is not a zip of this stack: the function runs without it`);
      continue;
    }
    layers.push({
      file: join(stack.dir, version.filename),
      sourceCodeHash: stringOrUndefined(version.source_code_hash),
      what: `layer ${refs.resolve(String(version.layer_name), path)}`,
    });
  }

  const variables = (nested(block, "environment")?.variables ?? {}) as Record<string, unknown>;
  const environment = attempt({}, () =>
    Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, refs.resolve(String(value), `${path} environment ${name}`)])),
  );

  const logging = nested(block, "logging_config");
  const logGroupName = logging?.log_group !== undefined ? attempt(`/aws/lambda/${functionName}`, () => refs.resolve(String(logging.log_group), path)) : `/aws/lambda/${functionName}`;
  const role = attempt<RolePolicies>({ roleArn: String(block.role), roleName: String(block.role), policies: [], notEvaluated: [] }, () =>
    rolePolicies(stack, refs, block.role, path),
  );
  if (nested(block, "vpc_config")) warnings.push("VPC networking is not reproduced: the function reaches only the local endpoints");

  const handler = typeof block.handler === "string" ? block.handler : "";
  if (!handler && code) problems.push(`${path}: a zip function needs a handler`);
  const runtime = typeof block.runtime === "string" ? block.runtime : "";
  if (code && !/^nodejs\d+\.x$/.test(runtime)) problems.push(`${path}: runtime ${runtime || "(none)"} is not run locally; only nodejs*.x are`);

  return {
    key,
    path,
    functionName,
    functionArn,
    handler,
    runtime,
    memorySize: typeof block.memory_size === "number" ? block.memory_size : DEFAULT_MEMORY,
    timeout: typeof block.timeout === "number" ? block.timeout : DEFAULT_TIMEOUT,
    architecture: Array.isArray(block.architectures) && block.architectures[0] === "arm64" ? "arm64" : "x86_64",
    code,
    layers,
    environment,
    logGroupName,
    role,
    deadLetterArn: attempt<string | undefined>(undefined, () => {
      const target = nested(block, "dead_letter_config")?.target_arn;
      return target === undefined ? undefined : refs.resolve(String(target), `${path} dead_letter_config`);
    }),
    serviceUses: attempt([], () => serviceUses(stack, refs, key, block, logGroupName)),
    problems,
    warnings,
  };
}

/**
 * The grants the Lambda service uses on the function's behalf: writing its logs, X-Ray segments,
 * VPC network interfaces, its dead-letter queue and destinations, and reading its event sources.
 * Code never calls these, so the report does not count them as unused.
 */
function serviceUses(stack: Stack, refs: References, key: string, block: Block, logGroupName: string): ServiceUse[] {
  const uses: ServiceUse[] = [];
  const own = (value: unknown) => References.functionKey(stack, value) === key;
  const logGroupArn = `arn:${stack.partition}:logs:${stack.region}:${stack.accountId}:log-group:${logGroupName}`;
  uses.push({ actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], resource: `${logGroupArn}:*`, why: "Lambda writes the function's logs" });
  if (nested(block, "tracing_config")?.mode === "Active") uses.push({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resource: "*", why: "Lambda sends X-Ray traces" });
  if (nested(block, "vpc_config")) {
    uses.push({
      actions: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"],
      resource: "*",
      why: "Lambda attaches the function to its VPC",
    });
  }
  const send = (arn: string, why: string) => uses.push({ actions: ["sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction", "events:PutEvents", "s3:PutObject"], resource: arn, why });
  const dlq = nested(block, "dead_letter_config")?.target_arn;
  if (dlq !== undefined) send(refs.resolve(String(dlq), key), "Lambda sends failed asynchronous events to the dead-letter queue");
  for (const [, config] of resourcesOf(stack, "aws_lambda_function_event_invoke_config")) {
    if (!own(config.function_name)) continue;
    const destinations = nested(config, "destination_config");
    for (const which of ["on_success", "on_failure"]) {
      const destination = destinations && nested(destinations, which)?.destination;
      if (destination !== undefined) send(refs.resolve(String(destination), key), `Lambda sends ${which.replace("_", "-")} records to the destination`);
    }
  }
  for (const [, mapping] of resourcesOf(stack, "aws_lambda_event_source_mapping")) {
    if (!own(mapping.function_name) || mapping.event_source_arn === undefined) continue;
    const source = refs.resolve(String(mapping.event_source_arn), key);
    uses.push({
      actions: [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility",
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard",
      ],
      resource: source,
      why: "Lambda polls the event source",
    });
    const failure = nested(mapping, "destination_config");
    const onFailure = failure && nested(failure, "on_failure")?.destination_arn;
    if (onFailure !== undefined) send(refs.resolve(String(onFailure), key), "Lambda sends records that failed to the on-failure destination");
  }
  return uses;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
