import { list } from "../../config";
import type { SynthesizedResource } from "../../rule";

/**
 * An AWS-managed policy ARN, whatever the partition is written as: `arn:aws:iam::aws:policy/X`,
 * `arn:aws-cn:...`, or `arn:${data.aws_partition.p.partition}:iam::aws:policy/X`. Group 1 is the
 * policy's path and name (`service-role/AWSLambdaBasicExecutionRole`).
 */
const AWS_MANAGED = /^arn:(?:aws[a-z-]*|\$\{[^}]+\}):iam::aws:policy\/(.+)$/;

/** The name (path included) of an AWS-managed policy ARN, or undefined. */
export function awsManagedPolicyName(arn: unknown): string | undefined {
  return typeof arn === "string" ? AWS_MANAGED.exec(arn)?.[1] : undefined;
}

/** AWS-managed policies that amount to full administrator access. */
export const ADMIN_POLICIES: readonly string[] = ["AdministratorAccess", "IAMFullAccess"];

/** Types that attach managed policies to a role, user or group, and the attribute that lists them. */
export const POLICY_ATTACHMENTS: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_user_policy_attachments_exclusive: "policy_arns",
  aws_iam_group_policy_attachments_exclusive: "policy_arns",
  aws_iam_role: "managed_policy_arns",
};

/** The policy ARNs a resource attaches, with the attribute they are in. */
export function attachedPolicyArns(resource: SynthesizedResource): { attribute: string; arns: unknown[] } {
  const attribute = resource.mode === "managed" ? POLICY_ATTACHMENTS[resource.type] : undefined;
  return attribute ? { attribute, arns: list(resource.config[attribute]) } : { attribute: "", arns: [] };
}
