import { selfModification } from "../../../policy/role-self-modification";
import type { Rule } from "../../rule";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";
import { rolesGovernedBy } from "./role-policies";

export const iamNoRoleSelfModification: Rule = {
  id: "iam-no-role-self-modification",
  title: "No role may change its own permissions",
  suppressible: false,
  checkov: ["CKV_AWS_286", "CKV_AWS_289"],
  trivy: [],
  description:
    "No Allow statement of a role's own policies (inline, a role policy, an attached customer-managed policy, or a policy document they read) grants an action that changes that same role (`ROLE_MUTATING_ACTIONS` in modules/core/policy/role-self-modification.ts: `iam:PutRolePolicy`, `iam:AttachRolePolicy`, `iam:DetachRolePolicy`, `iam:DeleteRolePolicy`, `iam:PutRolePermissionsBoundary`, `iam:DeleteRolePermissionsBoundary`, `iam:UpdateAssumeRolePolicy`, `iam:UpdateRole`, `iam:TagRole`...) on it, or a policy-version action (`iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`) on a policy attached to it: whether the resource is written out (`arn:aws:iam::111111111111:role/orders-role`, any case), a reference (`${aws_iam_role.r.arn}`, `role/${aws_iam_role.r.name}`) or a pattern that covers it (`role/*`, `\"*\"`, `NotResource`), and whether the action is named, a wildcard (`iam:Put*`) or left in by `NotAction`. The role could grant itself anything, however exact its ARN. Cannot be suppressed.",
  appliesTo: IAM_POLICY_TYPES,
  check(resource, context) {
    const roles = rolesGovernedBy(resource, context);
    if (roles.length === 0) return undefined;
    const problems: string[] = [];
    for (const s of permissionStatements(resource)) {
      if (s.principals.length > 0 || s.hasNotPrincipals) continue;
      for (const { role, identity, attached } of roles) {
        const found = selfModification(s, identity, attached);
        if (found) problems.push(`${s.label} allows ${found.actions.join(", ")} on ${found.resources.map((r) => JSON.stringify(r)).join(", ")}, and applies to that role (${role.address})`);
      }
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}: the role can grant itself any permission; give IAM changes to a separate role that is not governed by this policy`;
  },
};
