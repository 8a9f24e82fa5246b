import { factContent, type FactSection, type SecurityFact } from "./facts";
import { compareText } from "./synth-output";

export interface FactChange {
  readonly change: "+" | "-";
  readonly fact: SecurityFact;
  readonly broadening: boolean;
  /** Could widen, but depends on values the JSON does not tell (`fact.unknown`), or on values the review does not compare (`fact.uncompared`). */
  readonly mayBroaden: boolean;
}

export interface FactDiffOptions {
  /** Whether a block (head's address) still exists in head: a protection that goes with what it protects loosens nothing. */
  readonly existsInHead?: (address: string) => boolean;
  /** For a new attachment of a policy declared in the stack: whether its grantee already had all its statements. */
  readonly attachmentCovered?: (fact: SecurityFact) => boolean;
}

/**
 * Diff of one section's facts in one stack. A fact whose identity exists on both sides with other
 * content shows as a `-` and a `+` row. A `+` row widens access when:
 * - it is a grant that no base grant of the section covers (`section.covers`);
 * - it is new and its kind widens access when added, unless identical content was removed
 *   elsewhere in the stack (a move, not a grant);
 * - it changed and `section.widens` says so (an ordered setting more exposed, a protection lost, a
 *   permission's principal changed...).
 * A `-` row widens access when it removes a protection (a public access block setting that was on,
 * a permissions boundary, a deny rule no head deny covers) from something that still exists. A
 * widening row whose values the JSON does not tell (variables, functions), or whose values the
 * review does not compare, "may broaden" instead.
 */
export function diffFacts(section: FactSection, base: readonly SecurityFact[], head: readonly SecurityFact[], options: FactDiffOptions = {}): FactChange[] {
  const existsInHead = options.existsInHead ?? (() => true);
  const baseBy = new Map(base.map((f) => [f.identity, f]));
  const headBy = new Map(head.map((f) => [f.identity, f]));
  const removedContent = new Set(base.filter((f) => !headBy.has(f.identity)).map(factContent));
  const covers = (wide: SecurityFact, narrow: SecurityFact) => section.covers?.(wide, narrow) ?? false;
  const baseGrants = base.filter((f) => f.grant && !f.protective && f.unknown.length === 0);
  const headProtections = head.filter((f) => f.grant && f.protective && f.unknown.length === 0);
  const changes: FactChange[] = [];
  const row = (change: "+" | "-", fact: SecurityFact, widens: boolean, uncertain: boolean): FactChange => ({
    change,
    fact,
    broadening: widens && !uncertain,
    mayBroaden: widens && uncertain,
  });
  const same = (a: SecurityFact, b: SecurityFact) => factContent(a) === factContent(b) && a.unknown.join() === b.unknown.join();

  for (const before of base) {
    const after = headBy.get(before.identity);
    if (after && same(before, after)) continue;
    const lostProtection =
      before.protective === true &&
      (before.guards === undefined || existsInHead(before.guards)) &&
      !(after && after.protective && (after.rank ?? 0) <= (before.rank ?? 0)) &&
      !(before.grant && headProtections.some((h) => covers(h, before)));
    if (section.showsRemoved === false && !lostProtection) continue;
    changes.push(row("-", before, lostProtection && !after, before.unknown.length > 0));
  }
  for (const after of head) {
    const before = baseBy.get(after.identity);
    if (before && same(before, after)) continue;
    let widens: boolean;
    if (after.grant && !after.protective) widens = !baseGrants.some((b) => covers(b, after)) && !(after.policyAddress !== undefined && (options.attachmentCovered?.(after) ?? false));
    else if (before) widens = section.widens ? section.widens(before, after) : defaultWidens(before, after);
    else widens = after.broadensWhenAdded && !removedContent.has(factContent(after));
    // A value only known at apply (a variable auth type, a local principal) could be the open one.
    const lessExposed = before?.rank !== undefined && after.rank !== undefined && after.rank < before.rank;
    if (after.unknown.length > 0 && !removedContent.has(factContent(after)) && !lessExposed) widens = true;
    const uncertain = after.unknown.length > 0 || (before !== undefined && after.uncompared !== undefined);
    changes.push(row("+", after, widens, uncertain));
  }
  return changes.sort(
    (a, b) => compareText(a.fact.stack, b.fact.stack) || compareText(a.fact.identity, b.fact.identity) || compareText(a.change === "-" ? "0" : "1", b.change === "-" ? "0" : "1"),
  );
}

function defaultWidens(before: SecurityFact, after: SecurityFact): boolean {
  if (before.protective && !after.protective) return true;
  if (before.rank !== undefined && after.rank !== undefined && after.rank !== before.rank) return after.rank > before.rank;
  return after.uncompared !== undefined || after.broadensWhenAdded;
}
