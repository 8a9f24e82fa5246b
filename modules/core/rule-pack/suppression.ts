import type { IConstruct } from "constructs";
import { Validator } from "../validation";
import { RULE_ID_FORMAT } from "./rule";

/**
 * An accepted finding: which rule, where, and why. The reason is required and is printed at every
 * synth, so an exception stays visible in review instead of disappearing into config.
 */
export interface Suppression {
  /** The rule's id, e.g. `api-route-authorization`. */
  readonly ruleId: string;
  /** Why the finding is accepted, in a sentence (at least 10 characters). */
  readonly reason: string;
  /**
   * Construct path relative to the stack (e.g. `Hello` or `Api/Route-GET_hello-*`): the suppression
   * covers that construct and everything under it. `*` matches within one path segment, `**` across
   * segments. A suppression is per stack, so the same list fits `aws-dev` and `aws-prod`.
   * @default the whole stack
   */
  readonly path?: string;
}

/** Shortest reason accepted: long enough that "ok" or "n/a" cannot pass for one. */
export const MIN_REASON_LENGTH = 10;

/** A suppression attached to a construct with `suppressRule`: it covers that construct's subtree. */
export interface AttachedSuppression {
  readonly ruleId: string;
  readonly reason: string;
  readonly scope: IConstruct;
}

const ATTACHED = Symbol.for("cdktf-serverless/rule-pack/suppressions");

/**
 * Accepts the findings of one rule for a construct and everything under it, e.g.
 * `suppressRule(helloRoute, "api-route-authorization", "GET /hello is a public greeting")`.
 * Throws a ValidationError at once for a malformed rule id or a missing or too short reason; a rule
 * id that the stack's pack does not know, or a suppression that ends up matching no finding, fails
 * synth.
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  const v = new Validator("rule suppression", scope.node.path);
  checkFields(v, "", { ruleId, reason });
  v.throwIfInvalid();
  const host = scope as unknown as Record<symbol, AttachedSuppression[] | undefined>;
  host[ATTACHED] = [...(host[ATTACHED] ?? []), { ruleId, reason, scope }];
}

/** The suppressions attached to one construct (not its ancestors). */
export function attachedSuppressions(scope: IConstruct): readonly AttachedSuppression[] {
  return (scope as unknown as Record<symbol, AttachedSuppression[] | undefined>)[ATTACHED] ?? [];
}

/** Checks a pack's suppression list: shape, reasons, known rule ids, paths. Throws one ValidationError. */
export function validateSuppressions(where: string, suppressions: readonly Suppression[] | undefined, knownRuleIds: ReadonlySet<string>): void {
  if (suppressions === undefined) return;
  const v = new Validator("RulePack suppressions", where);
  if (!Array.isArray(suppressions)) {
    v.fail("suppressions", "a list of { ruleId, reason, path? }", suppressions);
    v.throwIfInvalid();
  }
  suppressions.forEach((s, i) => {
    const at = `suppressions[${i}]`;
    if (s === null || typeof s !== "object") {
      v.fail(at, "an object { ruleId, reason, path? }", s);
      return;
    }
    checkFields(v, `${at}.`, s);
    if (typeof s.ruleId === "string" && RULE_ID_FORMAT.test(s.ruleId) && !knownRuleIds.has(s.ruleId)) {
      v.fail(`${at}.ruleId`, `the id of a rule in the pack (${[...knownRuleIds].sort().join(", ")})`, s.ruleId);
    }
    if (s.path !== undefined && (typeof s.path !== "string" || s.path === "" || s.path.startsWith("/") || s.path.endsWith("/"))) {
      v.fail(`${at}.path`, "a construct path relative to the stack, e.g. Hello or Api/Route-GET_hello-*", s.path);
    }
  });
  v.throwIfInvalid();
}

function checkFields(v: Validator, prefix: string, s: { ruleId?: unknown; reason?: unknown }): void {
  if (typeof s.ruleId !== "string" || !RULE_ID_FORMAT.test(s.ruleId)) {
    v.fail(`${prefix}ruleId`, "a rule id in kebab-case, e.g. lambda-tracing", s.ruleId);
  }
  if (typeof s.reason !== "string" || s.reason.trim().length < MIN_REASON_LENGTH) {
    v.fail(`${prefix}reason`, `a written reason of at least ${MIN_REASON_LENGTH} characters saying why the finding is accepted`, s.reason);
  }
}

/** True when a suppression's path pattern covers a stack-relative construct path (the construct or its subtree). */
export function pathMatches(pattern: string | undefined, stackPath: string): boolean {
  if (pattern === undefined) return true;
  return patternRegExp(pattern).test(stackPath);
}

const patterns = new Map<string, RegExp>();
function patternRegExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    const body = pattern
      .split(/(\*\*|\*)/)
      .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}(?:/.*)?$`);
    patterns.set(pattern, re);
  }
  return re;
}
