import { cidrContains } from "../../modules/core/cidr";
import { globMatches } from "./iam-statements";
import { factContent, type Grant, type SecurityFact } from "./security-facts";
import { compareText, type Annotation } from "./synth-output";

export interface FactChange {
  readonly change: "+" | "-";
  readonly fact: SecurityFact;
  readonly broadening: boolean;
  /** Could widen, but depends on values the JSON does not tell (`fact.unknown`). */
  readonly mayBroaden: boolean;
}

/**
 * Diff of the security facts of one stack. A fact whose identity exists on both sides with other
 * content shows as a `-` and a `+` row. A `+` row widens access when:
 * - it is a grant (security group rule, GCP grant, policy attachment) that no base grant covers;
 * - it is new and its kind widens access when added (invoke permission, public member, route or
 *   function URL without authorization...), unless identical content was removed elsewhere in the
 *   stack (a move, not a grant);
 * - an ordered setting got more exposed (ingress, authorization, public access block);
 * - an invoke permission got a new principal, function or action, a source ARN outside the old
 *   one, or lost or changed its source account, organization or URL auth type;
 * - a route changed authorizer or scopes.
 * A `-` row widens access when it removes a protection (a public access block setting that was
 * on, a permissions boundary) from something that still exists. A widening row whose values
 * the JSON does not tell (variables, functions) is "may broaden" instead.
 */
export function diffSecurityFacts(
  base: readonly SecurityFact[],
  head: readonly SecurityFact[],
  existsInHead: (address: string) => boolean = () => true,
  /** For a new attachment of a policy declared in the stack: whether its grantee already had all its statements. */
  attachmentCovered: (fact: SecurityFact) => boolean = () => false,
): FactChange[] {
  const baseBy = new Map(base.map((f) => [f.identity, f]));
  const headBy = new Map(head.map((f) => [f.identity, f]));
  const removedContent = new Set(base.filter((f) => !headBy.has(f.identity)).map(factContent));
  const knownBaseGrants = base.filter((f) => f.grant && f.unknown.length === 0);
  const changes: FactChange[] = [];
  const row = (change: "+" | "-", fact: SecurityFact, widensAccess: boolean): FactChange => ({
    change,
    fact,
    broadening: widensAccess && fact.unknown.length === 0,
    mayBroaden: widensAccess && fact.unknown.length > 0,
  });
  const same = (a: SecurityFact, b: SecurityFact) => factContent(a) === factContent(b) && a.unknown.join() === b.unknown.join();

  for (const before of base) {
    const after = headBy.get(before.identity);
    if (after && same(before, after)) continue;
    const lostProtection = before.protective === true && (before.guards === undefined || existsInHead(before.guards)) && !(after && (after.rank ?? 0) <= (before.rank ?? 0) && after.protective);
    changes.push(row("-", before, lostProtection && !after));
  }
  for (const after of head) {
    const before = baseBy.get(after.identity);
    if (before && same(before, after)) continue;
    let widensAccess: boolean;
    if (after.grant) widensAccess = !knownBaseGrants.some((b) => b.grant && grantCovers(b.grant, after.grant!)) && !(after.policyAddress !== undefined && attachmentCovered(after));
    else if (before) widensAccess = widens(before, after);
    else widensAccess = after.broadensWhenAdded && !removedContent.has(factContent(after));
    // A value only known at apply (a variable auth type, a local principal) could be the open one.
    const lessExposed = before?.rank !== undefined && after.rank !== undefined && after.rank < before.rank;
    if (after.unknown.length > 0 && !removedContent.has(factContent(after)) && !lessExposed) widensAccess = true;
    changes.push(row("+", after, widensAccess));
  }
  return changes.sort(
    (a, b) =>
      compareText(a.fact.category, b.fact.category) ||
      compareText(a.fact.stack, b.fact.stack) ||
      compareText(a.fact.identity, b.fact.identity) ||
      compareText(a.change === "-" ? "0" : "1", b.change === "-" ? "0" : "1"),
  );
}

/** Whether the old grant `wide` allows everything the new grant `narrow` allows. */
export function grantCovers(wide: Grant, narrow: Grant): boolean {
  if (wide.kind === "sg" && narrow.kind === "sg") {
    return (
      wide.group === narrow.group &&
      wide.direction === narrow.direction &&
      (wide.protocol === "all" || wide.protocol === narrow.protocol) &&
      wide.from <= narrow.from &&
      narrow.to <= wide.to &&
      (wide.peer === narrow.peer || cidrContains(wide.peer, narrow.peer))
    );
  }
  if (wide.kind === "gcp" && narrow.kind === "gcp") {
    return wide.target === narrow.target && wide.role === narrow.role && wide.member === narrow.member && (wide.condition === "" || wide.condition === narrow.condition);
  }
  if (wide.kind === "attachment" && narrow.kind === "attachment") return wide.to === narrow.to && wide.policy === narrow.policy;
  return false;
}

function widens(before: SecurityFact, after: SecurityFact): boolean {
  if (before.protective && !after.protective) return true;
  if (before.rank !== undefined && after.rank !== undefined && after.rank !== before.rank) return after.rank > before.rank;
  const b = before.detail ?? {};
  const a = after.detail ?? {};
  switch (after.category) {
    case "lambda-permission": {
      // Any other principal is a new caller; only replacing `*` by a named one narrows.
      if ((a.principal !== b.principal && b.principal !== "*") || a.function !== b.function || a.action !== b.action || a.qualifier !== b.qualifier) return true;
      if (b.principal === "*" && a.principal !== "*") return false;
      if (a.sourceArn !== b.sourceArn && (b.sourceArn === "" ? false : a.sourceArn === "" || !globMatches(b.sourceArn, a.sourceArn))) return true;
      if (a.sourceAccount !== b.sourceAccount && b.sourceAccount !== "") return true;
      if (a.orgId !== b.orgId && b.orgId !== "") return true;
      if (a.urlAuth !== b.urlAuth && a.urlAuth === "NONE") return true;
      return a.token !== b.token && a.token === "";
    }
    case "public-exposure": {
      if (a.auth === undefined) return after.broadensWhenAdded;
      if (a.authorizer !== b.authorizer) return true;
      const oldScopes = JSON.parse(b.scopes ?? "[]") as string[];
      const newScopes = JSON.parse(a.scopes ?? "[]") as string[];
      // A JWT route accepts a token holding any one of its scopes: more scopes, or none, accept more tokens.
      return (oldScopes.length > 0 && newScopes.length === 0) || (newScopes.length > 0 && newScopes.some((s) => !oldScopes.includes(s)));
    }
    case "policy-attachment":
      // A changed permissions boundary: its statements are elsewhere, so any change may widen.
      return true;
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
