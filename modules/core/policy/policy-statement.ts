import { realWords } from "../rules";
import { isUnresolved, type Validator } from "../validation";
import { isEscalationAction } from "./escalation-actions";
import { conditionScopeOf, lookupAction, mayUseWildcardResource } from "./iam-actions";
import { hasWildcard, isIncompleteArn, isResourceIdWildcard, isWildcardResource } from "./resource-arn";
import { checkStatementPlaces, checkStatementTargets, type StatementTarget } from "./statement-checks";

export type { StatementTarget } from "./statement-checks";

/** A condition as Terraform writes it (`condition { test, variable, values }`). */
export interface PolicyConditionBlock {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** A condition as IAM JSON writes it: `{ StringEquals: { "aws:SourceAccount": "123456789012" } }`. */
export type PolicyConditionMap = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** What a function's code may do: one IAM statement. */
export interface PolicyStatement {
  /** `service:Action` names, e.g. `dynamodb:GetItem`. Wildcards are refused. */
  readonly actions: readonly string[];
  /**
   * ARNs (or references to them). `"*"`, and ARNs as broad as it (a wildcard in the partition,
   * service, region or account, or a resource part that is only `*`), only for actions AWS cannot
   * scope to a resource, or for an action AWS documents on `"*"` with a condition key
   * (`cloudwatch:PutMetricData` with a condition on `cloudwatch:namespace`, see
   * `CONDITION_SCOPED_ACTIONS`); wildcards below a named resource (`arn:aws:s3:::bucket/*`) are fine.
   */
  readonly resources: readonly string[];
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  /** Conditions, in Terraform's block form or IAM's JSON map form. @default none */
  readonly conditions?: readonly PolicyConditionBlock[] | PolicyConditionMap;
  /**
   * Why the statement needs what a least-privilege statement does not have, in at least three words:
   * every resource of a type (`table/*`, `secret:*`, `function:*`), a resource of another account or
   * region than the stack's provider allows, or an action that changes the whole account
   * (`ACCOUNT_DESTRUCTIVE_ACTIONS`: leaving the organization, the account's public access block,
   * default EBS encryption, the password policy, GuardDuty, CloudTrail, Config...). It is for
   * reviewers: it is not written to the policy. It never allows a wildcard for an escalation action
   * (`ESCALATION_ACTIONS`), which must name exact resources, nor lets a function change its own role.
   * @default none (those are refused)
   */
  readonly reason?: string;
}

/** Every key of `PolicyStatement`, for `Validator.onlyKnownKeys` (`action`, `resource` or `condition` would be ignored). */
const POLICY_STATEMENT_KEYS = ["actions", "resources", "effect", "conditions", "reason"] as const satisfies readonly (keyof PolicyStatement)[];
export type PolicyStatementKeysComplete = AllKeysListed<Exclude<keyof PolicyStatement, (typeof POLICY_STATEMENT_KEYS)[number]>>;
/** Every key of `PolicyConditionBlock`. */
const CONDITION_BLOCK_KEYS = ["test", "variable", "values"] as const satisfies readonly (keyof PolicyConditionBlock)[];
export type PolicyConditionBlockKeysComplete = AllKeysListed<Exclude<keyof PolicyConditionBlock, (typeof CONDITION_BLOCK_KEYS)[number]>>;

/** Compiles only when `Missing` is `never`: a key of the interface left out of its list fails `tsc`. */
type AllKeysListed<Missing extends never> = Missing;

/** A statement in the shape of an `aws_iam_policy_document` statement block. */
export interface PolicyDocumentStatement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

// IAM compares service prefixes and action names case-insensitively (`IAM:listaccesskeys` is
// `iam:ListAccessKeys`); the catalogue's casing is what ends up in the policy.
const ACTION_FORMAT = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;

/** IAM condition operators; each but Null also exists as `...IfExists`, and may take a set prefix. */
const CONDITION_OPERATORS = [
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
  "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
];
const CONDITION_OPERATOR = new RegExp(`^((ForAllValues|ForAnyValue):)?((${CONDITION_OPERATORS.join("|")})(IfExists)?|Null)$`, "i");
const CONDITION_OPERATOR_RULE =
  "an IAM condition operator such as StringEquals, ArnLike, Bool or Null (optionally ForAnyValue:/ForAllValues: and ...IfExists)";
/** Condition keys always carry their prefix: `aws:SourceAccount`, `s3:prefix`, `aws:PrincipalTag/team`. */
const CONDITION_KEY = /^[A-Za-z0-9-]+:\S+$/;

/**
 * Checks statements: action format and existence, no wildcard action, `"*"` only where unavoidable,
 * exact resources for escalation actions, and a written `reason` for resource-id wildcards; then what
 * they act on (`checkStatementTargets`): `iam:PassRole` with `iam:PassedToService`, a reason for
 * account-level destructive actions, nothing on the target's own role, resources of the actions'
 * resource types; and, with a `target`, resources in the account and region its stack's provider allows.
 */
export function validatePolicyStatements(v: Validator, prop: string, statements: readonly PolicyStatement[] | undefined, target?: StatementTarget): void {
  const list = v.list<PolicyStatement>(prop, statements, { of: "statements { actions, resources, effect?, conditions?, reason? }" });
  if (list === undefined) return;
  list.forEach((s, i) => {
    const at = `${prop}[${i}]`;
    if (s === null || typeof s !== "object" || Array.isArray(s)) {
      v.fail(at, "an object { actions, resources, effect?, conditions?, reason? }", s);
      return;
    }
    v.onlyKnownKeys(at, s, POLICY_STATEMENT_KEYS);
    const effect = s.effect === undefined ? "Allow" : s.effect;
    if (effect !== "Allow" && effect !== "Deny") v.fail(`${at}.effect`, 'one of "Allow", "Deny"', s.effect);
    validateActions(v, `${at}.actions`, s.actions);
    v.required(`${at}.resources`, s.resources);
    if (v.list(`${at}.resources`, s.resources, { of: "ARNs", min: 1 }) !== undefined) {
      s.resources.forEach((r: string, j: number) => {
        if (isUnresolved(r)) return;
        if (typeof r !== "string" || (r !== "*" && !r.startsWith("arn:"))) {
          v.fail(`${at}.resources[${j}]`, 'an ARN (arn:...) or "*"', r);
        } else if (isIncompleteArn(r) && !isWildcardResource(r)) {
          v.fail(`${at}.resources[${j}]`, "an ARN with all six parts, arn:partition:service:region:account:resource", r);
        }
      });
      // "*" and ARNs that amount to it (`arn:*`, `arn:aws:iam::*:role/x`, `arn:aws:dynamodb:<region>:<account>:*`).
      const wildcards = s.resources.filter((r: string): boolean => typeof r === "string" && isWildcardResource(r));
      if (effect === "Allow" && wildcards.length > 0 && Array.isArray(s.actions)) {
        const conditions = normalizeConditions(undefined, "", s.conditions);
        const refused = s.actions.filter((a: string) => typeof a === "string" && lookupAction(a) && !mayUseWildcardResource(a, conditions));
        // Actions AWS documents on "*" with a condition key: what is missing is the condition.
        const scopable = refused.filter((a: string) => !conditionScopeOf(a));
        for (const action of refused.filter((a: string) => conditionScopeOf(a))) {
          const key = conditionScopeOf(action)!.conditionKey;
          v.fail(
            `${at}.conditions`,
            `a condition restricting ${key} to named values (StringEquals, StringEqualsIgnoreCase or StringLike) when ${action} is allowed on ${wildcards.map((r: string) => JSON.stringify(r)).join(", ")}`,
            s.conditions,
          );
        }
        if (scopable.length > 0) {
          const shown = wildcards.map((r: string) => JSON.stringify(r)).join(", ");
          v.fail(`${at}.resources`, `specific ARNs: ${scopable.join(", ")} can be scoped to a resource, so ${shown} ${wildcards.length === 1 ? "is" : "are"} refused`, s.resources);
        }
      }
    }
    const conditions = normalizeConditions(v, `${at}.conditions`, s.conditions);
    v.check(`${at}.reason`, s.reason, realWords());
    if (effect === "Allow") validateNarrowResources(v, at, s);
    if (Array.isArray(s.actions) && Array.isArray(s.resources)) checkStatementTargets(v, at, s, effect, conditions, target);
  });
  if (target) checkStatementPlaces(v, prop, list, target);
}

/**
 * Escalation actions (`ESCALATION_ACTIONS`: PassRole, policy writers, function code updates...) on
 * a wildcard are a path to administrator: they must name exact resources, whatever the statement
 * says. Other actions that can be scoped may use a resource-id wildcard (`table/*`, `secret:*`:
 * every resource of the type) only with a written `reason`. ARNs as broad as `"*"` are refused by
 * the `"*"` rule above and not reported twice.
 */
function validateNarrowResources(v: Validator, at: string, s: PolicyStatement): void {
  if (!Array.isArray(s.actions) || !Array.isArray(s.resources)) return;
  const actions = s.actions.filter((a): a is string => typeof a === "string" && lookupAction(a) !== undefined);
  // Strings that mix references and text are judged too: a wildcard in their text (`${role.arn}*`,
  // `arn:aws:dynamodb:${region}:${account}:table/*`) widens them whatever the references resolve to.
  const resources = s.resources.map((r, j) => ({ r, j })).filter(({ r }) => typeof r === "string" && !isWholeToken(r));
  const conditions = normalizeConditions(undefined, "", s.conditions);
  const escalation = actions.filter(isEscalationAction);
  for (const { r, j } of resources.filter(({ r }) => hasWildcard(r))) {
    // On "*" and its equivalents, the "*" rule above already names the escalation actions that can be scoped.
    const named = isWildcardResource(r) ? escalation.filter((a) => mayUseWildcardResource(a, conditions)) : escalation;
    if (named.length === 0) continue;
    const onlyOnStar = named.filter((a) => mayUseWildcardResource(a, conditions));
    v.fail(
      `${at}.resources[${j}]`,
      onlyOnStar.length === named.length
        ? `not a wildcard: ${named.join(", ")} can grant more privilege than the function has (privilege escalation) and AWS cannot scope ${named.length === 1 ? "it" : "them"} to a resource, so ${named.length === 1 ? "it is" : "they are"} not granted here (grant ${named.length === 1 ? "it" : "them"} outside the function's role, reviewed on its own)`
        : `an exact resource without wildcards: ${named.join(", ")} can grant more privilege than the function has (privilege escalation), so no wildcard is allowed, with or without a reason`,
      r,
    );
  }
  const scopable = actions.filter((a) => !isEscalationAction(a) && !mayUseWildcardResource(a, conditions));
  if (scopable.length === 0 || s.reason !== undefined) return;
  for (const { r, j } of resources.filter(({ r }) => isResourceIdWildcard(r) && !isWildcardResource(r) && !(escalation.length > 0 && hasWildcard(r)))) {
    v.fail(
      `${at}.resources[${j}]`,
      `a named resource: ${scopable.join(", ")} can be scoped to one, and this wildcard covers every resource of its type; name the resources, or give the statement a reason (at least 3 words) saying why it needs them all`,
      r,
    );
  }
}

function validateActions(v: Validator, prop: string, actions: readonly string[] | undefined): void {
  v.required(prop, actions);
  const list = v.list<string>(prop, actions, { of: "service:Action names", min: 1 });
  list?.forEach((a, i) => {
    const at = `${prop}[${i}]`;
    if (isUnresolved(a)) return;
    if (typeof a !== "string") v.fail(at, "a service:Action name", a);
    else if (a.includes("*") || a.includes("?")) v.fail(at, "an action without wildcards (list each action)", a);
    else if (!ACTION_FORMAT.test(a)) v.fail(at, "in service:Action format, e.g. dynamodb:GetItem", a);
    else if (!lookupAction(a)) v.fail(at, "an action listed in the AWS Service Authorization Reference", a);
  });
}

/** Converts a statement to a policy-document block: known action casing, conditions as blocks. */
export function toDocumentStatement(statement: PolicyStatement, sid?: string): PolicyDocumentStatement {
  const condition = normalizeConditions(undefined, "", statement.conditions);
  return {
    ...(sid ? { sid } : {}),
    effect: statement.effect ?? "Allow",
    actions: statement.actions.map((a) => lookupAction(a)?.name ?? a),
    resources: [...statement.resources],
    ...(condition.length > 0 ? { condition } : {}),
  };
}

type ConditionBlock = { test: string; variable: string; values: string[] };

function normalizeConditions(v: Validator | undefined, prop: string, conditions: PolicyStatement["conditions"]): ConditionBlock[] {
  if (conditions === undefined) return [];
  const blocks: ConditionBlock[] = [];
  if (Array.isArray(conditions)) {
    (conditions as readonly (PolicyConditionBlock | null)[]).forEach((c, i) => {
      const at = `${prop}[${i}]`;
      if (!c || typeof c !== "object" || !Array.isArray(c.values) || c.values.length === 0 || typeof c.test !== "string" || typeof c.variable !== "string") {
        v?.fail(at, "a condition { test, variable, values: [at least one] }", c);
        return;
      }
      v?.onlyKnownKeys(at, c, CONDITION_BLOCK_KEYS);
      if (v) checkOperatorAndKey(v, c.test, `${at}.test`, c.variable, `${at}.variable`);
      blocks.push({ test: c.test, variable: c.variable, values: [...c.values] });
    });
    return blocks;
  }
  if (typeof conditions !== "object" || conditions === null) {
    v?.fail(prop, "condition blocks [{ test, variable, values }] or an IAM condition map", conditions);
    return [];
  }
  for (const [test, byKey] of Object.entries(conditions as PolicyConditionMap)) {
    const at = `${prop}.${test}`;
    if (typeof byKey !== "object" || byKey === null || Array.isArray(byKey)) {
      v?.fail(at, "a map of condition keys to values", byKey);
      continue;
    }
    for (const [variable, value] of Object.entries(byKey)) {
      const values = Array.isArray(value) ? [...value] : [value as string];
      if (values.length === 0 || values.some((x) => x === null || x === undefined || typeof x === "object")) {
        v?.fail(`${at}.${variable}`, "a value or a non-empty list of values", value);
        continue;
      }
      if (v) checkOperatorAndKey(v, test, at, variable, `${at}.${variable}`);
      blocks.push({ test, variable, values });
    }
  }
  return blocks;
}

function checkOperatorAndKey(v: Validator, test: string, testProp: string, variable: string, variableProp: string): void {
  if (!isUnresolved(test) && !CONDITION_OPERATOR.test(test)) v.fail(testProp, CONDITION_OPERATOR_RULE, test);
  if (!isUnresolved(variable) && !CONDITION_KEY.test(variable)) {
    v.fail(variableProp, "a condition key with its prefix, such as aws:SourceAccount or s3:prefix", variable);
  }
}

/** A string that is one reference and nothing else: its value is exact, known only to Terraform. */
function isWholeToken(value: string): boolean {
  return isUnresolved(value) && /^\$\{[^}]*\}$/.test(value);
}
