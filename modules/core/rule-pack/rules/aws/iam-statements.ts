import { catalogEntries } from "../../../catalog";
import { jsonPolicyStatements, policiesOf, TerraformModel, type IamStatement, type PolicyKind } from "../../../terraform";
import { isExpression } from "../../config";
import type { SynthesizedResource } from "../../rule";

/** The house's one IAM statement type (modules/core/terraform/iam-statement.ts). */
export type { IamStatement };

/** Types that hold permission policies (identity-based, inline or managed), as the catalog says. */
export const POLICY_HOLDERS: readonly string[] = catalogEntries()
  .filter((e) => e.grants?.some((g) => g.kind === "identity-policy" && g.policy !== undefined))
  .map((e) => e.type);

/** Every type whose statements the IAM rules read. */
export const IAM_POLICY_TYPES: readonly string[] = ["data.aws_iam_policy_document", ...POLICY_HOLDERS];

/** The stack's model a resource belongs to (a model of the resource alone when it came without one). */
export function modelOf(resource: SynthesizedResource): TerraformModel {
  if (resource.model) return resource.model;
  let model = alone.get(resource);
  if (!model) {
    const section = resource.mode === "data" ? "data" : "resource";
    model = TerraformModel.fromJson(resource.mode === "module" ? { module: { [resource.name]: resource.config } } : { [section]: { [resource.type]: { [resource.name]: resource.config } } });
    alone.set(resource, model);
  }
  return model;
}

const alone = new WeakMap<SynthesizedResource, TerraformModel>();

/**
 * The statements of one kind that a resource defines itself: its literal IAM JSON, or JSON the
 * model reads through a local, `jsonencode(...)` or another resource's argument. A policy that
 * references a document (`${data.aws_iam_policy_document.x.json}`) is left out: the document is
 * checked on its own.
 */
function ownStatements(resource: SynthesizedResource, kind: PolicyKind): IamStatement[] {
  return policiesOf(modelOf(resource), resource.address)
    .filter((p) => p.kind === kind && p.document === undefined)
    .flatMap((p) => p.statements);
}

/**
 * The permission-policy statements a resource defines: a policy document's statements as the
 * provider renders them (its `statement` blocks, `dynamic` ones expanded, with its source and
 * override documents merged by Sid), or the identity policies a role, policy or inline policy
 * holds itself. Trust policies (`assume_role_policy`) are not included.
 */
export function permissionStatements(resource: SynthesizedResource): IamStatement[] {
  if (resource.mode === "data" && resource.type === "aws_iam_policy_document") {
    return policiesOf(modelOf(resource), resource.address).flatMap((p) => p.statements);
  }
  return resource.mode === "managed" ? ownStatements(resource, "identity") : [];
}

/** The statements of a role's own trust policy (a document reference is checked on the document). */
export function trustStatements(resource: SynthesizedResource): IamStatement[] {
  return resource.mode === "managed" ? ownStatements(resource, "trust") : [];
}

/** The statements of a resource's own resource-based policy (a document reference is checked on the document). */
export function resourceStatements(resource: SynthesizedResource): IamStatement[] {
  return resource.mode === "managed" ? ownStatements(resource, "resource") : [];
}

/** Statements of an IAM JSON policy given as literal text; an expression or unparsable text gives none. */
export function jsonStatements(policy: unknown, prefix: string): IamStatement[] {
  if (typeof policy !== "string" || !policy.trim().startsWith("{")) return [];
  try {
    return jsonPolicyStatements(JSON.parse(policy), prefix, { address: "", attribute: prefix.replace(/\.$/, "") });
  } catch {
    return [];
  }
}

/** True for an action name with a wildcard (`*`, `s3:*`, `s3:Get*`, `s3:?etObject`). */
export function hasWildcard(action: string): boolean {
  return !isExpression(action) && (action.includes("*") || action.includes("?"));
}

/** Actions that let a principal assume a role (what a trust policy grants). */
export function isAssumeRoleAction(action: string): boolean {
  return /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext|\*)$/i.test(action) || action === "*";
}
