import { broadeningChanges, type Review } from "./build-review";
import type { IamStatement } from "./iam-statements";
import type { IamStatementChange } from "./iam-diff";
import { code, codeList, details, fenced, table, text, value } from "./markdown";
import type { ResourceChange, StackDiff } from "./resource-diff";
import type { FactCategory } from "./security-facts";
import type { FactChange } from "./security-diff";

/** Hidden marker at the top of the report: lets a workflow find (and update) its own PR comment. */
export const REPORT_MARKER = "<!-- cdktf-serverless-review -->";

export interface RenderOptions {
  /** Include a Mermaid diagram per changed stack. @default true */
  readonly diagrams?: boolean;
  /** Cut the report to at most this many characters (GitHub comments stop at 65,536). @default no limit */
  readonly maxChars?: number;
}

const BROADENING = "⚠️ broadening";

/** The review as GitHub Markdown: summary, security section, then one section per changed stack. */
export function renderReview(review: Review, options: RenderOptions = {}): string {
  const full = render(review, { diagrams: options.diagrams ?? true, attributes: true });
  const max = options.maxChars;
  if (max === undefined || full.length <= max) return full;
  // Too long for a comment: drop the diagrams, then the attribute tables, then cut.
  const note = "\n\n---\n_The report was cut to fit; the full report is in the workflow run (artifact `review`) or `npm run review` locally._\n";
  for (const variant of [{ diagrams: false, attributes: true }, { diagrams: false, attributes: false }]) {
    const shorter = render(review, variant);
    if (shorter.length + note.length <= max) return `${shorter}${note}`;
  }
  const cut = render(review, { diagrams: false, attributes: false });
  return `${cut.slice(0, Math.max(0, max - note.length))}${note}`;
}

function render(review: Review, opts: { diagrams: boolean; attributes: boolean }): string {
  const out: string[] = [REPORT_MARKER, "# Synth review", ""];
  out.push(`Base ${code(review.baseLabel)} → head ${code(review.headLabel)}. Compared offline from the synthesized Terraform JSON (not a plan).`, "");

  const changed = review.stacks.filter((s) => s.status !== "unchanged");
  if (changed.length === 0) out.push("No stack changed.", "");
  else {
    out.push(
      table(
        ["Stack", "Status", "Add", "Change", "Replace", "Destroy"],
        changed.map((s) => [code(s.stack), s.status, ...counts(s).map(String)]),
      ),
      "",
    );
  }
  const broadening = broadeningChanges(review);
  out.push(
    broadening.length > 0
      ? `> [!WARNING]\n> **${broadening.length} change${broadening.length === 1 ? "" : "s"} broaden${broadening.length === 1 ? "s" : ""} permissions or exposure** (marked ${BROADENING} below).`
      : "No change broadens permissions or exposure.",
    "",
  );

  out.push(...securitySection(review));
  for (const stack of changed) out.push(...stackSection(stack, review.diagrams.get(stack.stack), opts));
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function counts(s: StackDiff): number[] {
  const n = (action: ResourceChange["action"]) => s.changes.filter((c) => c.action === action).length;
  return [n("create"), n("update"), n("replace"), n("delete")];
}

function securitySection(review: Review): string[] {
  const out = ["## Security changes", ""];
  const before = out.length;

  if (review.iam.length > 0) {
    out.push("### IAM statement changes", "");
    out.push(
      table(
        ["", "Stack", "Policy", "Effect", "Actions", "Resources", "Principal", "Condition", ""],
        review.iam.map((c) => [c.change, code(c.holder.stack), policyCell(c), effectCell(c.statement), ...statementCells(c.statement), mark(c.broadening)]),
      ),
      "",
    );
  }
  if (review.trust.length > 0) {
    out.push("### Trust policy changes", "");
    out.push(
      table(
        ["", "Stack", "Role", "Effect", "Principal", "Actions", "Condition", ""],
        review.trust.map((c) => {
          const [actions, , principal, condition] = statementCells(c.statement);
          return [c.change, code(c.holder.stack), policyCell(c), effectCell(c.statement), principal, actions, condition, mark(c.broadening)];
        }),
      ),
      "",
    );
  }
  const sections: [FactCategory, string][] = [
    ["policy-attachment", "IAM policy attachments"],
    ["lambda-permission", "Lambda invoke permissions"],
    ["security-group-rule", "Security group rules"],
    ["public-exposure", "Public exposure"],
    ["gcp-iam", "GCP IAM grants"],
  ];
  for (const [category, title] of sections) {
    const rows = review.facts.filter((c) => c.fact.category === category);
    if (rows.length > 0) out.push(`### ${title}`, "", factTable(rows), "");
  }
  if (review.findings.length > 0) {
    out.push("### New rule-pack findings", "");
    out.push(
      table(
        ["Stack", "Level", "Rule", "Construct", "Message"],
        review.findings.map((f) => [code(f.stack), f.suppression ? "suppressed" : text(f.level.replace(/^@cdktf\//, "")), code(f.rule), code(f.constructPath), text(f.message)]),
      ),
      "",
    );
  }
  if (out.length === before) {
    out.push("No change to IAM statements, trust policies, policy attachments, invoke permissions, security group rules, public exposure, GCP grants or rule-pack findings.", "");
  }
  return out;
}

function policyCell(c: IamStatementChange): string {
  const parts = [code(c.holder.label)];
  if (c.holder.attribute !== "policy" && c.holder.kind !== "trust") parts[0] += ` ${code(c.holder.attribute)}`;
  if (c.holder.document) parts.push(`via ${code(c.holder.document)}`);
  if (c.holder.appliesTo) parts.push(`on ${code(c.holder.appliesTo)}`);
  return parts.join("<br>");
}

function effectCell(s: IamStatement): string {
  return s.sid ? `${s.effect} (${code(s.sid)})` : s.effect;
}

/** Actions, resources, principal, condition. */
function statementCells(s: IamStatement): [string, string, string, string] {
  if (s.unreadable !== undefined) return [`unreadable policy expression: ${code(s.unreadable)}`, "—", "—", "—"];
  const withNot = (values: readonly string[], notValues: readonly string[]) =>
    [codeList(values), notValues.length > 0 ? `**not** ${codeList(notValues)}` : ""].filter((v) => v !== "" && v !== "—").join("<br>") || "—";
  return [withNot(s.actions, s.notActions), withNot(s.resources, s.notResources), withNot(s.principals, s.notPrincipals), codeList(s.conditions)];
}

function factTable(rows: readonly FactChange[]): string {
  const columns = rows[0].fact.fields.map(([name]) => name);
  return table(
    ["", "Stack", "Resource", ...columns, ""],
    rows.map((c) => [
      c.change,
      code(c.fact.stack),
      code(c.fact.subject),
      ...columns.map((name) => {
        const v = c.fact.fields.find(([k]) => k === name)?.[1] ?? "";
        return v === "" ? "—" : code(v);
      }),
      mark(c.broadening),
    ]),
  );
}

function mark(broadening: boolean): string {
  return broadening ? BROADENING : "";
}

const ACTION_LABEL: Record<ResourceChange["action"], string> = {
  create: "+ create",
  delete: "- destroy",
  update: "~ update in place",
  replace: "-/+ **replace**",
};

function stackSection(stack: StackDiff, diagram: string | undefined, opts: { diagrams: boolean; attributes: boolean }): string[] {
  const [add, change, replace, destroy] = counts(stack);
  const out = [`## Stack ${code(stack.stack)}${stack.status === "added" ? " (new stack)" : stack.status === "removed" ? " (stack removed)" : ""}`, ""];
  out.push(`**${add} to add, ${change} to change, ${replace} to replace, ${destroy} to destroy.**`, "");

  const added = stack.changes.filter((c) => c.action === "create" || c.action === "delete");
  if (added.length > 0) {
    out.push("### Added and removed", "");
    out.push(table(["", "Address", "Construct"], added.map((c) => [ACTION_LABEL[c.action], code(c.address), code(c.path)])), "");
  }
  const changed = stack.changes.filter((c) => c.action === "update" || c.action === "replace");
  if (changed.length > 0) {
    out.push("### Changed", "");
    for (const c of changed) {
      const forcing = c.attributes.filter((a) => a.forcesReplacement).map((a) => code(a.path));
      const why = c.action === "replace" ? `: ${forcing.join(", ")} forces a new resource` : "";
      out.push(`- ${ACTION_LABEL[c.action]} ${code(c.address)} (${code(c.path)})${why}`);
      if (opts.attributes) {
        out.push("", indent(attributeTable(c.attributes)), "");
      }
    }
    out.push("");
  }
  if (stack.settings.length > 0) {
    out.push("### Stack settings (providers, backend, outputs)", "");
    out.push(attributeTable(stack.settings), "");
  }
  if (opts.diagrams && diagram) {
    out.push(details(`Diagram of ${text(stack.stack)}${stack.status === "removed" ? " (base)" : ""}`, fenced("mermaid", diagram)), "");
  }
  return out;
}

function attributeTable(attributes: StackDiff["settings"]): string {
  return table(
    ["Attribute", "Old", "New", ""],
    attributes.map((a) => [code(a.path), value(a.oldValue), value(a.newValue), a.forcesReplacement ? "forces replacement" : ""]),
  );
}

function indent(block: string): string {
  return block
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
