import { list } from "../../config";
import type { Rule } from "../../rule";
import { cannotVerify, unreadableExpressions } from "../readable";
import { GCP_IAM_TARGETS } from "./gcp-iam-targets";
import { iamTypes } from "./iam-members";

export const gcpReadableSecurityValues: Rule = {
  id: "gcp-readable-security-values",
  title: "IAM members, roles and policies are readable at synth",
  checkov: [],
  trivy: [],
  description:
    "Outside `dev`, the `member`, `members`, `role` and `policy_data` of every GCP IAM member, binding and policy, and the permissions of custom roles, hold only literal text and references to resources and data sources of the stack: no `var.`, `local.` or Terraform function. Such a value could be `allUsers` or `roles/owner` and no rule could tell: it is reported as \"cannot verify\" instead of passing.",
  appliesTo: [...GCP_IAM_TARGETS.flatMap(iamTypes), "google_project_iam_custom_role", "google_organization_iam_custom_role"],
  check(resource, context) {
    if (context.environment === "dev") return undefined;
    const c = resource.config;
    const places: [string, unknown][] = resource.type.endsWith("_custom_role")
      ? [["permissions", list(c.permissions)]]
      : [
          ["member", [c.member, c.members]],
          ["role", c.role],
          ["policy_data", c.policy_data],
        ];
    const problems = places
      .map(([place, value]) => [place, unreadableExpressions(value)] as const)
      .filter(([, unreadable]) => unreadable.length > 0)
      .map(([place, unreadable]) => cannotVerify(place, unreadable));
    return problems.length > 0 ? `${problems.join("; ")}; the IAM rules cannot judge it` : undefined;
  },
};
