import { block, isUnder, list } from "../../../terraform";
import { show } from "../../config";
import { typeKey, type Rule } from "../../rule";
import { securityAttributes, securityLikeArguments } from "../../../catalog/security";

export const lifecycleNoIgnoredSecurity: Rule = {
  id: "lifecycle-no-ignored-security",
  title: "Terraform reverts drift on what grants or exposes",
  suppressible: false,
  guards: "iam",
  checkov: [],
  trivy: [],
  description:
    "No `lifecycle.ignore_changes` of `all`, nor of an argument that grants or exposes something (the catalog's `grants`: a policy, a trust policy, a role a resource runs as, a permission, an ingress rule, an ACL...; for a type the catalog does not know, an argument that looks like one): a change made outside Terraform (a wider policy, another role) would never be reverted, and the stack would no longer say what is deployed. Cannot be suppressed: let Terraform manage the argument.",
  appliesTo: ["*"],
  check(resource) {
    const lifecycle = block(resource.block?.raw.lifecycle ?? resource.config.lifecycle);
    if (!lifecycle || lifecycle.ignore_changes === undefined) return undefined;
    const ignored = list(lifecycle.ignore_changes).map((v) => (typeof v === "string" ? v.replace(/^\$\{(.*)\}$/, "$1") : v));
    if (ignored.some((v) => v === "all")) return `lifecycle.ignore_changes is ${show(lifecycle.ignore_changes)}: no change made outside Terraform to any argument, its policies and roles included, would be reverted`;
    const key = typeKey(resource);
    const attributes = [...securityAttributes(key), ...securityLikeArguments(resource.config)];
    const risky = ignored.filter((v): v is string => typeof v === "string" && v !== "" && isUnder(v, attributes));
    return risky.length > 0
      ? `lifecycle.ignore_changes lists ${risky.join(", ")}, which ${risky.length > 1 ? "grant or expose" : "grants or exposes"} access on ${key}: a change made outside Terraform there would never be reverted; let Terraform manage it`
      : undefined;
  },
};
