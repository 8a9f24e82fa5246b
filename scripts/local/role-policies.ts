import { catalogEntry, type Grant } from "../../modules/core/catalog";
import { describeUnreadable, list, policiesOf, type IamStatement, type ModelBlock } from "../../modules/core/terraform";
import { boundaryStatements } from "./boundary";
import { blocksAs } from "./stack";
import type { LocalValues } from "./values";

/** What a role may do, as far as the stack says. */
export interface RolePolicies {
  readonly roleArn: string;
  readonly roleName: string;
  /**
   * Identity policies evaluated for every call, read through the model (`policiesOf`), values
   * resolved: the role's inline policies, its `aws_iam_role_policy`s and the stack's managed
   * policies attached to it.
   */
  readonly policies: readonly { readonly name: string; readonly statements: readonly IamStatement[] }[];
  /**
   * What the stack attaches but cannot be evaluated here (AWS-managed policies, policies from outside
   * the stack). Calls they would allow are refused locally, and the refusal names them.
   */
  readonly notEvaluated: readonly string[];
  /** The role's permissions boundary, evaluated with its policies, when the app's output holds it. */
  readonly boundary?: { readonly arn: string; readonly statements: readonly IamStatement[] };
  /** Set when something could narrow the role in AWS and cannot be evaluated here (a boundary the output does not hold): every call is refused. */
  readonly refuseAll?: string;
}

type IdentityGrant = Extract<Grant, { kind: "identity-policy" | "policy-attachment" }>;

/**
 * The role a `role` argument names (a function's, a schedule's target), with every policy the stack
 * gives it. Which blocks give a role a policy is the catalog's: their identity-policy and
 * policy-attachment grants, for the role itself (`principal.kind: "self"`) or naming it in another
 * of their arguments (`role`, `roles`, `role_name`). A policy the model cannot read whole is an error
 * naming what and why: it could hold a Deny.
 */
export function rolePolicies(values: LocalValues, roleArgument: unknown, where: string): RolePolicies {
  const role = values.blockNamedBy(roleArgument);
  if (!role || !blocksAs(values.stack, "role").includes(role)) {
    let arn: string;
    try {
      arn = values.text(roleArgument, where);
    } catch {
      arn = typeof roleArgument === "string" ? roleArgument : JSON.stringify(roleArgument);
    }
    return { roleArn: arn, roleName: arn.split("/").pop() ?? arn, policies: [], notEvaluated: [`role ${arn} is not defined in this stack`] };
  }
  const roleName = values.attribute(role.address, "name", where);
  const roleArn = values.attribute(role.address, "arn", where);
  const namesRole = (value: unknown): boolean =>
    list(value).some((v) => {
      if (values.stack.model.referencedAddresses(v).includes(role.address)) return true;
      try {
        const text = values.text(v, where);
        return text === roleName || text === roleArn;
      } catch {
        return false;
      }
    });

  const policies: { name: string; statements: IamStatement[] }[] = [];
  const notEvaluated: string[] = [];
  const read = new Set<string>();
  const identityOf = (block: ModelBlock) => {
    for (const reading of policiesOf(values.stack.model, block.address)) {
      if (reading.kind !== "identity") continue;
      const name = reading.attribute === "policy" ? block.address : `${block.address}.${reading.attribute}`;
      if (read.has(name)) continue;
      read.add(name);
      if (reading.unreadable.length > 0) throw new Error(`${where}: ${roleName}'s policy ${name} cannot be read: ${describeUnreadable(reading.unreadable[0])}`);
      policies.push({ name, statements: values.statements(reading.statements, name) });
    }
  };
  const attach = (block: ModelBlock, grant: IdentityGrant & { policy: string }, self: boolean) => {
    for (const value of list(block.config[grant.policy])) {
      const policy = values.blockNamedBy(value);
      if (policy && catalogEntry(policy.typeKey)?.grants?.some((g) => g.kind === "identity-policy" && !g.principal)) {
        identityOf(policy);
        continue;
      }
      let arn: string;
      try {
        arn = values.text(value, where);
      } catch {
        arn = String(value);
      }
      notEvaluated.push(`${self ? `${block.address}.${grant.policy}` : block.address}: managed policy ${arn} (not in this stack)`);
    }
  };

  // The blocks the catalog says the runner reads for roles; their grants say how.
  for (const block of [...blocksAs(values.stack, "role"), ...blocksAs(values.stack, "identity-policy"), ...blocksAs(values.stack, "policy-attachment")]) {
    for (const grant of catalogEntry(block.typeKey)?.grants ?? []) {
      if (grant.kind !== "identity-policy" && grant.kind !== "policy-attachment") continue;
      const principal = grant.principal?.kind;
      if (principal !== undefined && principal !== "role" && principal !== "self") continue;
      const self = principal === "self";
      // A policy on its own (aws_iam_policy) is for whoever attaches it: read through the attachment.
      const namedBy = grant.attributes.filter((a) => a !== grant.policy && !a.startsWith(`${grant.policy}.`) && !a.includes("."));
      if (self ? block !== role : namedBy.length === 0 || !namedBy.some((a) => namesRole(block.config[a]))) continue;
      if (grant.kind === "identity-policy") identityOf(block);
      else if (grant.policy) attach(block, grant as IdentityGrant & { policy: string }, self);
    }
  }

  const boundary = role.config.permissions_boundary;
  const boundaryArn = boundary !== undefined && boundary !== null ? safeText(values, boundary, where) : undefined;
  const boundaryPolicy = boundaryArn !== undefined ? boundaryStatements(values.stack, boundaryArn) : undefined;
  return {
    roleArn,
    roleName,
    policies,
    notEvaluated,
    ...(boundaryArn !== undefined && boundaryPolicy !== undefined && { boundary: { arn: boundaryArn, statements: boundaryPolicy } }),
    ...(boundaryArn !== undefined &&
      boundaryPolicy === undefined && { refuseAll: `the role's permissions boundary (${boundaryArn}) is not in the app's output, so it is not evaluated locally` }),
  };
}

function safeText(values: LocalValues, value: unknown, where: string): string {
  try {
    return values.text(value, where);
  } catch {
    return String(value);
  }
}
