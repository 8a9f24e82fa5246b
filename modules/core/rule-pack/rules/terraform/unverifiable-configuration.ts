import { catalogEntry } from "../../../catalog";
import { describeUnreadable, isUnder } from "../../../terraform";
import { typeKey, type Rule } from "../../rule";
import { modelOf } from "../aws/iam-statements";
import { securityAttributes, securityLikeArguments } from "../../../catalog/security";

export const unverifiableConfiguration: Rule = {
  id: "unverifiable-configuration",
  title: "Every block is of a type the rule pack can read",
  checkov: [],
  trivy: [],
  description:
    "Every resource and data source is of a type the catalog describes (modules/core/catalog: what it grants or exposes, its ARN, its names), so the rules know what it is; a `terraform_data` (values and replacement triggers outside any resource) or a `data.http` (a URL fetched when Terraform plans) is reported too, and so is a `dynamic` block over a list only Terraform knows outside what grants or exposes (there it is `aws-readable-security-values`' or `gcp-readable-security-values`'). Reported as \"cannot verify <what> at <address>\" in every environment; types whose arguments look like a policy, ACL, ingress or member are `unverifiable-blocks`' (which cannot be suppressed). Add the type's catalog entry (docs/catalog.md), or suppress with the reason the block is harmless.",
  appliesTo: ["*"],
  check(resource) {
    if (resource.mode === "module") return undefined;
    const key = typeKey(resource);
    const entry = catalogEntry(key);
    const problems: string[] = [];
    if (!entry) {
      if (securityLikeArguments(resource.config, key).length > 0) return undefined;
      problems.push(`cannot verify ${key} at ${resource.address}: the catalog does not describe this type, so no rule knows what it grants or exposes; describe it in modules/core/catalog (docs/catalog.md)`);
    } else if (entry.unverifiable) {
      problems.push(`cannot verify ${key} at ${resource.address}: ${entry.unverifiable}`);
    }
    const attributes = securityAttributes(key);
    problems.push(
      ...modelOf(resource)
        .unreadable(resource.address)
        .filter((u) => u.path.includes("dynamic.") || u.path.startsWith("dynamic"))
        .filter((u) => !isUnder(u.path, attributes))
        .map((u) => describeUnreadable(u)),
    );
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
