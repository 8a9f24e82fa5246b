import type { Review } from "./build-review";
import type { FactChange } from "./fact-diff";
import { Environments, fold, rowId, where, type FoldItem } from "./fold";
import { holderKey, type IamStatementChange } from "./iam-diff";
import type { ShownStatement } from "./iam-statements";
import { code, codeList, details, table, text } from "./markdown";
import { FACT_SECTIONS } from "./sections";

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

/** The security section's tables, folded: IAM statements, trust policies, then one per fact section (`FACT_SECTIONS`). */
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

  for (const section of FACT_SECTIONS) {
    const title = section.title;
    const changes = review.facts.filter((c) => c.fact.section === section.id);
    if (changes.length === 0) continue;
    const columns = [...new Set(changes.flatMap((c) => c.fact.fields.map(([name]) => name)))];
    const items: FoldItem<FactChange>[] = changes.map((c) => ({
      cells: [
        c.change,
        c.fact.type,
        ...columns.map((name) => {
          const v = c.fact.fields.find(([k]) => k === name)?.[1] ?? "";
          return v === "" ? "—" : code(v);
        }),
        c.mayBroaden ? unknownCell(c) : "",
        verdictOf([c]) ?? "",
      ],
      place: { stack: c.fact.stack, address: c.fact.address, path: c.fact.path },
      payload: c,
    }));
    const hasUnknown = section.showsUnknown !== false && changes.some((c) => c.mayBroaden);
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

/** What a may-broaden fact depends on: the expressions the JSON does not tell, or what the review does not compare. */
function unknownCell(c: FactChange): string {
  const lines = [...(c.fact.unknown.length > 0 ? [`unknown: ${codeList(c.fact.unknown)}`] : []), ...(c.fact.uncompared !== undefined && c.fact.unknown.length === 0 ? [text(c.fact.uncompared)] : [])];
  return lines.join("<br>");
}

interface StatementPair {
  readonly holderPath: string;
  readonly address: string;
  readonly stack: string;
  readonly before?: ShownStatement;
  readonly after?: ShownStatement;
  readonly unreadable?: string;
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
    const key = holderKey(c.holder);
    byHolder.set(key, [...(byHolder.get(key) ?? []), c]);
  }
  const out: StatementPair[] = [];
  for (const group of byHolder.values()) {
    const removed = group.filter((c) => c.change === "-");
    const added = group.filter((c) => c.change === "+");
    const used = new Set<IamStatementChange>();
    for (const a of added) {
      const after = a.located.shown;
      const partner = after ? removed.find((r) => !used.has(r) && r.located.shown !== undefined && r.located.shown.effect === after.effect && differingFields(r.located.shown, after).length === 1) : undefined;
      if (partner) used.add(partner);
      out.push({ holderPath: a.holder.path, address: a.holder.address, stack: a.holder.stack, before: partner?.located.shown, after, unreadable: a.located.unreadable, changes: partner ? [partner, a] : [a] });
    }
    for (const r of removed.filter((x) => !used.has(x))) out.push({ holderPath: r.holder.path, address: r.holder.address, stack: r.holder.stack, before: r.located.shown, unreadable: r.located.unreadable, changes: [r] });
  }
  return out;
}

const LONG = 8;

/** Values one per line; more than eight collapse into `<details>` with the first three in the summary. */
function longList(values: readonly string[]): string {
  if (values.length <= LONG) return codeList(values);
  return `<details><summary>${values.length} values: ${values.slice(0, 3).map((v) => code(v)).join(", ")}…</summary>${codeList(values)}</details>`;
}

function differingFields(a: ShownStatement, b: ShownStatement): (typeof FIELDS)[number][] {
  return FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

const UNREAD: ShownStatement = { effect: "Allow", actions: [], notActions: [], resources: [], notResources: [], principals: [], notPrincipals: [], conditions: [] };

function statementItem(p: StatementPair, trust: boolean): FoldItem<StatementPair> {
  const s = p.after ?? p.before ?? UNREAD;
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
  const effect = p.unreadable !== undefined ? `unreadable policy ${code(p.unreadable)}` : s.effect;
  const unknownNote = unknown.length > 0 ? `<br>unknown: ${codeList(unknown)}` : "";
  const cells = trust
    ? [change, effect + unknownNote, cell("principals", "notPrincipals"), cell("actions", "notActions"), cell("conditions")]
    : [change, effect + unknownNote, cell("actions", "notActions"), cell("resources", "notResources"), cell("principals", "notPrincipals"), cell("conditions")];
  // The verdict is part of what folds (hidden): the same statement new in one stack and already granted in another are two rows.
  return { cells: [...cells, verdictOf(p.changes) ?? ""], place: { stack: p.stack, address: p.address, path: p.holderPath }, payload: p };
}

/** Each policy's chain (resource, document, what it applies to) once, collapsed. */
function policyChains(changes: readonly IamStatementChange[], envs: Environments): string | undefined {
  if (changes.length === 0) return undefined;
  const items: FoldItem<null>[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    const key = holderKey(c.holder);
    if (seen.has(key)) continue;
    seen.add(key);
    const attribute = c.holder.attribute !== "policy" && c.holder.kind !== "trust" ? ` ${code(c.holder.attribute)}` : "";
    items.push({
      cells: [`${code(c.holder.label)}${attribute}`, c.holder.document ? code(c.holder.document) : "—", c.holder.appliesToShown ? code(c.holder.appliesToShown) : "—"],
      place: { stack: c.holder.stack, address: c.holder.address, path: "" },
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

