import type { IConstruct } from "constructs";
import { Validator } from "../validation";
import { SECURE_BY_DEFAULT } from "./packs";
import { RULE_ID_FORMAT } from "./rule";
import { isSuppressible } from "./rule-guards";
import { realWords } from "../rules";

/** Rules of the default pack that no suppression may cover: `suppressible: false`, and every IAM, network and public-exposure rule. */
const UNSUPPRESSIBLE = new Set(SECURE_BY_DEFAULT.filter((r) => !isSuppressible(r)).map((r) => r.id));

/**
 * An accepted finding: which rule, where, and why. The reason is required and is printed at every
 * synth, so an exception stays visible in review instead of disappearing into config.
 */
export interface Suppression {
  /** The rule's id, e.g. `api-route-authorization`. */
  readonly ruleId: string;
  /** Why the finding is accepted, in a sentence: at least 3 words and 12 letters. */
  readonly reason: string;
  /**
   * Construct path relative to the stack (e.g. `Hello` or `Api/Route-GET_hello-f2a46b`): the
   * suppression covers that construct and everything under it. Segments match whole construct ids:
   * `*` is any one segment, `**` any number of segments (`Api/*`, `**\/Function`); a wildcard inside
   * a segment (`Route-GET_hello-*`) is refused, since it also covers every id that starts the same way.
   * A suppression is per stack, so the same list fits `aws-dev` and `aws-prod`.
   * @default the whole stack
   */
  readonly path?: string;
}

/** Fewest words a reason has (a word: two letters or more, in any script). */
export const MIN_REASON_WORDS = 3;
/** Fewest letters in a reason's words: "ok", "n/a", "see ticket" or invisible characters cannot pass for one. */
export const MIN_REASON_LETTERS = 12;

/** True for a reason written in words: at least `MIN_REASON_WORDS` words and `MIN_REASON_LETTERS` letters. */
export function isWrittenReason(reason: unknown): boolean {
  return realWords(MIN_REASON_WORDS, "a reason", MIN_REASON_LETTERS).test(reason as string);
}

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
 * Throws a ValidationError at once for a malformed rule id, a rule that cannot be suppressed, or a
 * reason that is not written in words; a rule id that the stack's pack does not know, or a
 * suppression that ends up matching no finding, fails synth.
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  const v = new Validator("rule suppression", scope.node.path);
  checkFields(v, "", { ruleId, reason }, UNSUPPRESSIBLE);
  v.throwIfInvalid();
  const host = scope as unknown as Record<symbol, AttachedSuppression[] | undefined>;
  host[ATTACHED] = [...(host[ATTACHED] ?? []), { ruleId, reason, scope }];
}

/** The suppressions attached to one construct (not its ancestors). */
export function attachedSuppressions(scope: IConstruct): readonly AttachedSuppression[] {
  return (scope as unknown as Record<symbol, AttachedSuppression[] | undefined>)[ATTACHED] ?? [];
}

/** Checks a pack's suppression list: shape, reasons, known rule ids, paths. Throws one ValidationError. */
export function validateSuppressions(
  where: string,
  suppressions: readonly Suppression[] | undefined,
  knownRuleIds: ReadonlySet<string>,
  unsuppressible: ReadonlySet<string> = UNSUPPRESSIBLE,
): void {
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
    checkFields(v, `${at}.`, s, unsuppressible);
    if (typeof s.ruleId === "string" && RULE_ID_FORMAT.test(s.ruleId) && !knownRuleIds.has(s.ruleId)) {
      v.fail(`${at}.ruleId`, `the id of a rule in the pack (${[...knownRuleIds].sort().join(", ")})`, s.ruleId);
    }
    if (s.path !== undefined && (typeof s.path !== "string" || !isPathPattern(s.path))) {
      v.fail(`${at}.path`, "a construct path relative to the stack whose wildcards are whole segments (* one segment, ** any number), e.g. Hello, Api/* or **/Function", s.path);
    }
  });
  v.throwIfInvalid();
}

function checkFields(v: Validator, prefix: string, s: { ruleId?: unknown; reason?: unknown }, unsuppressible: ReadonlySet<string>): void {
  if (typeof s.ruleId !== "string" || !RULE_ID_FORMAT.test(s.ruleId)) {
    v.fail(`${prefix}ruleId`, "a rule id in kebab-case, e.g. lambda-tracing", s.ruleId);
  } else if (unsuppressible.has(s.ruleId)) {
    v.fail(`${prefix}ruleId`, "a rule that may be suppressed (it guards IAM, the network, public exposure or what synth cannot verify: no reason makes its findings acceptable, fix them)", s.ruleId);
  }
  if (!isWrittenReason(s.reason)) {
    v.fail(
      `${prefix}reason`,
      `a reason written in words (at least ${MIN_REASON_WORDS} words and ${MIN_REASON_LETTERS} letters) saying why the finding is accepted`,
      s.reason,
    );
  }
}

/** Segments separated by single slashes, each a construct id, `*` or `**`, with no other wildcard. */
function isPathPattern(path: string): boolean {
  return path.split("/").every((segment) => segment !== "" && (segment === "*" || segment === "**" || !/[*?]/.test(segment)));
}

/**
 * True when a suppression's path pattern covers a stack-relative construct path (the construct or
 * its subtree), comparing whole segments: a literal segment equals one construct id, `*` matches
 * any one segment, `**` any number (none included).
 */
export function pathMatches(pattern: string | undefined, stackPath: string): boolean {
  if (pattern === undefined) return true;
  return coversPrefix(pattern.split("/"), stackPath.split("/"));
}

/** True when `pattern` matches a leading run of `segments` (the construct itself or an ancestor of it). */
function coversPrefix(pattern: readonly string[], segments: readonly string[]): boolean {
  if (pattern.length === 0) return true;
  const [head, ...rest] = pattern;
  if (head === "**") {
    for (let skip = 0; skip <= segments.length; skip++) if (coversPrefix(rest, segments.slice(skip))) return true;
    return false;
  }
  if (segments.length === 0) return false;
  return (head === "*" || head === segments[0]) && coversPrefix(rest, segments.slice(1));
}
