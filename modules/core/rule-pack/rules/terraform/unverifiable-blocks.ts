import { catalogEntry } from "../../../catalog";
import { securityLikeArguments } from "../../../catalog/security";
import { describeUnreadable } from "../../../terraform";
import { typeKey, type Rule } from "../../rule";
import { modelOf } from "../aws/iam-statements";

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
