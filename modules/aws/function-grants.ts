import type { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { shortHash } from "../core/naming";
import { checkSameStack } from "../core/same-stack";
import { estimatePolicySize, ROLE_INLINE_POLICY_MAX_CHARS, UNRESOLVED_VALUE_CHARS } from "../core/policy/policy-size";
import { toDocumentStatement, validatePolicyStatements, type PolicyConditionBlock, type PolicyDocumentStatement, type PolicyStatement } from "../core/policy/policy-statement";
import { stackContext } from "../core/stack-context";
import { receivedInstead, Validator } from "../core/validation";
import { ExecutionRole } from "./execution-role";

/**
 * What a `grant*` method gives statements to: a `ServerlessFunction` (anything with its own
 * execution role). Written structurally so that the data constructs need not import the function.
 */
export interface GrantableFunction extends IConstruct {
  readonly functionName: string;
  readonly role: ExecutionRole;
}

/** One statement a grant adds: its sid says which resource and what for (`TableOrdersReadData`). */
export interface GrantStatement extends PolicyStatement {
  readonly sid: string;
}

/**
 * Adds the statements of `kind`'s grant `method` (on `grantor`) to the function's execution policy, checked as `policyStatements` are
 * (Service Authorization Reference, the stack's account and region, the function's own role, IAM's
 * size limit). Granting the same thing twice adds it once. Statement ids start with the resource's
 * kind and construct id; a second resource of the same kind and id elsewhere in the app gets a
 * hash of its path, so its statements never replace another's.
 */
export function grantToFunction(grantor: IConstruct, kind: string, method: string, fn: unknown, statements: readonly GrantStatement[], prop = method): void {
  const to = isGrantable(fn) && fn !== grantor ? ` (to ${fn.node.path})` : "";
  const v = new Validator(`${kind} ${method}${to}`, grantor.node.path);
  if (!isGrantable(fn)) {
    v.fail("fn", "a ServerlessFunction (the function whose execution role gets the statements)", receivedInstead(fn));
    v.throwIfInvalid();
  }
  const target = fn as GrantableFunction;
  checkSameStack(v, "fn", grantor, TerraformStack.of(target), target.node.path);
  v.throwIfInvalid();
  validatePolicyStatements(
    v,
    prop,
    statements.map(({ sid: _sid, ...s }) => s),
    { scope: target, kind: `${kind} ${method}`, role: target.role.identity },
  );
  v.throwIfInvalid();
  const current = target.role.statements;
  const added: PolicyDocumentStatement[] = [];
  for (const statement of statements) {
    const { sid, ...rest } = statement;
    let document = toDocumentStatement(rest, sid);
    const same = [...current, ...added].find((s) => s.sid === sid);
    if (same && sameStatement(same, document)) continue;
    if (same) document = { ...document, sid: `${sid}${shortHash(grantor.node.path, 6).toUpperCase()}` };
    if ([...current, ...added].some((s) => sameStatement(s, document))) continue;
    added.push(document);
  }
  const size = estimatePolicySize([...current, ...added]);
  if (size > ROLE_INLINE_POLICY_MAX_CHARS) {
    v.fail(
      "fn",
      `a function whose execution role's inline policy stays within ${ROLE_INLINE_POLICY_MAX_CHARS} characters with this grant ` +
        `(IAM's limit; references counted as ${UNRESOLVED_VALUE_CHARS} characters)`,
      `about ${size} characters for ${target.node.path}`,
    );
  }
  v.throwIfInvalid();
  target.role.addStatements(added);
}

/** A sid's resource part: the construct id's letters and digits (`orders-table` -> `Orderstable`). */
export function sidPart(id: string): string {
  const alnum = id.replace(/[^A-Za-z0-9]/g, "");
  return alnum === "" ? "Resource" : alnum.charAt(0).toUpperCase() + alnum.slice(1);
}

/**
 * The statement that lets a function use the customer-managed key of a resource, through that
 * resource's service only (`kms:ViaService`, `<service>.<region>.amazonaws.com`): the key cannot be
 * used directly, nor through another service. The region is the stack's provider's; when it is not
 * literal, any region of the service (`StringLike`).
 */
export function keyStatement(scope: IConstruct, sid: string, keyArn: string, actions: readonly string[], service: string, what: string): GrantStatement {
  return {
    sid,
    actions: [...actions],
    resources: [keyArn],
    conditions: [viaService(scope, service)],
    reason: `the customer-managed key that encrypts ${what}`,
  };
}

function viaService(scope: IConstruct, service: string): PolicyConditionBlock {
  const aws = stackContext(scope, "aws").aws;
  const suffix = aws?.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return aws?.region !== undefined
    ? { test: "StringEquals", variable: "kms:ViaService", values: [`${service}.${aws.region}.${suffix}`] }
    : { test: "StringLike", variable: "kms:ViaService", values: [`${service}.*.${suffix}`] };
}

function isGrantable(fn: unknown): fn is GrantableFunction {
  return fn !== null && typeof fn === "object" && (fn as { role?: unknown }).role instanceof ExecutionRole && typeof (fn as { node?: unknown }).node === "object";
}

function sameStatement(a: PolicyDocumentStatement, b: PolicyDocumentStatement): boolean {
  return JSON.stringify({ ...a, sid: undefined }) === JSON.stringify({ ...b, sid: undefined });
}
