import { catalogEntries } from "../../../catalog";
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

/**
 * Types that attach managed policies to a role, user or group, and the attribute that lists them,
 * as the catalog says (`policy-attachment` grants with a `policy` argument).
 */
export const POLICY_ATTACHMENTS: Readonly<Record<string, string>> = Object.fromEntries(
  catalogEntries().flatMap((e) => (e.grants ?? []).flatMap((g) => (g.kind === "policy-attachment" && g.policy !== undefined ? [[e.type, g.policy]] : []))),
);

/** The policy ARNs a resource attaches, with the attribute they are in (as the model resolves them: a data source's literal `arn`, a local). */
export function attachedPolicyArns(resource: SynthesizedResource): { attribute: string; arns: unknown[] } {
  const attribute = resource.mode === "managed" ? POLICY_ATTACHMENTS[resource.type] : undefined;
  return attribute ? { attribute, arns: list(resource.config[attribute]) } : { attribute: "", arns: [] };
}
