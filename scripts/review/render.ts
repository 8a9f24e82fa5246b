import type { Review } from "./build-review";
import { Environments, fold, where, type FoldedRow, type FoldItem } from "./fold";
import { code, details, fenced, table, text, value } from "./markdown";
import type { DeliveryChange } from "./delivery-facts";
import type { ResourceChange, StackDiff } from "./resource-diff";
import { FACT_SECTIONS } from "./sections";
import { securityRows, type Verdict } from "./security-rows";

export { broadeningChanges, gateItems, type GateItem } from "./security-rows";

/** Hidden marker at the top of the report: lets a workflow find (and update) its own PR comment. */
export const REPORT_MARKER = "<!-- cdktf-serverless-review -->";

export interface RenderOptions {
  /** Include the Mermaid diagrams. @default true */
  readonly diagrams?: boolean;
  /**
   * Keep the report within this many characters (GitHub comments stop at 65,536): the
   * attribute-level section goes first, then the diagrams, the resource list and the tables of where
   * each policy comes from; the summary and the security rows are never cut. @default no limit
   */
  readonly maxChars?: number;
  /** Gate ids acknowledged (`--acknowledge`): shown as acknowledged. */
  readonly acknowledged?: ReadonlySet<string>;
}

const BROADENING = "⚠️ broadening";
const MAY_BROADEN = "❓ may broaden";

interface Parts {
  readonly head: string[];
  readonly security: string[];
  readonly delivery: string[];
  /** The security section without the collapsed tables of where each policy comes from. */
  readonly securityWithoutChains: string[];
  readonly resources: string[];
  readonly moves: string[];
  readonly attributes: string[];
  readonly attributeRows: number;
  readonly diagrams: string[];
}

/** The review as GitHub Markdown: summary, renames, security section, resources, attributes, diagrams. */
export function renderReview(review: Review, options: RenderOptions = {}): string {
  return renderReport(review, options).markdown;
}

/** A rendered report; `overLimit` when even the security section and summary alone are longer than `maxChars`. */
export interface RenderedReport {
  readonly markdown: string;
  readonly overLimit?: { readonly length: number; readonly max: number };
}

/**
 * The review within `maxChars`: it cuts, in this order, the attribute-level section, the diagrams,
 * the resource list and the policy-chain tables, and says at the end what it cut. The summary, the
 * renames and the security rows are never cut: when they alone are longer, the report is written
 * whole, says so at the top, and `overLimit` is set (the CLI then exits 1).
 */
export function renderReport(review: Review, options: RenderOptions = {}): RenderedReport {
  const parts = renderParts(review, options.acknowledged ?? new Set());
  const withDiagrams = options.diagrams ?? true;
  const max = options.maxChars;
  const compose = (cut: { attributes: boolean; diagrams: boolean; resources: boolean; chains: boolean; delivery?: boolean }, over?: number) => {
    const out = [...parts.head];
    if (over !== undefined) {
      out.push(
        `> [!CAUTION]\n> **This report is incomplete as a comment: its security section alone is longer than ${max} characters** (the report is ${over}). Nothing of it is cut here, so a comment limited to ${max} characters would cut security rows: read the full report (artifact \`review\`, or \`npm run review\` locally). The review exits 1.`,
        "",
      );
    }
    out.push(...(cut.chains ? parts.securityWithoutChains : parts.security));
    const notes: string[] = [];
    if (!cut.delivery) out.push(...parts.delivery);
    else if (parts.delivery.length > 0) notes.push("the rollouts and alarms section");
    if (!cut.resources) out.push(...parts.resources, ...parts.moves);
    else if (parts.resources.length > 0) notes.push("the resource list");
    if (!cut.attributes) out.push(...parts.attributes);
    else if (parts.attributes.length > 0) notes.push(`the attribute-level section (${parts.attributeRows} rows)`);
    if (withDiagrams && !cut.diagrams) out.push(...parts.diagrams);
    else if (withDiagrams && parts.diagrams.length > 0) notes.push("the diagrams");
    if (cut.chains && parts.security.length !== parts.securityWithoutChains.length) notes.push("the tables of where each policy comes from");
    if (notes.length > 0) {
      // Said only when every line of the security section is in what is written: no cut can reach a security row unnoticed.
      const written = out.join("\n");
      const intact = parts.securityWithoutChains.every((line) => written.includes(line));
      const complete = over === undefined && intact ? "The security rows are all here. " : intact ? "" : "**Security rows were cut: this report is incomplete.** ";
      out.push(
        "---",
        "",
        `_Cut to fit ${max} characters: ${notes.join(", ")}. ${complete}The full report is in the workflow run (artifact \`review\`) or \`npm run review\` locally._`,
        "",
      );
    }
    return finish(out);
  };
  const full = compose({ attributes: false, diagrams: false, resources: false, chains: false });
  if (max === undefined || full.length <= max) return { markdown: full };
  const variants = [
    { attributes: true, diagrams: false, resources: false, chains: false },
    { attributes: true, diagrams: true, resources: false, chains: false },
    { attributes: true, diagrams: true, resources: true, chains: false },
    { attributes: true, diagrams: true, resources: true, chains: false, delivery: true },
    { attributes: true, diagrams: true, resources: true, chains: true, delivery: true },
  ];
  for (const variant of variants) {
    const shorter = compose(variant);
    if (shorter.length <= max) return { markdown: shorter };
  }
  // The security rows are never cut, even when they alone are longer than asked: say so.
  const last = variants[variants.length - 1];
  const length = compose(last).length;
  const markdown = compose(last, length);
  return { markdown, overLimit: { length: markdown.length, max } };
}

function finish(lines: readonly string[]): string {
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function renderParts(review: Review, acknowledged: ReadonlySet<string>): Parts {
  const envs = new Environments(review.stackOrder);
  const head: string[] = [REPORT_MARKER, "# Synth review", ""];
  head.push(`Base ${code(review.baseLabel)} → head ${code(review.headLabel)}. Compared offline from the synthesized Terraform JSON (not a plan).`, "");

  const changed = review.stacks.filter((s) => s.status !== "unchanged");
  if (changed.length === 0) head.push("No stack changed.", "");
  else {
    head.push(
      table(
        ["Stack", "Status", "Add", "Change", "Replace", "Destroy", "Move"],
        envs.sortStacks(changed.map((s) => s.stack)).map((name) => {
          const s = changed.find((x) => x.stack === name)!;
          return [code(s.stack), s.status, ...counts(s).map(String)];
        }),
      ),
      "",
    );
  }

  const sections = securityRows(review);
  const gated = sections.flatMap((s) => s.rows.filter((r) => r.verdict !== undefined));
  const broadening = gated.filter((r) => r.verdict === "broadening" && !acknowledged.has(r.id)).length;
  const may = gated.filter((r) => r.verdict === "may-broaden" && !acknowledged.has(r.id)).length;
  const acked = gated.filter((r) => acknowledged.has(r.id)).length;
  if (broadening + may > 0) {
    const lines = [
      broadening > 0 ? `**${broadening} change${broadening === 1 ? "" : "s"} broaden${broadening === 1 ? "s" : ""} permissions or exposure** (marked ${BROADENING} below).` : "",
      may > 0
        ? `**${may} change${may === 1 ? "" : "s"} may broaden permissions or exposure**: ${may === 1 ? "it depends" : "they depend"} on values the JSON does not tell (a variable, local or function), marked ${MAY_BROADEN}.`
        : "",
      "Each has an id: after review, acknowledge it with `--acknowledge <id>` (or the `permissions-reviewed` label in CI).",
    ].filter(Boolean);
    head.push(`> [!WARNING]\n${lines.map((l) => `> ${l}`).join("\n>\n")}`, "");
  } else head.push("No change broadens permissions or exposure.", "");
  if (acked > 0) head.push(`${acked} widening change${acked === 1 ? " was" : "s were"} acknowledged (\`--acknowledge\`).`, "");
  head.push(...renames(review, envs));

  const securitySection = (withChains: boolean) => {
    const security = ["## Security changes", ""];
    for (const s of sections) {
      if (s.rows.length === 0) continue;
      security.push(`### ${s.title}`, "", table(s.headers, s.rows.map((r) => [...r.cells, mark(r.verdict, r.id, acknowledged)])), "");
      if (s.extra && withChains) security.push(s.extra, "");
    }
    const findings = findingRows(review, envs);
    if (findings) security.push("### New rule-pack findings", "", findings, "");
    if (security.length === 2) {
      const tables = ["IAM statements", "trust policies", ...FACT_SECTIONS.filter((s) => s.id !== "cannot-verify").map((s) => s.title.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()))];
      security.push(`No change to ${tables.join(", ")} or rule-pack findings, and nothing new the review cannot verify.`, "");
    }
    return security;
  };
  const security = securitySection(true);

  const { resources, attributes, attributeRows } = resourceParts(review, envs);
  return { head, security, delivery: deliveryPart(review, envs), securityWithoutChains: securitySection(false), resources, moves: movesPart(review, envs), attributes, attributeRows, diagrams: diagramPart(review, envs) };
}

function counts(s: StackDiff): number[] {
  const n = (action: ResourceChange["action"]) => s.changes.filter((c) => c.action === action).length;
  return [n("create"), n("update"), n("replace"), n("delete"), s.changes.filter((c) => c.movedFrom !== undefined).length];
}

function mark(verdict: Verdict, id: string, acknowledged: ReadonlySet<string>): string {
  if (verdict === undefined) return "";
  const label = verdict === "broadening" ? BROADENING : MAY_BROADEN;
  return `${label} ${code(id)}${acknowledged.has(id) ? " (acknowledged)" : ""}`;
}

function findingRows(review: Review, envs: Environments): string | undefined {
  if (review.findings.length === 0) return undefined;
  const rows = fold(
    review.findings.map((f) => ({
      cells: [f.suppression ? "suppressed" : text(f.level.replace(/^@cdktf\//, "")), code(f.rule), text(f.message)],
      place: { stack: f.stack, address: f.constructPath, path: f.constructPath.startsWith(`${f.stack}/`) ? f.constructPath.slice(f.stack.length + 1) : f.constructPath },
      payload: f,
    })),
    envs,
  );
  return table(["Level", "Rule", "Message", "Where"], rows.map((r) => [...r.cells, where(r.places, envs)]));
}

/** Probable renames, prominently: what Terraform will do, and the exact fix. */
function renames(review: Review, envs: Environments): string[] {
  const items = review.stacks.flatMap((s) =>
    s.renames.map((r) => ({
      cells: [code(r.type), code(`${r.argument} = ${r.name}`), code(r.from.path), code(r.to.path)],
      place: { stack: s.stack, address: r.to.address, path: r.to.path },
      payload: r,
    })),
  );
  if (items.length === 0) return [];
  const rows = fold(items, envs);
  const out = [
    `> [!CAUTION]\n> **${items.length} resource${items.length === 1 ? "" : "s"} will be destroyed and re-created; declare the move.** A resource was removed and one of the same type with the same name added: most likely a construct was renamed or moved. Terraform does not know they are the same and will destroy the old one (its data, its URL, its state) before creating the new one.`,
    "",
    table(["Type", "Name", "Old construct", "New construct", "Stacks"], rows.map((r) => [...r.cells, text(envs.sortStacks(r.places.map((p) => p.stack)).join(", "))])),
    "",
  ];
  // The fix: one renamedFrom per renamed construct (the path segment that differs), else moved blocks.
  const fixes = new Set<string>();
  const moved = new Set<string>();
  for (const s of review.stacks) {
    for (const r of s.renames) {
      const fix = renamedFromFix(r.from.path, r.to.path);
      if (fix) fixes.add(fix);
      moved.add(`moved {\n  from = ${r.from.address}\n  to   = ${r.to.address}\n}`);
    }
  }
  if (fixes.size > 0) {
    out.push(
      "**Fix:** declare the rename where the construct is created (`renamedFrom` from `modules/core`): it writes a `moved` block for every resource under the construct.",
      "",
      fenced("ts", [...fixes].sort().join("\n")),
      "",
    );
  }
  out.push(details(`Or the Terraform <code>moved</code> blocks (${moved.size})`, fenced("hcl", [...moved].join("\n\n"))), "");
  return out;
}

/** `Hello/Function` -> `Greeter/Function`: `renamedFrom(<construct at Greeter>, "Hello");`. */
function renamedFromFix(from: string, to: string): string | undefined {
  const a = from.split("/");
  const b = to.split("/");
  if (a.length !== b.length) return undefined;
  const differing = a.map((seg, i) => (seg !== b[i] ? i : -1)).filter((i) => i >= 0);
  if (differing.length !== 1) return undefined;
  const i = differing[0];
  return `renamedFrom(/* the construct at ${b.slice(0, i + 1).join("/")} */ construct, ${JSON.stringify(a[i])});`;
}

const DELIVERY_CHANGE: Record<DeliveryChange["change"], string> = { added: "+ added", removed: "- removed", changed: "~ changed" };

/**
 * Rollouts and alarms, in a short section of their own: how each function's alias or service's
 * traffic moves to new code, and what each alarm watches, before and after, folded across environments.
 */
function deliveryPart(review: Review, envs: Environments): string[] {
  if (review.delivery.length === 0) return [];
  const rows = fold(
    review.delivery.map((c) => ({
      cells: [DELIVERY_CHANGE[c.change], c.kind, code(c.subject), c.before === undefined ? "—" : text(c.before), c.after === undefined ? "—" : text(c.after)],
      place: { stack: c.stack, address: c.address, path: c.path },
      payload: c,
    })),
    envs,
  );
  const order = (r: FoldedRow<DeliveryChange>) => `${r.payloads[0].kind === "rollout" ? 0 : 1}${["removed", "changed", "added"].indexOf(r.payloads[0].change)}`;
  const sorted = [...rows].sort((a, b) => order(a).localeCompare(order(b)) || a.cells[2].localeCompare(b.cells[2]));
  const removed = review.delivery.filter((c) => c.change === "removed").length;
  return [
    "## Rollouts and alarms",
    "",
    removed > 0 ? `${removed} rollout${removed === 1 ? "" : "s"} or alarm${removed === 1 ? "" : "s"} removed: what ${removed === 1 ? "it" : "they"} watched is no longer watched (docs/delivery.md).` : "",
    "",
    table(["", "What", "Subject", "Before", "After", "Stacks"], sorted.map((r) => [...r.cells, text(envs.sortStacks([...new Set(r.places.map((p) => p.stack))]).join(", "))])),
    "",
  ];
}

const ACTION_LABEL: Record<ResourceChange["action"], string> = {
  create: "+ create",
  delete: "- destroy",
  update: "~ update in place",
  replace: "-/+ **replace**",
  move: "→ move (state only)",
};

function resourceParts(review: Review, envs: Environments): { resources: string[]; attributes: string[]; attributeRows: number } {
  const items: FoldItem<ResourceChange>[] = [];
  const attributeItems: FoldItem<null>[] = [];
  for (const s of envs.sortStacks(review.stacks.map((x) => x.stack)).map((name) => review.stacks.find((x) => x.stack === name)!)) {
    for (const c of s.changes) {
      const type = `${c.mode === "data" ? "data." : ""}${c.type}`;
      const names = [...new Set(c.attributes.map((a) => a.path.split(/[.[]/)[0]))];
      const forcing = c.attributes.filter((a) => a.forcesReplacement).map((a) => a.path.split(/[.[]/)[0]);
      const why = c.action === "replace" ? ` (${[...new Set(forcing)].map((f) => code(f)).join(", ")} forces a new resource)` : "";
      const movedNote = c.movedFrom ? " (moved)" : "";
      items.push({
        cells: [ACTION_LABEL[c.action] + movedNote, code(type), names.length > 0 ? names.map((n) => code(n)).join(", ") + why : "—"],
        place: { stack: s.stack, address: c.address, path: c.path },
        payload: c,
      });
      if (c.type === "aws_iam_policy_document" && c.mode === "data" && c.attributes.length > 0) {
        // Its statements are compared as AWS reads them in the security section; an index-by-index diff would only repeat them.
        attributeItems.push({ cells: [code(type), code("statement"), "…", "see Security changes", ""], place: { stack: s.stack, address: c.address, path: c.path }, payload: null });
        continue;
      }
      for (const a of c.attributes) {
        attributeItems.push({
          cells: [code(type), code(a.path), value(a.oldValue, 120), value(a.newValue, 120), a.forcesReplacement ? "forces replacement" : ""],
          place: { stack: s.stack, address: c.address, path: c.path },
          payload: null,
        });
      }
    }
    for (const a of s.settings) {
      attributeItems.push({
        cells: ["stack settings", code(a.path), value(a.oldValue, 120), value(a.newValue, 120), ""],
        place: { stack: s.stack, address: "(stack)", path: "(stack)" },
        payload: null,
      });
    }
  }
  const resources: string[] = [];
  if (items.length > 0) {
    const rows = fold(items, envs);
    const sorted = rows.sort((a, b) => ORDER.indexOf(a.payloads[0].action) - ORDER.indexOf(b.payloads[0].action));
    resources.push("## Resource changes", "", table(["", "Type", "Attributes", "Where"], sorted.map((r) => [...r.cells, where(r.places, envs)])), "");
  }
  const attributes: string[] = [];
  const attributeRows = fold(attributeItems, envs);
  if (attributeRows.length > 0) {
    attributes.push(
      "## Attribute changes",
      "",
      table(["Type", "Attribute", "Old", "New", "", "Where"], attributeRows.map((r: FoldedRow<null>) => [...r.cells, where(r.places, envs)])),
      "",
    );
  }
  return { resources, attributes, attributeRows: attributeRows.length };
}

const ORDER: ResourceChange["action"][] = ["replace", "delete", "create", "update", "move"];

function movesPart(review: Review, envs: Environments): string[] {
  if (review.moves.length === 0) return [];
  const rows = fold(
    review.moves.map((m) => ({ cells: [code(m.type), code(m.from.path), code(m.to.path)], place: { stack: m.stack, address: m.to.address, path: m.to.path }, payload: m })),
    envs,
  );
  return [
    "### Declared moves",
    "",
    `${review.moves.length} resource${review.moves.length === 1 ? "" : "s"} move to a new address (a \`moved\` block): Terraform keeps ${review.moves.length === 1 ? "it" : "them"}, nothing is destroyed.`,
    "",
    table(["Type", "From", "To", "Stacks"], rows.map((r) => [...r.cells, text(envs.sortStacks(r.places.map((p) => p.stack)).join(", "))])),
    "",
  ];
}

function diagramPart(review: Review, envs: Environments): string[] {
  const byText = new Map<string, string[]>();
  for (const name of envs.sortStacks([...review.diagrams.keys()])) {
    const diagram = review.diagrams.get(name)!;
    const key = envs.template(diagram, name);
    byText.set(key, [...(byText.get(key) ?? []), name]);
  }
  if (byText.size === 0) return [];
  const out = ["## Diagrams", "", "Changed resources (added green, changed yellow, replaced red) and their direct neighbours.", ""];
  for (const [template, stacks] of byText) {
    out.push(details(`Diagram of ${text(stacks.join(", "))}`, fenced("mermaid", envs.expand(template, stacks))), "");
  }
  return out;
}
