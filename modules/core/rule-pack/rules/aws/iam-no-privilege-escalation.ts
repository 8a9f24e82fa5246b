import { isEscalationAction } from "../../../policy/escalation-actions";
import { isResourceIdWildcard, isWildcardResource } from "../../../policy/resource-arn";
import type { Rule } from "../../rule";
import { judgedAsDeployer } from "./deployer-identities";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

export const iamNoPrivilegeEscalation: Rule = {
  id: "iam-no-privilege-escalation",
  title: "Actions that can escalate privileges name their exact resources",
  checkov: ["CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_289"],
  trivy: ["AWS-0342"],
  description:
    'No Allow statement of an identity policy grants an escalation action (`ESCALATION_ACTIONS` in modules/core/policy/escalation-actions.ts: `iam:PassRole`, `iam:Attach*Policy`, `iam:Put*Policy`, `iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`, access keys and login profiles, `iam:UpdateAssumeRolePolicy`, `sts:AssumeRole`, `lambda:CreateFunction`/`UpdateFunctionCode`/`UpdateFunctionConfiguration`/`AddPermission`, and the other paths of the public escalation research), or a wildcard action covering one (`iam:*`, `iam:Put*`), on `"*"`, a broad ARN (`arn:aws:iam::*:role/x`), a resource-id wildcard (`role/*`, `role/app-*`, `function:*`) or `NotResource`. Each must name the role, policy or function it acts on. The policies of the environment\'s declared deployer roles and its permissions boundary are `iam-deployer-bounded`\'s. Cannot be suppressed.',
  appliesTo: IAM_POLICY_TYPES,
  check(resource, context) {
    // The environment's deployer roles and boundary create what its stacks name: iam-deployer-bounded judges them.
    if (judgedAsDeployer(resource, context)) return undefined;
    const problems: string[] = [];
    for (const s of permissionStatements(resource)) {
      if (s.effect !== "Allow" || s.principals.length > 0) continue;
      const escalating = s.actions.filter(isEscalationAction);
      if (escalating.length === 0) continue;
      if (s.notResources.length > 0) {
        problems.push(`${s.label} allows ${escalating.join(", ")} on every resource but ${s.notResources.join(", ")} (NotResource)`);
        continue;
      }
      const broad = s.resources.filter((r) => isWildcardResource(r) || isResourceIdWildcard(r));
      if (broad.length > 0) problems.push(`${s.label} allows ${escalating.join(", ")} on ${broad.map((r) => JSON.stringify(r)).join(", ")}`);
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}: these actions can grant the principal more than it has; name the exact role, policy or function ARNs`;
  },
};
