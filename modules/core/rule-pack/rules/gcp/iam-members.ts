import { blocks, list } from "../../config";
import type { RuleContext, SynthesizedResource } from "../../rule";

/** One grant: a role and a member (`user:...`, `serviceAccount:...`, `allUsers`, ...). */
export interface Grant {
  readonly role: string;
  readonly member: string;
}

/** The IAM resource types of one target (`google_project` -> `_iam_member`, `_iam_binding`, `_iam_policy`). */
export function iamTypes(target: string): string[] {
  return [`${target}_iam_member`, `${target}_iam_binding`, `${target}_iam_policy`];
}

/**
 * The grants an IAM resource makes: `member` of an `_iam_member`, `members` of an `_iam_binding`,
 * the bindings of an `_iam_policy` (its literal `policy_data` JSON, or the `data.google_iam_policy`
 * it references).
 */
export function grants(resource: SynthesizedResource, context: RuleContext): Grant[] {
  const c = resource.config;
  const role = typeof c.role === "string" ? c.role : "";
  if (resource.type.endsWith("_iam_member")) return list(c.member).map((m) => ({ role, member: String(m) }));
  if (resource.type.endsWith("_iam_binding")) return list(c.members).map((m) => ({ role, member: String(m) }));
  if (resource.type.endsWith("_iam_policy")) {
    const fromData = context
      .referencedBy(c.policy_data)
      .filter((d) => d.mode === "data" && d.type === "google_iam_policy")
      .flatMap((d) => blocks(d.config.binding).flatMap((b) => list(b.members).map((m) => ({ role: String(b.role ?? ""), member: String(m) }))));
    return [...fromData, ...policyDataGrants(c.policy_data)];
  }
  return [];
}

function policyDataGrants(policyData: unknown): Grant[] {
  if (typeof policyData !== "string" || !policyData.trim().startsWith("{")) return [];
  try {
    const parsed = JSON.parse(policyData) as { bindings?: { role?: unknown; members?: unknown }[] };
    return list(parsed.bindings).flatMap((b) => {
      const binding = b as { role?: unknown; members?: unknown };
      return list(binding.members).map((m) => ({ role: String(binding.role ?? ""), member: String(m) }));
    });
  } catch {
    return [];
  }
}

/** Members that mean "anyone on the internet" (with or without a Google account). */
export const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/** The default Compute Engine and App Engine service accounts, which hold roles/editor in a new project. */
export function isDefaultServiceAccount(member: string): boolean {
  return /-compute@developer\.gserviceaccount\.com$|@appspot\.gserviceaccount\.com$/.test(member);
}
