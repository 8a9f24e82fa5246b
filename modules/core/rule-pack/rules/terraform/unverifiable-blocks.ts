import { catalogEntry } from "../../../catalog";
import { describeUnreadable, isObject, type Config } from "../../../terraform";
import { typeKey, type Rule } from "../../rule";
import { modelOf } from "../aws/iam-statements";

/**
 * Argument names that grant or expose something in any provider: a type the catalog does not
 * describe but that carries one of them could be an IAM policy, an ACL or a firewall.
 */
const SECURITY_LIKE = /(^|_)(policy|policies|acl|acls|grant|grants|grantee|ingress|egress|cidr|cidrs|cidr_block|cidr_blocks|source_ranges|principal|principals|member|members|binding|bindings|role|roles|permission|permissions|access|public|authorization|authorizer|trust|firewall|allow|deny|share|shared|sharing|sharable)(_|$)/;

/**
 * The security-like argument names of a block (top level and one level of nested blocks), and its
 * type's name when that looks like one (`aws_ami_launch_permission`, `aws_ram_resource_share`).
 */
export function securityLikeArguments(config: Config, type?: string): string[] {
  const found = new Set<string>();

  for (const [key, value] of Object.entries(config)) {
    if (SECURITY_LIKE.test(key)) found.add(key);
    for (const nested of Array.isArray(value) ? value : [value]) {
      if (isObject(nested)) for (const k of Object.keys(nested)) if (SECURITY_LIKE.test(k)) found.add(`${key}.${k}`);
    }
  }
  // Only when no argument does: a type named like a permission or share with innocent-looking arguments.
  if (found.size === 0 && type !== undefined && SECURITY_LIKE.test(type.replace(/^data\./, ""))) return [`name (${type})`];
  return [...found].sort();
}

export const unverifiableBlocks: Rule = {
  id: "unverifiable-blocks",
  title: "The stack holds nothing that can grant or run what synth cannot see",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "No `module` block (`TerraformHclModule`: it creates resources and policies this stack does not describe), no provisioner on any resource (`local-exec`, `remote-exec`: it runs commands with the deployer's credentials), no `data.external` (it runs a program when Terraform plans), and no resource or data source of a type the catalog does not describe (modules/core/catalog) whose arguments look like a policy, ACL, ingress, member, role or permission. Each is reported as \"cannot verify <what> at <address>\" in every environment and cannot be suppressed: write the resources in the stack, or add the type's catalog entry (docs/catalog.md).",
  appliesTo: ["*"],
  check(resource) {
    const key = typeKey(resource);
    const model = modelOf(resource);
    const problems = model
      .unreadable(resource.address)
      .filter((u) => resource.mode === "module" ? u.path === "" : u.path.startsWith("provisioner["))
      .map((u) => describeUnreadable(u));
    const entry = catalogEntry(key);
    if (entry?.executes) problems.push(`cannot verify ${key} at ${resource.address}: it ${entry.executes}`);
    if (!entry && resource.mode !== "module") {
      const risky = securityLikeArguments(resource.config, key);
      if (risky.length > 0) {
        problems.push(
          `cannot verify ${key} at ${resource.address}: the catalog does not describe this type, and its ${risky.join(", ")} can grant or expose access; describe it in modules/core/catalog (docs/catalog.md)`,
        );
      }
    }
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
