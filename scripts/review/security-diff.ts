import { globMatches } from "./iam-statements";
import { factContent, type SecurityFact } from "./security-facts";
import { compareText, type Annotation } from "./synth-output";

export interface FactChange {
  readonly change: "+" | "-";
  readonly fact: SecurityFact;
  readonly broadening: boolean;
}

/**
 * Diff of the security facts of one stack. A fact whose identity exists on both sides with other
 * content shows as a `-` and a `+` row. A `+` row is broadening when:
 * - the fact is new and its kind widens access when added (invoke permission, security group rule,
 *   public member, unauthenticated route, GCP grant...), unless identical content was removed
 *   elsewhere in the stack (a move, not a grant);
 * - an ordered setting got more exposed (Cloud Run ingress);
 * - a GCP binding gained a member or changed role;
 * - an invoke permission changed principal, or its source ARN no longer sits inside the old one;
 * - a security group rule changed anything but its description.
 */
export function diffSecurityFacts(base: readonly SecurityFact[], head: readonly SecurityFact[]): FactChange[] {
  const baseBy = new Map(base.map((f) => [f.identity, f]));
  const headBy = new Map(head.map((f) => [f.identity, f]));
  const removedContent = new Set(base.filter((f) => !headBy.has(f.identity)).map(factContent));
  const changes: FactChange[] = [];

  for (const before of base) {
    const after = headBy.get(before.identity);
    if (!after) changes.push({ change: "-", fact: before, broadening: false });
    else if (factContent(after) !== factContent(before)) changes.push({ change: "-", fact: before, broadening: false });
  }
  for (const after of head) {
    const before = baseBy.get(after.identity);
    if (!before) {
      const moved = removedContent.has(factContent(after));
      changes.push({ change: "+", fact: after, broadening: after.broadensWhenAdded && !moved });
    } else if (factContent(after) !== factContent(before)) {
      changes.push({ change: "+", fact: after, broadening: widens(before, after) });
    }
  }
  return changes.sort(
    (a, b) =>
      compareText(a.fact.category, b.fact.category) ||
      compareText(a.fact.stack, b.fact.stack) ||
      compareText(a.fact.identity, b.fact.identity) ||
      compareText(a.change === "-" ? "0" : "1", b.change === "-" ? "0" : "1"),
  );
}

function widens(before: SecurityFact, after: SecurityFact): boolean {
  if (before.rank !== undefined && after.rank !== undefined) return after.rank > before.rank;
  const field = (f: SecurityFact, name: string) => f.fields.find(([k]) => k === name)?.[1] ?? "";
  switch (after.category) {
    case "gcp-iam": {
      if (field(before, "Role") !== field(after, "Role") || field(before, "On") !== field(after, "On")) return true;
      if (field(before, "Condition") !== field(after, "Condition")) return true;
      const old = new Set(before.members ?? []);
      return (after.members ?? []).some((m) => !old.has(m));
    }
    case "lambda-permission": {
      if (field(before, "Principal") !== field(after, "Principal") || field(before, "Function") !== field(after, "Function")) return true;
      const oldArn = field(before, "Source ARN");
      const newArn = field(after, "Source ARN");
      if (oldArn !== newArn && (oldArn === "" ? false : newArn === "" || !globMatches(oldArn, newArn))) return true;
      return field(before, "Source account") !== field(after, "Source account") && field(after, "Source account") === "";
    }
    case "security-group-rule":
      return before.fields.some(([k, v]) => k !== "Description" && v !== field(after, k));
    default:
      return after.broadensWhenAdded;
  }
}

/** A rule-pack finding: a cdktf annotation whose message starts with `[rule-id]`. */
export interface Finding {
  readonly stack: string;
  readonly level: string;
  readonly rule: string;
  readonly constructPath: string;
  readonly message: string;
  /** The rule pack's record of a suppression (`[rule] suppressed at <path>: <reason>`), not a finding. */
  readonly suppression: boolean;
}

const RULE_ID = /^\[([^\]\s]+)\]\s*/;

/**
 * The rule-pack annotations of head that base does not have (same stack, level, construct and
 * message): new findings, and new suppressions, which a reviewer should see too.
 */
export function newFindings(stack: string, base: readonly Annotation[], head: readonly Annotation[]): Finding[] {
  const key = (a: Annotation) => JSON.stringify([a.level, a.constructPath, a.message]);
  const known = new Set(base.map(key));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const a of head) {
    const m = RULE_ID.exec(a.message);
    if (!m || known.has(key(a)) || seen.has(key(a))) continue;
    seen.add(key(a));
    const message = a.message.slice(m[0].length);
    out.push({ stack, level: a.level, rule: m[1], constructPath: a.constructPath, message, suppression: a.level === "@cdktf/info" && message.startsWith("suppressed at ") });
  }
  return out.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.constructPath, b.constructPath) || compareText(a.message, b.message));
}
