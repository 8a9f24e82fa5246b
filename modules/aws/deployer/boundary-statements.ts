import { ACCOUNT_DESTRUCTIVE_ACTIONS } from "../../core/policy/account-destructive-actions";
import { actionCovers } from "../../core/policy/action-patterns";
import { ESCALATION_ACTIONS } from "../../core/policy/escalation-actions";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";

/** One Allow statement a role of the environment holds, its resources as ARNs (references resolved) or `"*"`. */
export interface HeldStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** Where the environment's resources are: its partition, account and regions, and the prefix of its names. */
export interface BoundaryScope {
  readonly partition: string;
  readonly accountId: string;
  readonly regions: readonly string[];
  /** `<project>-<env>-` */
  readonly prefix: string;
}

/**
 * The pattern of the environment's resources an ARN stands for: the ARN up to the environment's
 * name prefix, then `*` (`table/svc-dev-users` -> `table/svc-dev-*`, `log-group:/aws/lambda/svc-dev-hello:*`
 * -> `log-group:/aws/lambda/svc-dev-*`). An ARN that is not the environment's (another account's
 * queue, a name without the prefix) stays exact, and so does `"*"`.
 */
export function generalizeResource(scope: BoundaryScope, resource: string): string {
  if (resource === "*") return resource;
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[1] !== scope.partition) return resource;
  if (parts[4] !== "" && parts[4] !== scope.accountId) return resource;
  const rest = parts.slice(5).join(":");
  const at = rest.indexOf(scope.prefix);
  if (at < 0) return resource;
  return `${parts.slice(0, 5).join(":")}:${rest.slice(0, at + scope.prefix.length)}*`;
}

/** The ARN pattern of every resource of a service in the environment's account and regions (for resources AWS names by id). */
export function serviceResources(scope: BoundaryScope, service: string, global = false): string[] {
  return global ? [`arn:${scope.partition}:${service}::${scope.accountId}:*`] : scope.regions.map((r) => `arn:${scope.partition}:${service}:${r}:${scope.accountId}:*`);
}

/** Services whose escalation actions no role of the environment may hold, denied whole when none of their actions is held. */
const GUARDED_SERVICES = [...new Set([...ESCALATION_ACTIONS, ...ACCOUNT_DESTRUCTIVE_ACTIONS, "organizations:LeaveOrganization", "account:CloseAccount"].map((a) => a.split(":")[0]))].sort();

/**
 * The permissions boundary of an environment: what any role its stacks create may ever hold.
 * - Allow: exactly the actions its roles' policies hold today, each on the environment's resources
 *   of the kind its statements name (the patterns `generalizeResource` gives), or `"*"` where the
 *   statement itself needs it. A new resource of a kind already used needs no change to the
 *   boundary; a new action or a new kind of resource does (the identity stack shows the change).
 * - Deny: IAM, STS and organization/account changes and every other escalation path (ESCALATION_ACTIONS,
 *   ACCOUNT_DESTRUCTIVE_ACTIONS), service by service: the whole service where no role holds any of
 *   its actions, otherwise each escalation action no role holds. Removing or replacing a boundary is
 *   always denied.
 */
export function boundaryStatements(scope: BoundaryScope, held: readonly HeldStatement[]): PolicyDocumentStatement[] {
  const byResources = new Map<string, { resources: string[]; actions: Set<string> }>();
  const heldActions = new Set<string>();
  for (const s of held) {
    const resources = [...new Set(s.resources.map((r) => generalizeResource(scope, r)))].sort();
    const key = JSON.stringify(resources);
    const entry = byResources.get(key) ?? { resources, actions: new Set<string>() };
    s.actions.forEach((a) => {
      entry.actions.add(a);
      heldActions.add(a.toLowerCase());
    });
    byResources.set(key, entry);
  }
  const allow = [...byResources.values()]
    .map((e) => ({ resources: e.resources, actions: [...e.actions].sort() }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    .map((e, i): PolicyDocumentStatement => ({ sid: `Held${i + 1}`, effect: "Allow", actions: e.actions, resources: e.resources }));

  const heldServices = new Set([...heldActions].map((a) => a.split(":")[0]));
  const wholeServices = GUARDED_SERVICES.filter((s) => !heldServices.has(s)).map((s) => `${s}:*`);
  const guarded = [...ESCALATION_ACTIONS, ...ACCOUNT_DESTRUCTIVE_ACTIONS].filter((a) => heldServices.has(a.split(":")[0]) && ![...heldActions].some((h) => actionCovers(a, h)));
  const deny: PolicyDocumentStatement[] = [
    { sid: "NoBoundaryChange", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"], resources: ["*"] },
    { sid: "NoEscalationServices", effect: "Deny", actions: wholeServices, resources: ["*"] },
  ];
  if (guarded.length > 0) deny.push({ sid: "NoEscalationActions", effect: "Deny", actions: [...new Set(guarded)].sort(), resources: ["*"] });
  return [...allow, ...deny];
}
