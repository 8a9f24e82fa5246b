import { coversEveryAction } from "../../../policy/action-patterns";
import { coversEveryResource } from "../../../policy/resource-arn";
import type { Rule, SynthesizedResource } from "../../rule";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";
import { ADMIN_POLICIES, attachedPolicyArns, awsManagedPolicyName, POLICY_ATTACHMENTS } from "./managed-policies";

export const iamNoAdminAccess: Rule = {
  id: "iam-no-admin-access",
  title: "IAM policies grant no full administrator access",
  suppressible: false,
  checkov: ["CKV_AWS_62", "CKV_AWS_274"],
  trivy: ["AWS-0057"],
  description:
    'No Allow statement grants every action on every resource, however it is spelt: action `"*"` (or `"*:*"`), or `NotAction`, on resource `"*"`, an ARN pattern that covers every resource (`arn:*`, `arn:*:*`, `arn:aws:*:*:*:*`, `arn:${partition}:*`) or `NotResource` (in a policy document, an inline or managed policy, or a role\'s inline policy), and no role, user or group gets the AWS-managed `AdministratorAccess` or `IAMFullAccess` (which can grant itself anything), whatever the partition is written as (`arn:aws:...`, `arn:${data.aws_partition.x.partition}:...`) and however it is attached (attachment, `*_policy_attachments_exclusive`, `managed_policy_arns`). Cannot be suppressed.',
  appliesTo: [...new Set([...IAM_POLICY_TYPES, ...Object.keys(POLICY_ATTACHMENTS)])],
  check(resource) {
    const attached = attachedAdminPolicy(resource);
    if (attached) return attached;
    const admin = permissionStatements(resource).flatMap((s) => {
      if (s.effect !== "Allow") return [];
      const actions = s.notActions.length > 0 ? `every action but ${s.notActions.join(", ")} (NotAction)` : s.actions.filter(coversEveryAction).map((a) => JSON.stringify(a))[0];
      const resources = s.notResources.length > 0 ? `every resource but ${s.notResources.join(", ")} (NotResource)` : s.resources.filter(coversEveryResource).map((r) => JSON.stringify(r))[0];
      return actions && resources ? [`${s.label} allows every action on every resource (${actions} on ${resources})`] : [];
    });
    if (admin.length === 0) return undefined;
    return `${admin.join("; ")}; list the actions and resources the principal needs`;
  },
};

function attachedAdminPolicy(resource: SynthesizedResource): string | undefined {
  const { attribute, arns } = attachedPolicyArns(resource);
  const admin = arns.find((a) => ADMIN_POLICIES.includes(awsManagedPolicyName(a) ?? ""));
  return admin ? `${attribute} attaches ${String(admin)}; grant a computed least-privilege policy instead` : undefined;
}
