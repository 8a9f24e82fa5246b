import { join } from "node:path";
import { block as first, list, type ModelBlock } from "../../modules/core/terraform";
import type { PackageRef } from "./packages";
import { rolePolicies, type RolePolicies } from "./role-policies";
import { blocksAs, pathOf, type Stack } from "./stack";
import { LocalValues } from "./values";

/** One `aws_lambda_function`, as Lambda would run it. */
export interface LocalFunction {
  /** The function's Terraform address (`aws_lambda_function.<name>`). */
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

/** The stack's functions (what the catalog says runs as a function); `endpoint` is the local AWS endpoint their queue URLs point at. */
export function loadFunctions(stack: Stack, endpoint?: string): LocalFunction[] {
  const values = new LocalValues(stack, endpoint);
  return blocksAs(stack, "function").map((block) => {
    const fn = loadFunction(values, block);
    return { ...fn, serviceUses: serviceUses(values, fn) };
  });
}

function loadFunction(values: LocalValues, block: ModelBlock): LocalFunction {
  const { stack } = values;
  const path = pathOf(block);
  const config = block.config;
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
  const functionName = values.text(config.function_name, path);
  const functionArn = values.attribute(block.address, "arn", path);

  let code: PackageRef | undefined;
  if (config.package_type === "Image" || config.image_uri !== undefined) problems.push(`${path}: container images are not run locally (package_type Image)`);
  else if (typeof config.filename !== "string") problems.push(`${path}: code from ${config.s3_bucket !== undefined ? "S3" : "nowhere"} is not run locally; only a zip in the stack folder (filename) is`);
  else code = { file: join(stack.dir, config.filename), sourceCodeHash: stringOrUndefined(config.source_code_hash), what: `${functionName}'s code` };

  const layers: PackageRef[] = [];
  const layerBlocks = blocksAs(stack, "layer");
  for (const layer of list(config.layers)) {
    const version = values.blockNamedBy(layer);
    if (!version || !layerBlocks.includes(version) || typeof version.config.filename !== "string") {
      let named: string;
      try {
        named = values.text(layer, path);
      } catch {
        named = String(layer);
      }
      warnings.push(`layer ${named} is not a zip of this stack: the function runs without it`);
      continue;
    }
    layers.push({
      file: join(stack.dir, version.config.filename),
      sourceCodeHash: stringOrUndefined(version.config.source_code_hash),
      what: `layer ${values.text(version.config.layer_name, path)}`,
    });
  }

  const variables = first(config.environment)?.variables;
  const environment = attempt({}, () =>
    Object.fromEntries(Object.entries(variables && typeof variables === "object" ? variables : {}).map(([name, value]) => [name, values.text(value, `${path} environment ${name}`)])),
  );

  const logging = first(config.logging_config);
  const logGroupName = logging?.log_group !== undefined ? attempt(`/aws/lambda/${functionName}`, () => values.text(logging.log_group, path)) : `/aws/lambda/${functionName}`;
  const role = attempt<RolePolicies>({ roleArn: String(config.role), roleName: String(config.role), policies: [], notEvaluated: [] }, () => rolePolicies(values, config.role, path));
  if (first(config.vpc_config)) warnings.push("VPC networking is not reproduced: the function reaches only the local endpoints");

  const handler = typeof config.handler === "string" ? config.handler : "";
  if (!handler && code) problems.push(`${path}: a zip function needs a handler`);
  const runtime = typeof config.runtime === "string" ? config.runtime : "";
  if (code && !/^nodejs\d+\.x$/.test(runtime)) problems.push(`${path}: runtime ${runtime || "(none)"} is not run locally; only nodejs*.x are`);

  return {
    key: block.address,
    path,
    functionName,
    functionArn,
    handler,
    runtime,
    memorySize: typeof config.memory_size === "number" ? config.memory_size : DEFAULT_MEMORY,
    timeout: typeof config.timeout === "number" ? config.timeout : DEFAULT_TIMEOUT,
    architecture: list(config.architectures)[0] === "arm64" ? "arm64" : "x86_64",
    code,
    layers,
    environment,
    logGroupName,
    role,
    deadLetterArn: attempt<string | undefined>(undefined, () => values.optionalText(first(config.dead_letter_config)?.target_arn, `${path} dead_letter_config`)),
    serviceUses: [],
    problems,
    warnings,
  };
}

/** Whether a `function_name` argument (a name, an ARN, an alias's ARN) names this function. */
export function namesFunction(values: LocalValues, value: unknown, fn: Pick<LocalFunction, "functionName" | "functionArn">): boolean {
  let text: string;
  try {
    text = values.text(value, fn.functionName);
  } catch {
    return false;
  }
  return text === fn.functionName || text === fn.functionArn || text.startsWith(`${fn.functionArn}:`) || text.startsWith(`${fn.functionName}:`);
}

/**
 * The grants the Lambda service uses on the function's behalf: writing its logs, X-Ray segments,
 * VPC network interfaces, its dead-letter queue and destinations, and reading its event sources.
 * Code never calls these, so the report does not count them as unused.
 */
function serviceUses(values: LocalValues, fn: LocalFunction): ServiceUse[] {
  const { stack } = values;
  const config = stack.model.block(fn.key)!.config;
  const uses: ServiceUse[] = [];
  const logGroupArn = `arn:${stack.partition}:logs:${stack.region}:${stack.accountId}:log-group:${fn.logGroupName}`;
  uses.push({ actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], resource: `${logGroupArn}:*`, why: "Lambda writes the function's logs" });
  if (first(config.tracing_config)?.mode === "Active") uses.push({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resource: "*", why: "Lambda sends X-Ray traces" });
  if (first(config.vpc_config)) {
    uses.push({
      actions: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"],
      resource: "*",
      why: "Lambda attaches the function to its VPC",
    });
  }
  const send = (arn: string, why: string) => uses.push({ actions: ["sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction", "events:PutEvents", "s3:PutObject"], resource: arn, why });
  const where = fn.path;
  const resolved = (value: unknown) => {
    try {
      return values.optionalText(value, where);
    } catch {
      return undefined;
    }
  };
  if (fn.deadLetterArn) send(fn.deadLetterArn, "Lambda sends failed asynchronous events to the dead-letter queue");
  for (const invokeConfig of blocksAs(stack, "invoke-config")) {
    if (!namesFunction(values, invokeConfig.config.function_name, fn)) continue;
    const destinations = first(invokeConfig.config.destination_config);
    for (const which of ["on_success", "on_failure"]) {
      const destination = destinations && resolved(first(destinations[which])?.destination);
      if (destination) send(destination, `Lambda sends ${which.replace("_", "-")} records to the destination`);
    }
  }
  for (const mapping of blocksAs(stack, "event-source-mapping")) {
    if (!namesFunction(values, mapping.config.function_name, fn)) continue;
    const source = resolved(mapping.config.event_source_arn);
    if (!source) continue;
    uses.push({
      actions: [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility",
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard",
      ],
      resource: source,
      why: "Lambda polls the event source",
    });
    const onFailure = resolved(first(first(mapping.config.destination_config)?.on_failure)?.destination_arn);
    if (onFailure) send(onFailure, "Lambda sends records that failed to the on-failure destination");
  }
  return uses;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
