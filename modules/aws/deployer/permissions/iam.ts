import { environmentArn, type DeployGrants } from "./grant";

const ROLE = environmentArn("aws_iam_role", { name: "{prefix}*" });
const POLICY = environmentArn("aws_iam_policy", { name: "{prefix}*" });

/**
 * IAM. Only reads and the changes that cannot grant anything are listed here: creating or changing
 * a role's permissions (CreateRole, Put/Attach/Detach/DeleteRolePolicy, PutRolePermissionsBoundary)
 * is granted by the apply role's own statements, only with the environment's permissions boundary
 * (modules/aws/deployer/deployer-statements.ts), and so is iam:PassRole.
 */
export const IAM_GRANTS: DeployGrants = {
  aws_iam_role: [
    { phase: "read", actions: ["iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRoleTags"], resources: [ROLE] },
    { phase: "manage", actions: ["iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole"], resources: [ROLE] },
  ],
  aws_iam_role_policy: [{ phase: "read", actions: ["iam:GetRolePolicy", "iam:ListRolePolicies"], resources: [ROLE] }],
  aws_iam_role_policy_attachment: [{ phase: "read", actions: ["iam:ListAttachedRolePolicies"], resources: [ROLE] }],
  aws_iam_policy: [
    { phase: "read", actions: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags"], resources: [POLICY] },
    { phase: "manage", actions: ["iam:CreatePolicy", "iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"], resources: [POLICY] },
  ],
  "data.aws_iam_policy_document": [],
  "data.aws_caller_identity": [],
  "data.aws_partition": [],
  "data.aws_region": [],
};
