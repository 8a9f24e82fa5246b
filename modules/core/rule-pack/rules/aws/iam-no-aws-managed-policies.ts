import type { Rule } from "../../rule";
import { ADMIN_POLICIES, attachedPolicyArns, awsManagedPolicyName, POLICY_ATTACHMENTS } from "./managed-policies";

export const iamNoAwsManagedPolicies: Rule = {
  id: "iam-no-aws-managed-policies",
  title: "Roles get computed policies, not AWS-managed ones",
  checkov: [],
  trivy: [],
  description:
    "No role, user or group is attached an AWS-managed policy (`arn:<partition>:iam::aws:policy/...`, the partition literal or a `data.aws_partition` reference) through an attachment, an `*_policy_attachments_exclusive` or `managed_policy_arns`: AWS-managed policies grant whole services on `\"*\"` and change when AWS decides. ServerlessFunction computes each statement instead. `AdministratorAccess` and `IAMFullAccess` are `iam-no-admin-access`'s, which cannot be suppressed.",
  appliesTo: Object.keys(POLICY_ATTACHMENTS),
  check(resource) {
    const { attribute, arns } = attachedPolicyArns(resource);
    // Administrator policies are iam-no-admin-access's finding (which cannot be suppressed), not a second one here.
    const managed = arns.filter((a) => awsManagedPolicyName(a) !== undefined && !ADMIN_POLICIES.includes(awsManagedPolicyName(a)!));
    if (managed.length === 0) return undefined;
    return `${attribute} attaches AWS-managed ${managed.map((a) => awsManagedPolicyName(a)).join(", ")}; grant the actions the role needs on its own resources (ServerlessFunction policyStatements)`;
  },
};
