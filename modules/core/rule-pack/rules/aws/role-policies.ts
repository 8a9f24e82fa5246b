import type { PolicyIdentity, RoleIdentity } from "../../../policy/role-self-modification";
import { blocks, list } from "../../config";
import type { RuleContext, SynthesizedResource } from "../../rule";

/** A role of the stack and what can name it: its own identity and the customer-managed policies attached to it. */
export interface GovernedRole {
  readonly role: SynthesizedResource;
  readonly identity: RoleIdentity;
  readonly attached: readonly PolicyIdentity[];
}

/**
 * The roles of the stack whose permissions a resource writes: a role (its inline policies), a role
 * policy (`role` naming it by reference or by name), a managed policy attached to it (attachment,
 * `*_policy_attachments_exclusive`, `aws_iam_policy_attachment.roles`, `managed_policy_arns`), or a
 * policy document any of those reads (`${data.aws_iam_policy_document.x.json}`, also through another
 * document's `source_policy_documents`/`override_policy_documents`).
 */
export function rolesGovernedBy(resource: SynthesizedResource, context: RuleContext): readonly GovernedRole[] {
  let index = indexes.get(context.resources);
  if (!index) indexes.set(context.resources, (index = buildIndex(context)));
  return index.get(resource) ?? [];
}

const indexes = new WeakMap<readonly SynthesizedResource[], Map<SynthesizedResource, GovernedRole[]>>();

function buildIndex(context: RuleContext): Map<SynthesizedResource, GovernedRole[]> {
  const roles = context.ofType("aws_iam_role").filter((r) => r.mode === "managed");
  const byName = new Map(roles.filter((r) => typeof r.config.name === "string").map((r) => [String(r.config.name).toLowerCase(), r]));
  const roleOf = (value: unknown): SynthesizedResource[] => {
    const referenced = context.referencedBy(value).filter((r) => r.mode === "managed" && r.type === "aws_iam_role");
    if (referenced.length > 0) return referenced;
    return list(value).flatMap((v) => (typeof v === "string" && !v.includes("${") ? [byName.get(v.toLowerCase())].filter((r): r is SynthesizedResource => r !== undefined) : []));
  };

  const holders = new Map<SynthesizedResource, Set<SynthesizedResource>>(roles.map((r) => [r, new Set([r])]));
  const attached = new Map<SynthesizedResource, PolicyIdentity[]>(roles.map((r) => [r, []]));
  const attach = (role: SynthesizedResource, arns: unknown) => {
    for (const arn of list(arns)) {
      const policies = context.referencedBy(arn).filter((p) => p.mode === "managed" && p.type === "aws_iam_policy");
      for (const policy of policies) {
        holders.get(role)?.add(policy);
        attached.get(role)?.push(policyIdentity(policy));
      }
      if (policies.length === 0 && typeof arn === "string") attached.get(role)?.push({ arn });
    }
  };
  for (const role of roles) attach(role, role.config.managed_policy_arns);
  for (const r of context.resources) {
    if (r.mode !== "managed") continue;
    const c = r.config;
    if (r.type === "aws_iam_role_policy") roleOf(c.role).forEach((role) => holders.get(role)?.add(r));
    if (r.type === "aws_iam_role_policy_attachment") roleOf(c.role).forEach((role) => attach(role, c.policy_arn));
    if (r.type === "aws_iam_role_policy_attachments_exclusive") roleOf(c.role_name).forEach((role) => attach(role, c.policy_arns));
    if (r.type === "aws_iam_policy_attachment") roleOf(c.roles).forEach((role) => attach(role, c.policy_arn));
  }

  const index = new Map<SynthesizedResource, GovernedRole[]>();
  for (const role of roles) {
    const governed: GovernedRole = { role, identity: roleIdentity(role), attached: attached.get(role) ?? [] };
    for (const holder of documentsRead(holders.get(role) ?? new Set(), context)) index.set(holder, [...(index.get(holder) ?? []), governed]);
  }
  return index;
}

/** The holders and every policy document they read, directly or through other documents. */
function documentsRead(holders: ReadonlySet<SynthesizedResource>, context: RuleContext): Set<SynthesizedResource> {
  const seen = new Set(holders);
  const queue = [...holders];
  while (queue.length > 0) {
    const r = queue.pop()!;
    const c = r.config;
    const read = [c.policy, ...blocks(c.inline_policy).map((p) => p.policy), c.source_policy_documents, c.override_policy_documents];
    for (const doc of context.referencedBy(read)) {
      if (doc.mode === "data" && doc.type === "aws_iam_policy_document" && !seen.has(doc)) {
        seen.add(doc);
        queue.push(doc);
      }
    }
  }
  return seen;
}

/** What Terraform appends to a `name_prefix` (or to `terraform-` without a name): a unique 26-character suffix. */
const GENERATED_SUFFIX = "20260101000000000000000001";

function roleIdentity(role: SynthesizedResource): RoleIdentity {
  const { name, name_prefix: prefix, path } = role.config;
  const literal = (v: unknown): v is string => typeof v === "string" && !v.includes("${");
  return {
    // A generated name is not known, but a pattern such as `role/app-*` still covers it.
    name: literal(name) ? name : name === undefined && literal(prefix) ? `${prefix}${GENERATED_SUFFIX}` : name === undefined && prefix === undefined ? `terraform-${GENERATED_SUFFIX}` : undefined,
    path: typeof path === "string" && !path.includes("${") ? path : "/",
    address: role.address,
  };
}

function policyIdentity(policy: SynthesizedResource): PolicyIdentity {
  const { name, path } = policy.config;
  return {
    name: typeof name === "string" && !name.includes("${") ? name : undefined,
    path: typeof path === "string" && !path.includes("${") ? path : "/",
    address: policy.address,
  };
}
