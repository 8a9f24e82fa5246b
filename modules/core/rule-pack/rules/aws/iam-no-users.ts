import { list } from "../../config";
import type { Rule } from "../../rule";

const USER_TYPES = ["aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_user_policy_attachments_exclusive", "aws_iam_user_group_membership", "aws_iam_group_membership"];

export const iamNoUsers: Rule = {
  id: "iam-no-users",
  title: "Access goes through roles, not IAM users",
  checkov: ["CKV_AWS_273", "CKV_AWS_40"],
  trivy: ["AWS-0143"],
  description:
    "The stack creates no `aws_iam_user`, grants no policy to a user (`aws_iam_user_policy`, `aws_iam_user_policy_attachment`, `aws_iam_policy_attachment` with `users`) and adds no user to a group: people sign in through IAM Identity Center (SSO) and workloads and CI assume roles (OIDC), so there are no long-lived identities to leak. Cannot be suppressed.",
  appliesTo: [...USER_TYPES, "aws_iam_policy_attachment"],
  check(resource) {
    if (resource.type === "aws_iam_policy_attachment") {
      const users = list(resource.config.users);
      return users.length > 0 ? `attaches ${resource.config.policy_arn} to users ${users.join(", ")}; attach it to a role instead` : undefined;
    }
    if (resource.type === "aws_iam_user") return `creates IAM user ${String(resource.config.name)}; use IAM Identity Center for people and roles (OIDC for CI) for machines`;
    return `${resource.type} grants permissions through an IAM user; grant them to a role instead`;
  },
};
