import { show } from "../../config";
import type { Rule } from "../../rule";
import { modelOf } from "./iam-statements";
import { attachedPolicyArns, awsManagedPolicyName, POLICY_ATTACHMENTS } from "./managed-policies";
import { stackBlockNamed } from "./stack-references";

export const iamAttachedPoliciesReadable: Rule = {
  id: "iam-attached-policies-readable",
  title: "Attached policies are policies of the stack",
  checkov: [],
  trivy: [],
  description:
    "Every policy ARN a role, user or group is attached (`aws_iam_role_policy_attachment`, `aws_iam_policy_attachment`, the `*_policy_attachments_exclusive` types, a role's `managed_policy_arns`: the catalog's `policy-attachment` grants) is a reference to an `aws_iam_policy` the stack defines, whose statements every IAM rule reads. A customer-managed policy named by its ARN (`arn:aws:iam::<account>:policy/...`), a `data.aws_iam_policy` of one, or any other expression could hold anything, AdministratorAccess included: reported as \"cannot verify policy\", in every environment. AWS-managed policies are `iam-no-aws-managed-policies`' and `iam-no-admin-access`'. Cannot be suppressed: define the policy in the stack.",
  appliesTo: Object.keys(POLICY_ATTACHMENTS),
  check(resource) {
    const { attribute, arns } = attachedPolicyArns(resource);
    const model = modelOf(resource);
    const unreadable = arns.filter((arn) => awsManagedPolicyName(arn) === undefined && !stackBlockNamed(model, arn, ["aws_iam_policy"]));
    if (unreadable.length === 0) return undefined;
    return `cannot verify policy ${unreadable.map(show).join(", ")} at ${resource.address}.${attribute}: a policy the stack does not define, whose statements no rule can read; define it as an aws_iam_policy of the stack (or grant through the function's policyStatements)`;
  },
};
