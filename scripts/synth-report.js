/*
 * What `npm run synth` prints of the rule packs' reports (modules/core/rule-pack: RulePack.reportOf),
 * folded: per stack, one line per rule with its count and, briefly, where; the stack's suppressions
 * as one line. Findings at severity `warn` (dev) are printed too: they are written to manifest.json
 * only, and would otherwise first be seen when a stricter environment fails on them.
 */
"use strict";

/** How many construct paths a folded line names before "+N more". */
const WHERE_SHOWN = 3;

/**
 * The lines for `entries` ([{ report, rules: [{ id, title }] }], one per stack, in synth order).
 * A stack with neither findings nor suppressions gets no line.
 */
function foldedReport(entries) {
  const lines = [];
  for (const { report, rules } of entries) {
    const titles = new Map(rules.map((r) => [r.id, r.title]));
    const stack = report.stack;
    if (report.findings.length > 0) {
      const what = report.severity === "error" ? "severity error: synth fails" : "severity warn: written, but refused where the severity is error";
      lines.push(`rule pack ${stack}: ${count(report.findings.length, "finding")} (${what}):`);
      for (const [ruleId, findings] of byRule(report.findings)) {
        const title = titles.get(ruleId) || titleOf(findings[0].message, ruleId);
        lines.push(`  [${ruleId}] ${title}: ${findings.length} (${where(findings.map((f) => relativePath(f.path, stack)))})`);
      }
    }
    if (report.suppressed.length > 0) {
      const rulesSuppressed = [...byRule(report.suppressed)].map(([ruleId, found]) => `${ruleId} ${found.length}`);
      lines.push(`rule pack ${stack}: ${count(report.suppressed.length, "finding")} suppressed with a reason: ${rulesSuppressed.join(", ")}`);
    }
  }
  return lines;
}

/** Findings grouped by rule, rules in order of first appearance. */
function byRule(findings) {
  const groups = new Map();
  for (const f of findings) groups.set(f.ruleId, [...(groups.get(f.ruleId) || []), f]);
  return groups;
}

/** `[rule] title: detail (...)` -> `title`, for a rule the pack does not list. */
function titleOf(message, ruleId) {
  const rest = message.startsWith(`[${ruleId}] `) ? message.slice(ruleId.length + 3) : message;
  const colon = rest.indexOf(": ");
  return colon > 0 ? rest.slice(0, colon) : rest;
}

function relativePath(path, stack) {
  return path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : path;
}

function where(paths) {
  const unique = [...new Set(paths)];
  const shown = unique.slice(0, WHERE_SHOWN).join(", ");
  return unique.length > WHERE_SHOWN ? `${shown}, +${unique.length - WHERE_SHOWN} more` : shown;
}

function count(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

module.exports = { foldedReport };
