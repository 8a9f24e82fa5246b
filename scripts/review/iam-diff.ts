import { covers, statementKey, type IamStatement, type LocatedStatement, type PolicyHolder } from "./iam-statements";
import { compareText } from "./synth-output";

/** A statement that is in one side only, on the same policy attribute of the same resource. */
export interface IamStatementChange {
  readonly change: "+" | "-";
  readonly holder: PolicyHolder;
  readonly statement: IamStatement;
  /** Widens what is allowed: a new Allow not covered by the base's, or a removed Deny not kept by the head's. */
  readonly broadening: boolean;
}

/**
 * Statement-level diff of the policies of one stack. Statements are compared by content (effect,
 * actions, resources, principals, conditions; not Sid) per holding attribute. An added Allow is
 * broadening unless a statement the same attribute already had in base covers it; a removed Deny
 * is broadening unless a head Deny on the same attribute still covers it, or its resource is gone.
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
  for (const key of [...new Set([...baseBy.keys(), ...headBy.keys()])]) {
    const before = baseBy.get(key) ?? [];
    const after = headBy.get(key) ?? [];
    const beforeKeys = new Set(before.map((s) => statementKey(s.statement)));
    const afterKeys = new Set(after.map((s) => statementKey(s.statement)));
    for (const s of uniqueByKey(before)) {
      if (afterKeys.has(statementKey(s.statement))) continue;
      const broadening = s.statement.effect === "Deny" && existsInHead(s.holder.address) && !after.some((h) => covers(h.statement, s.statement));
      changes.push({ change: "-", holder: s.holder, statement: s.statement, broadening });
    }
    for (const s of uniqueByKey(after)) {
      if (beforeKeys.has(statementKey(s.statement))) continue;
      const broadening = s.statement.effect === "Allow" && !before.some((b) => covers(b.statement, s.statement));
      changes.push({ change: "+", holder: s.holder, statement: s.statement, broadening });
    }
  }
  return changes.sort(compareChanges);
}

function holderKey(h: PolicyHolder): string {
  return `${h.stack}\u0000${h.address}\u0000${h.attribute}`;
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
