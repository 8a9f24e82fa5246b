import type { Review } from "./build-review";
import { Environments, fold, rowId, where, type FoldItem } from "./fold";
import type { IamStatementChange } from "./iam-diff";
import type { IamStatement } from "./iam-statements";
import { code, codeList, details, table, text } from "./markdown";
import type { FactCategory } from "./security-facts";
import type { FactChange } from "./security-diff";

/** The security section's rows, folded, with their verdicts and ids: what the report shows and the gate counts. */

/** A change that the broadening gate counts: a folded row of the security section. */
export interface GateItem {
  readonly id: string;
  readonly kind: "broadening" | "may-broaden";
  /** One line for the gate's message: section, change and where. */
  readonly text: string;
}


/** The rows of the security section that widen or may widen access, with their ids. */
export function gateItems(review: Review): GateItem[] {
  return securityRows(review).flatMap((s) =>
    s.rows
      .filter((r) => r.verdict !== undefined)
      .map((r) => ({ id: r.id, kind: r.verdict!, text: `${s.title}: ${r.summary}`.replace(/\\([\\`*_[\]{}()#+!|~])/g, "$1") })),
  );
}

/** The gate's lines for the changes that widen access (broadening and may broaden). */
export function broadeningChanges(review: Review): string[] {
  return gateItems(review).map((g) => `[${g.id}] ${g.kind === "broadening" ? "broadening" : "may broaden"}: ${g.text}`);
}


export type Verdict = "broadening" | "may-broaden" | undefined;

export interface SecurityRow {
  readonly cells: string[];
  readonly verdict: Verdict;
  readonly id: string;
  readonly summary: string;
}

export interface SecuritySection {
  readonly title: string;
  readonly headers: string[];
  readonly rows: SecurityRow[];
  readonly extra?: string;
}

function verdictOf(changes: readonly { broadening: boolean; mayBroaden: boolean }[]): Verdict {
  if (changes.some((c) => c.broadening)) return "broadening";
  if (changes.some((c) => c.mayBroaden)) return "may-broaden";
  return undefined;
}

/** The security section's tables, folded: IAM statements, trust policies, then one per kind of fact. */
export function securityRows(review: Review): SecuritySection[] {
  const envs = new Environments(review.stackOrder);
  const out: SecuritySection[] = [];
  const statements = (title: string, changes: readonly IamStatementChange[], trust: boolean) => {
    const items = pairStatements(changes).map((p) => statementItem(p, trust));
    const rows = fold(items, envs);
    const headers = trust
      ? ["", "Effect", "Principal", "Actions", "Condition", "Role (where)", ""]
      : ["", "Effect", "Actions", "Resources", "Principal", "Condition", "Policy (where)", ""];
    out.push({
      title,
      headers,
      rows: rows.map((r) => {
        const id = rowId(title, r);
        const at = where(r.places, envs);
        return {
          cells: [...r.cells.slice(0, -1), at],
          verdict: verdictOf(r.payloads.flatMap((p) => p.changes)),
          id,
          summary: `${r.cells[0]} ${r.cells.slice(1, -1).join(" | ").replace(/<br>/g, " ")} at ${at}`,
        };
      }),
      extra: policyChains(changes, envs),
    });
  };
  statements("IAM statement changes", review.iam, false);
  statements("Trust policy changes", review.trust, true);

  const categories: [FactCategory, string][] = [
    ["policy-attachment", "IAM policy attachments"],
    ["lambda-permission", "Lambda invoke permissions"],
    ["security-group-rule", "Security group rules"],
    ["public-exposure", "Public exposure"],
    ["gcp-iam", "GCP IAM grants"],
  ];
  for (const [category, title] of categories) {
    const changes = review.facts.filter((c) => c.fact.category === category);
    if (changes.length === 0) continue;
    const columns = [...new Set(changes.flatMap((c) => c.fact.fields.map(([name]) => name)))];
    const items: FoldItem<FactChange>[] = changes.map((c) => ({
      cells: [
        c.change,
        c.fact.subject.split(" ")[0],
        ...columns.map((name) => {
          const v = c.fact.fields.find(([k]) => k === name)?.[1] ?? "";
          return v === "" ? "—" : code(v);
        }),
        c.mayBroaden ? `unknown: ${codeList(c.fact.unknown)}` : "",
        verdictOf([c]) ?? "",
      ],
      place: { stack: c.fact.stack, path: c.fact.path },
      payload: c,
    }));
    const hasUnknown = changes.some((c) => c.mayBroaden);
    out.push({
      title,
      headers: ["", "Type", ...columns, ...(hasUnknown ? ["Unknown"] : []), "Where", ""],
      rows: fold(items, envs).map((r) => {
        const at = where(r.places, envs);
        const shown = r.cells.slice(0, -1); // the last cell is the hidden verdict
        const cells = hasUnknown ? shown : shown.slice(0, -1);
        return { cells: [...cells, at], verdict: verdictOf(r.payloads), id: rowId(title, r), summary: `${shown.slice(0, -1).join(" | ")} at ${at}` };
      }),
    });
  }
  return out;
}

interface StatementPair {
  readonly holderPath: string;
  readonly stack: string;
  readonly before?: IamStatement;
  readonly after?: IamStatement;
  readonly changes: readonly IamStatementChange[];
}

const FIELDS = ["actions", "resources", "principals", "conditions", "notActions", "notResources", "notPrincipals"] as const;

/**
 * Pairs a removed and an added statement of the same policy that differ in one field only (a
 * statement that gained an action, a resource...): one `~` row showing what changed.
 */
function pairStatements(changes: readonly IamStatementChange[]): StatementPair[] {
  const byHolder = new Map<string, IamStatementChange[]>();
  for (const c of changes) {
    const key = JSON.stringify([c.holder.stack, c.holder.address, c.holder.attribute, c.holder.appliesTo ?? ""]);
    byHolder.set(key, [...(byHolder.get(key) ?? []), c]);
  }
  const out: StatementPair[] = [];
  for (const group of byHolder.values()) {
    const removed = group.filter((c) => c.change === "-");
    const added = group.filter((c) => c.change === "+");
    const used = new Set<IamStatementChange>();
    for (const a of added) {
      const partner = removed.find(
        (r) => !used.has(r) && r.statement.effect === a.statement.effect && r.statement.unreadable === undefined && a.statement.unreadable === undefined && differingFields(r.statement, a.statement).length === 1,
      );
      if (partner) used.add(partner);
      out.push({ holderPath: holderPath(a), stack: a.holder.stack, before: partner?.statement, after: a.statement, changes: partner ? [partner, a] : [a] });
    }
    for (const r of removed.filter((x) => !used.has(x))) out.push({ holderPath: holderPath(r), stack: r.holder.stack, before: r.statement, changes: [r] });
  }
  return out;
}

const LONG = 8;

/** Values one per line; more than eight collapse into `<details>` with the first three in the summary. */
function longList(values: readonly string[]): string {
  if (values.length <= LONG) return codeList(values);
  return `<details><summary>${values.length} values: ${values.slice(0, 3).map((v) => code(v)).join(", ")}…</summary>${codeList(values)}</details>`;
}

function holderPath(c: IamStatementChange): string {
  return c.holder.label.replace(/^\S+ /, "").replace(/ \(not attached by any policy attribute\)$/, "");
}

function differingFields(a: IamStatement, b: IamStatement): (typeof FIELDS)[number][] {
  return FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

function statementItem(p: StatementPair, trust: boolean): FoldItem<StatementPair> {
  const s = (p.after ?? p.before)!;
  const unknown = [...new Set(p.changes.flatMap((c) => (c.mayBroaden ? c.unknown : [])))];
  let change: string;
  let cell: (field: (typeof FIELDS)[number], notField?: (typeof FIELDS)[number]) => string;
  if (p.before && p.after) {
    change = "~";
    const changedField = differingFields(p.before, p.after)[0];
    cell = (field, notField) => {
      const render = (f: (typeof FIELDS)[number]) => {
        if (f !== changedField) return s[f].length > 0 ? longList(s[f]) : "";
        const gained = p.after![f].filter((v) => !p.before![f].includes(v));
        const lost = p.before![f].filter((v) => !p.after![f].includes(v));
        const lines = [...gained.map((v) => `**+** ${code(v)}`), ...lost.map((v) => `**−** ${code(v)}`)];
        if (lines.length <= LONG) return lines.join("<br>");
        return `<details><summary>+${gained.length} / −${lost.length}: ${lines.slice(0, 2).join(", ")}…</summary>${lines.join("<br>")}</details>`;
      };
      const own = render(field);
      const not = notField ? render(notField) : "";
      return [own, not ? `**not** ${not}` : ""].filter(Boolean).join("<br>") || "—";
    };
  } else {
    change = p.after ? "+" : "-";
    cell = (field, notField) => {
      const own = s[field].length > 0 ? longList(s[field]) : "";
      const not = notField && s[notField].length > 0 ? `**not** ${longList(s[notField])}` : "";
      return [own, not].filter(Boolean).join("<br>") || "—";
    };
  }
  const effect = s.unreadable !== undefined ? `${s.effect}: unreadable policy ${code(s.unreadable)}` : s.effect;
  const unknownNote = unknown.length > 0 ? `<br>unknown: ${codeList(unknown)}` : "";
  const cells = trust
    ? [change, effect + unknownNote, cell("principals", "notPrincipals"), cell("actions", "notActions"), cell("conditions")]
    : [change, effect + unknownNote, cell("actions", "notActions"), cell("resources", "notResources"), cell("principals", "notPrincipals"), cell("conditions")];
  // The verdict is part of what folds (hidden): the same statement new in one stack and already granted in another are two rows.
  return { cells: [...cells, verdictOf(p.changes) ?? ""], place: { stack: p.stack, path: p.holderPath }, payload: p };
}

/** Each policy's chain (resource, document, what it applies to) once, collapsed. */
function policyChains(changes: readonly IamStatementChange[], envs: Environments): string | undefined {
  if (changes.length === 0) return undefined;
  const items: FoldItem<null>[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    const key = JSON.stringify([c.holder.stack, c.holder.address, c.holder.attribute, c.holder.appliesTo]);
    if (seen.has(key)) continue;
    seen.add(key);
    const attribute = c.holder.attribute !== "policy" && c.holder.kind !== "trust" ? ` ${code(c.holder.attribute)}` : "";
    items.push({
      cells: [`${code(c.holder.label)}${attribute}`, c.holder.document ? code(c.holder.document) : "—", c.holder.appliesTo ? code(c.holder.appliesTo) : "—"],
      place: { stack: c.holder.stack, path: "" },
      payload: null,
    });
  }
  const rows = fold(items, envs);
  const body = table(
    ["Policy", "Document", "Applies to", "Stacks"],
    rows.map((r) => [...r.cells, text(envs.sortStacks(r.places.map((p) => p.stack)).join(", "))]),
  );
  return details(`Where each policy comes from (${rows.length})`, body);
}

