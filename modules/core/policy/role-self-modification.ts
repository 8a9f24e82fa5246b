import { grantedActions } from "./action-patterns";

/**
 * IAM actions that change a role itself: what its policies allow, which policies and boundary
 * apply, who may assume it, the tags its conditions rely on. Granted to a role on that same role,
 * any one of them lets whoever runs as the role grant itself anything (Rhino Security Labs'
 * `iam:PutRolePolicy`/`iam:AttachRolePolicy`/`iam:UpdateAssumeRolePolicy` methods; pathfinding.cloud
 * "self-privesc" scenarios `prod_self_privesc_putRolePolicy`, `..._attachRolePolicy`), however exact
 * the ARN it names.
 */
export const ROLE_MUTATING_ACTIONS: readonly string[] = [
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:DeleteRole",
];

/**
 * Actions that change a managed policy in place: on a policy attached to the role itself, the same
 * as changing the role (Rhino Security Labs' `iam:CreatePolicyVersion` and
 * `iam:SetDefaultPolicyVersion` methods; pathfinding.cloud `prod_self_privesc_createPolicyVersion`).
 */
export const POLICY_VERSION_ACTIONS: readonly string[] = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion"];

/** A role as its own policy can name it. */
export interface RoleIdentity {
  /** Its name, when literal. */
  readonly name?: string;
  /** Its path (`/` by default). */
  readonly path?: string;
  /** Its Terraform address (`aws_iam_role.Fn_Role`): any `${...}` reference to one of its attributes names it. */
  readonly address?: string;
}

/** A customer-managed policy as a statement can name it. */
export interface PolicyIdentity {
  readonly name?: string;
  readonly path?: string;
  readonly address?: string;
  /** Its ARN as the attachment writes it, when literal. */
  readonly arn?: string;
}

const MARK = "\u0000";

/**
 * True when the `Resource` entry (literal text, `${...}` references, wildcards) names or covers the
 * role: a reference to one of its attributes (`${aws_iam_role.R.arn}`, `role/${aws_iam_role.R.name}`),
 * its ARN written out in any case (IAM role names are unique regardless of case), or a pattern that
 * covers it (`role/*`, `*`).
 */
export function namesRole(resource: string, role: RoleIdentity): boolean {
  return namesEntity(resource, "role", role.name, role.path, role.address);
}

/** True when the `Resource` entry names or covers the customer-managed policy (as `namesRole`). */
export function namesPolicy(resource: string, policy: PolicyIdentity): boolean {
  if (policy.arn !== undefined && typeof resource === "string" && resource.toLowerCase() === policy.arn.toLowerCase()) return true;
  return namesEntity(resource, "policy", policy.name, policy.path, policy.address);
}

function namesEntity(resource: string, kind: "role" | "policy", name: string | undefined, path = "/", address: string | undefined): boolean {
  if (typeof resource !== "string") return false;
  if (address !== undefined && resource.includes(`\${${address}.`)) return true;
  if (/^[*?]*\*[*?]*$/.test(resource)) return true;
  if (name === undefined || !resource.startsWith("arn:")) return false;
  const segments = resource.replace(/\$\{[^}]*\}/g, MARK).split(":");
  // The entity of this account: a reference or a wildcard in the partition and account stands for it.
  const literal = (segment: string | undefined, fallback: string) => (segment === undefined || segment === "" || segment.includes(MARK) || /[*?]/.test(segment) ? fallback : segment);
  const arn = `arn:${literal(segments[1], "aws")}:iam::${literal(segments[4], "123456789012")}:${kind}${path.endsWith("/") ? path : `${path}/`}${name}`;
  return globMatches(resource, arn);
}

/** IAM's resource matching: `*` any text (`:` and `/` too), `?` one character; references stand for a whole partition or account segment. */
function globMatches(pattern: string, arn: string): boolean {
  let re = globs.get(pattern);
  if (!re) {
    const segments = pattern.replace(/\$\{[^}]*\}/g, MARK).split(":");
    const source = segments
      .map((s, i) => {
        if (s === MARK && (i === 1 || i === 4)) return "[^:]*";
        if (s.includes(MARK)) return "(?!)";
        return s.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
      })
      .join(":");
    globs.set(pattern, (re = new RegExp(`^${source}$`, "i")));
  }
  return re.test(arn);
}

/** Each resource pattern compiled once: every role of every stack is matched against the same few. */
const globs = new Map<string, RegExp>();

/** What a statement lets a role do to itself, or undefined: the actions, and the resources that name it. */
export interface SelfModification {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/**
 * The role-mutating actions an Allow statement grants on `role` itself (by name, by wildcard action,
 * through `NotAction`; on resources that name or cover it, or through `NotResource` that does not
 * exclude it), and the policy-version actions it grants on one of `attached` (customer-managed
 * policies attached to the role).
 */
export function selfModification(
  statement: {
    readonly effect: string;
    readonly actions: readonly string[];
    readonly notActions?: readonly string[];
    readonly resources: readonly string[];
    readonly notResources?: readonly string[];
  },
  role: RoleIdentity,
  attached: readonly PolicyIdentity[] = [],
): SelfModification | undefined {
  if (statement.effect !== "Allow") return undefined;
  const onRole = grantedActions(statement, ROLE_MUTATING_ACTIONS);
  const onPolicies = attached.length > 0 ? grantedActions(statement, POLICY_VERSION_ACTIONS) : [];
  const covers = (matches: (r: string) => boolean): string[] => {
    const notResources = statement.notResources ?? [];
    if (notResources.length > 0) return notResources.some(matches) ? [] : [`every resource but ${notResources.join(", ")} (NotResource)`];
    return statement.resources.filter(matches);
  };
  const roleResources = onRole.length > 0 ? covers((r) => namesRole(r, role)) : [];
  const policyResources = onPolicies.length > 0 ? covers((r) => attached.some((p) => namesPolicy(r, p))) : [];
  const actions = [...(roleResources.length > 0 ? onRole : []), ...(policyResources.length > 0 ? onPolicies : [])];
  if (actions.length === 0) return undefined;
  return { actions, resources: [...new Set([...roleResources, ...policyResources])] };
}
