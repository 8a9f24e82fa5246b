import { coveredBy } from "../../modules/core/policy/statement-coverage";
import type { IamStatement } from "../../modules/core/terraform";
import type { LocatedStatement, PolicyHolder } from "./iam-statements";
import { compareText } from "./synth-output";

/** A statement that is in one side only, on the same policy argument of the same block. */
export interface IamStatementChange {
  readonly change: "+" | "-";
  readonly holder: PolicyHolder;
  readonly located: LocatedStatement;
  /** Widens what is allowed: a new Allow not covered by the base's, or a removed Deny not kept by the head's. */
  readonly broadening: boolean;
  /** Could widen, but depends on values the JSON does not tell (`unknown`): the gate needs an acknowledgement. */
  readonly mayBroaden: boolean;
  readonly unknown: readonly string[];
}

/** Statements the model reads in full: what a coverage pool may hold. */
function known(statements: readonly LocatedStatement[]): IamStatement[] {
  return statements.filter((s) => s.statement !== undefined && s.unknown.length === 0).map((s) => s.statement!);
}

/**
 * Statement-level diff of the policies of one stack. Statements are compared by content (effect,
 * actions, resources, principals, conditions; not Sid) per holding argument and what it applies
 * to (so a role policy moved to another role is new there). An added Allow is broadening unless
 * the statements the same argument had in base together cover it (`coveredBy`), or every role,
 * user or group that gets it already had it in base; a removed Deny is broadening unless head's
 * Denies there still cover it, or its block is gone. A statement holding a value the JSON does not
 * tell, or a policy the model cannot read, "may broaden" instead.
 */
export function diffIamStatements(
  base: readonly LocatedStatement[],
  head: readonly LocatedStatement[],
  /** Whether the holding block still exists in head: a Deny that goes with its resource loosens nothing. */
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
  const baseByTarget = new Map<string, LocatedStatement[]>();
  for (const s of base) {
    if (s.holder.appliesTo === undefined) continue;
    const key = targetKey(s.holder);
    baseByTarget.set(key, [...(baseByTarget.get(key) ?? []), s]);
  }
  // What each role, user or group was granted in base, by any policy attached any way.
  const baseByGrantee = new Map<string, LocatedStatement[]>();
  for (const s of base) {
    for (const g of s.holder.grantees ?? []) baseByGrantee.set(`${s.holder.stack}\u0000${g}`, [...(baseByGrantee.get(`${s.holder.stack}\u0000${g}`) ?? []), s]);
  }
  // A statement every grantee of its policy already had (inline moved to a managed policy, or the
  // reverse) grants nothing new.
  const grantedBefore = (s: LocatedStatement) => {
    const gs = s.holder.grantees ?? [];
    return gs.length > 0 && gs.every((g) => coveredBy(s.statement!, known(baseByGrantee.get(`${s.holder.stack}\u0000${g}`) ?? [])));
  };
  for (const key of [...new Set([...baseBy.keys(), ...headBy.keys()])]) {
    const before = baseBy.get(key) ?? [];
    const after = headBy.get(key) ?? [];
    const beforeKeys = new Set(before.map((s) => s.key));
    const afterKeys = new Set(after.map((s) => s.key));
    for (const s of uniqueByKey(before)) {
      if (afterKeys.has(s.key)) continue;
      const widens = s.statement !== undefined && s.statement.effect === "Deny" && existsInHead(s.holder.address) && !coveredBy(s.statement, known(after));
      changes.push({ change: "-", holder: s.holder, located: s, ...verdict(s, widens) });
    }
    for (const s of uniqueByKey(after)) {
      if (beforeKeys.has(s.key)) continue;
      let widens: boolean;
      if (s.statement === undefined) widens = true;
      else {
        const pool = [...known(before), ...(s.holder.appliesTo !== undefined ? known(baseByTarget.get(targetKey(s.holder)) ?? []) : [])];
        widens = s.statement.effect === "Allow" && !coveredBy(s.statement, pool) && !grantedBefore(s);
      }
      changes.push({ change: "+", holder: s.holder, located: s, ...verdict(s, widens) });
    }
  }
  return changes.sort(compareChanges);
}

function targetKey(h: PolicyHolder): string {
  return `${h.stack}\u0000${h.kind}\u0000${h.appliesTo ?? ""}`;
}

/** One policy: a block's argument, and what it applies to. */
export function holderKey(h: PolicyHolder): string {
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
    if (seen.has(s.key)) return false;
    seen.add(s.key);
    return true;
  });
}

function compareChanges(a: IamStatementChange, b: IamStatementChange): number {
  return (
    compareText(a.holder.stack, b.holder.stack) ||
    compareText(a.holder.address, b.holder.address) ||
    compareText(a.holder.attribute, b.holder.attribute) ||
    compareText(a.change === "-" ? "0" : "1", b.change === "-" ? "0" : "1") ||
    compareText(a.located.key, b.located.key)
  );
}
