import { coveredBy, statementKey, type IamStatement, type LocatedStatement, type PolicyHolder } from "./iam-statements";
import { compareText } from "./synth-output";

/** A statement that is in one side only, on the same policy attribute of the same resource. */
export interface IamStatementChange {
  readonly change: "+" | "-";
  readonly holder: PolicyHolder;
  readonly statement: IamStatement;
  /** Widens what is allowed: a new Allow not covered by the base's, or a removed Deny not kept by the head's. */
  readonly broadening: boolean;
  /** Could widen, but depends on values the JSON does not tell (`unknown`): the gate needs an acknowledgement. */
  readonly mayBroaden: boolean;
  readonly unknown: readonly string[];
}

/**
 * Statement-level diff of the policies of one stack. Statements are compared by content (effect,
 * actions, resources, principals, conditions; not Sid) per holding attribute and what it applies
 * to (so a role policy moved to another role is new there). An added Allow is broadening unless
 * the statements the same attribute had in base together cover it (see `coveredBy`); a removed
 * Deny is broadening unless head's Denies there still cover it, or its resource is gone. When the
 * statement holds a value the JSON does not tell (a variable, a function...), "broadening" becomes
 * "may broaden".
 */
export function diffIamStatements(
  base: readonly LocatedStatement[],
  head: readonly LocatedStatement[],
  /** Whether the holding resource still exists in head: a Deny that goes with its resource loosens nothing. */
  existsInHead: (address: string) => boolean = () => true,
): IamStatementChange[] {
  const baseBy = groupByHolder(base);
  const headBy = groupByHolder(head);
  const changes: IamStatementChange[] = [];
  const verdict = (s: LocatedStatement, widens: boolean) => ({
    broadening: widens && s.unknown.length === 0,
    mayBroaden: widens && s.unknown.length > 0,
    unknown: s.unknown,
  });
  // What a role (or bucket, queue...) already had from any policy in base: a policy renamed or
  // re-declared on the same target grants nothing new.
  const baseByTarget = new Map<string, IamStatement[]>();
  for (const s of base) {
    if (s.unknown.length > 0 || s.holder.appliesTo === undefined) continue;
    const key = targetKey(s.holder);
    baseByTarget.set(key, [...(baseByTarget.get(key) ?? []), s.statement]);
  }
  // What each role, user or group was granted in base, by any policy attached any way.
  const baseByGrantee = new Map<string, IamStatement[]>();
  for (const s of base) {
    if (s.unknown.length > 0) continue;
    for (const g of s.holder.grantees ?? []) baseByGrantee.set(`${s.holder.stack}\u0000${g}`, [...(baseByGrantee.get(`${s.holder.stack}\u0000${g}`) ?? []), s.statement]);
  }
  // A statement every grantee of its policy already had (inline moved to a managed policy, or the
  // reverse) grants nothing new.
  const grantedBefore = (s: LocatedStatement) => {
    const gs = s.holder.grantees ?? [];
    return gs.length > 0 && gs.every((g) => coveredBy(s.statement, baseByGrantee.get(`${s.holder.stack}\u0000${g}`) ?? []));
  };
  for (const key of [...new Set([...baseBy.keys(), ...headBy.keys()])]) {
    const before = baseBy.get(key) ?? [];
    const after = headBy.get(key) ?? [];
    const beforeKeys = new Set(before.map((s) => statementKey(s.statement)));
    const afterKeys = new Set(after.map((s) => statementKey(s.statement)));
    for (const s of uniqueByKey(before)) {
      if (afterKeys.has(statementKey(s.statement))) continue;
      const widens =
        s.statement.effect === "Deny" &&
        existsInHead(s.holder.address) &&
        !coveredBy(
          s.statement,
          after.filter((h) => h.unknown.length === 0).map((h) => h.statement),
        );
      changes.push({ change: "-", holder: s.holder, statement: s.statement, ...verdict(s, widens) });
    }
    for (const s of uniqueByKey(after)) {
      if (beforeKeys.has(statementKey(s.statement))) continue;
      const pool = [...before.filter((b) => b.unknown.length === 0).map((b) => b.statement), ...(s.holder.appliesTo !== undefined ? (baseByTarget.get(targetKey(s.holder)) ?? []) : [])];
      const widens = s.statement.effect === "Allow" && !coveredBy(s.statement, pool) && !grantedBefore(s);
      changes.push({ change: "+", holder: s.holder, statement: s.statement, ...verdict(s, widens) });
    }
  }
  return changes.sort(compareChanges);
}

function targetKey(h: PolicyHolder): string {
  return `${h.stack}\u0000${h.kind}\u0000${h.appliesTo ?? ""}`;
}

function holderKey(h: PolicyHolder): string {
  return `${h.stack}\u0000${h.address}\u0000${h.attribute}\u0000${h.appliesTo ?? ""}`;
}

function groupByHolder(statements: readonly LocatedStatement[]): Map<string, LocatedStatement[]> {
  const out = new Map<string, LocatedStatement[]>();
  for (const s of statements) {
    const key = holderKey(s.holder);
    out.set(key, [...(out.get(key) ?? []), s]);
  }
  return out;
}

function uniqueByKey(statements: readonly LocatedStatement[]): LocatedStatement[] {
  const seen = new Set<string>();
  return statements.filter((s) => {
    const key = statementKey(s.statement);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareChanges(a: IamStatementChange, b: IamStatementChange): number {
  return (
    compareText(a.holder.stack, b.holder.stack) ||
    compareText(a.holder.label, b.holder.label) ||
    compareText(a.holder.attribute, b.holder.attribute) ||
    compareText(a.change === "-" ? "0" : "1", b.change === "-" ? "0" : "1") ||
    compareText(statementKey(a.statement), statementKey(b.statement))
  );
}
