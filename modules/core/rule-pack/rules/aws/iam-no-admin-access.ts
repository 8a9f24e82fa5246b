import { list } from "../../config";
import type { Rule, SynthesizedResource } from "../../rule";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

const ADMIN_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const ATTACHMENTS = ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"];

export const iamNoAdminAccess: Rule = {
  id: "iam-no-admin-access",
  suppressible: false,
  title: "IAM policies grant no full administrator access",
  checkov: ["CKV_AWS_62", "CKV_AWS_274"],
  trivy: ["AWS-0057"],
  description:
    'No Allow statement grants action `"*"` on resource `"*"` (in a policy document, an inline or managed policy, or a role\'s inline policy), and no role, user or group gets the AWS-managed `AdministratorAccess` policy.',
  appliesTo: [...IAM_POLICY_TYPES, ...ATTACHMENTS],
  check(resource) {
    const attached = attachedAdminPolicy(resource);
    if (attached) return attached;
    const admin = permissionStatements(resource).filter(
      (s) => s.effect === "Allow" && s.actions.some((a) => a === "*" || a === "*:*") && s.resources.includes("*"),
    );
    if (admin.length === 0) return undefined;
    return `${admin.map((s) => s.label).join(", ")} allow${admin.length === 1 ? "s" : ""} every action on every resource; list the actions and resources the principal needs`;
  },
};

function attachedAdminPolicy(resource: SynthesizedResource): string | undefined {
  if (resource.mode !== "managed") return undefined;
  const arns = ATTACHMENTS.includes(resource.type) ? list(resource.config.policy_arn) : resource.type === "aws_iam_role" ? list(resource.config.managed_policy_arns) : [];
  const admin = arns.find((a) => typeof a === "string" && ADMIN_POLICY.test(a));
  return admin ? `attaches ${String(admin)}; grant a computed least-privilege policy instead` : undefined;
}
