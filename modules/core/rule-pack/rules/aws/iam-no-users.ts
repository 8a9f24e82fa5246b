import { list } from "../../config";
import type { Rule } from "../../rule";

const USER_TYPES = ["aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_user_policy_attachments_exclusive", "aws_iam_user_group_membership", "aws_iam_group_membership"];
/** Groups only hold users: a policy on a group is a policy on people. */
const GROUP_TYPES = ["aws_iam_group", "aws_iam_group_policy", "aws_iam_group_policy_attachment", "aws_iam_group_policy_attachments_exclusive"];

export const iamNoUsers: Rule = {
  id: "iam-no-users",
  title: "Access goes through roles, not IAM users or groups",
  checkov: ["CKV_AWS_273", "CKV_AWS_40"],
  trivy: ["AWS-0143"],
  description:
    "The stack creates no `aws_iam_user` or `aws_iam_group`, grants no policy to a user or group (`aws_iam_user_policy`, `aws_iam_group_policy`, their attachments and exclusive attachments, `aws_iam_policy_attachment` with `users` or `groups`) and adds no user to a group: people sign in through IAM Identity Center (SSO) and workloads and CI assume roles (OIDC), so a service stack manages no human principals and there are no long-lived identities to leak. Cannot be suppressed.",
  appliesTo: [...USER_TYPES, ...GROUP_TYPES, "aws_iam_policy_attachment"],
  check(resource) {
    if (resource.type === "aws_iam_policy_attachment") {
      const principals = [...list(resource.config.users).map((u) => `user ${String(u)}`), ...list(resource.config.groups).map((g) => `group ${String(g)}`)];
      return principals.length > 0 ? `attaches ${resource.config.policy_arn} to ${principals.join(", ")}; attach it to a role instead` : undefined;
    }
    if (resource.type === "aws_iam_user") return `creates IAM user ${String(resource.config.name)}; use IAM Identity Center for people and roles (OIDC for CI) for machines`;
    if (resource.type === "aws_iam_group") return `creates IAM group ${String(resource.config.name)}; people get permission sets in IAM Identity Center, machines roles`;
    if (GROUP_TYPES.includes(resource.type)) return `${resource.type} grants permissions to the people of an IAM group; grant them to a role (or an IAM Identity Center permission set) instead`;
    return `${resource.type} grants permissions through an IAM user; grant them to a role instead`;
  },
};
