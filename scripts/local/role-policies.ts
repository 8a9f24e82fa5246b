import { boundaryPolicy } from "./boundary";
import type { PolicyJson } from "./policy-document";
import { References } from "./references";
import { resource, resourcesOf, type Block, type Stack } from "./stack";

/** What a role may do, as far as the stack says. */
export interface RolePolicies {
  readonly roleArn: string;
  readonly roleName: string;
  /** Identity policies evaluated for every call: inline ones and customer-managed ones from the stack. */
  readonly policies: readonly { readonly name: string; readonly policy: PolicyJson }[];
  /**
   * What the stack attaches but cannot be evaluated here (AWS-managed policies, policies from outside
   * the stack). Calls they would allow are refused locally, and the refusal names them.
   */
  readonly notEvaluated: readonly string[];
  /** The role's permissions boundary, evaluated with its policies, when the app's output holds it. */
  readonly boundary?: { readonly arn: string; readonly policy: PolicyJson };
  /** Set when something could narrow the role in AWS and cannot be evaluated here (a boundary the output does not hold): every call is refused. */
  readonly refuseAll?: string;
}

/** The role a function's `role` attribute names, with every policy the stack gives it. */
export function rolePolicies(stack: Stack, refs: References, roleAttribute: unknown, where: string): RolePolicies {
  const target = References.target(roleAttribute);
  if (!target || target.type !== "aws_iam_role" || target.data) {
    const arn = typeof roleAttribute === "string" ? roleAttribute : JSON.stringify(roleAttribute);
    return { roleArn: arn, roleName: arn.split("/").pop() ?? arn, policies: [], notEvaluated: [`role ${arn} is not defined in this stack`] };
  }
  const roleKey = target.name;
  const role = resource(stack, "aws_iam_role", roleKey);
  if (!role) throw new Error(`${where}: role aws_iam_role.${roleKey} is not in the stack`);
  const roleName = refs.resolve(`\${aws_iam_role.${roleKey}.name}`, where);
  const roleArn = refs.resolve(`\${aws_iam_role.${roleKey}.arn}`, where);
  const isThisRole = (value: unknown): boolean => {
    const t = References.target(value);
    if (t) return t.type === "aws_iam_role" && t.name === roleKey;
    return value === roleName || value === roleArn;
  };

  const policies: { name: string; policy: PolicyJson }[] = [];
  const notEvaluated: string[] = [];
  const parse = (text: unknown, at: string): PolicyJson => {
    if (typeof text !== "string") throw new Error(`${at}: policy is not a string`);
    return JSON.parse(refs.resolve(text, at)) as PolicyJson;
  };

  for (const { block: inline, refs: scoped } of refs.blocks(role, "inline_policy", `aws_iam_role.${roleKey}`)) {
    if (inline.policy === undefined) continue;
    const at = `aws_iam_role.${roleKey} inline_policy`;
    if (typeof inline.policy !== "string") throw new Error(`${at}: policy is not a string`);
    policies.push({ name: `inline ${String(inline.name)}`, policy: JSON.parse(scoped.resolve(inline.policy, at)) as PolicyJson });
  }
  for (const [key, block] of resourcesOf(stack, "aws_iam_role_policy")) {
    if (isThisRole(block.role)) policies.push({ name: `aws_iam_role_policy.${key}`, policy: parse(block.policy, `aws_iam_role_policy.${key}`) });
  }
  const attach = (policyArn: unknown, at: string) => {
    const t = References.target(policyArn);
    const policy = t && t.type === "aws_iam_policy" ? resource(stack, "aws_iam_policy", t.name) : undefined;
    if (policy && t) policies.push({ name: `aws_iam_policy.${t.name}`, policy: parse(policy.policy, `aws_iam_policy.${t.name}`) });
    else notEvaluated.push(`${at}: managed policy ${String(policyArn)} (not in this stack)`);
  };
  for (const [key, block] of resourcesOf(stack, "aws_iam_role_policy_attachment")) {
    if (isThisRole(block.role)) attach(block.policy_arn, `aws_iam_role_policy_attachment.${key}`);
  }
  for (const [key, block] of resourcesOf(stack, "aws_iam_policy_attachment")) {
    if (Array.isArray(block.roles) && block.roles.some(isThisRole)) attach(block.policy_arn, `aws_iam_policy_attachment.${key}`);
  }
  for (const arn of Array.isArray(role.managed_policy_arns) ? role.managed_policy_arns : []) attach(arn, `aws_iam_role.${roleKey}.managed_policy_arns`);

  const boundary = (role as Block).permissions_boundary;
  const boundaryArn = typeof boundary === "string" ? refs.resolve(boundary, `aws_iam_role.${roleKey}.permissions_boundary`) : undefined;
  const boundaryDocument = boundaryArn !== undefined ? boundaryPolicy(stack, boundaryArn) : undefined;
  return {
    roleArn,
    roleName,
    policies,
    notEvaluated,
    ...(boundaryArn !== undefined && boundaryDocument !== undefined && { boundary: { arn: boundaryArn, policy: boundaryDocument } }),
    ...(boundary !== undefined &&
      boundaryDocument === undefined && { refuseAll: `the role's permissions boundary (${String(boundary)}) is not in the app's output, so it is not evaluated locally` }),
  };
}
