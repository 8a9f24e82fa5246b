/** Small GitHub-flavoured Markdown helpers: every value that reaches a table goes through one of these. */

const MAX_VALUE_LENGTH = 300;

/** An inline code span that survives GFM tables: pipes escaped, backticks fenced, one line, bounded length. */
export function code(text: string, maxLength = MAX_VALUE_LENGTH): string {
  let value = text.replace(/\r?\n/g, "⏎");
  if (value.length > maxLength) value = `${value.slice(0, maxLength - 1)}…`;
  value = value.replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = value.startsWith("`") || value.endsWith("`") || value === "" ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** Plain text for a table cell or a line: Markdown and HTML specials escaped, one line. */
export function text(value: string): string {
  return value
    .replace(/\r?\n/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]{}()#+!|~])/g, "\\$1");
}

/** A JSON value as code: strings as they are, the rest as compact JSON; `—` when absent. */
export function value(v: unknown, maxLength = MAX_VALUE_LENGTH): string {
  if (v === undefined) return "—";
  return code(typeof v === "string" ? v : JSON.stringify(v), maxLength);
}

/** Several values in one cell, one per line. */
export function codeList(values: readonly string[]): string {
  return values.length === 0 ? "—" : values.map((v) => code(v)).join("<br>");
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A collapsible block; GitHub renders Markdown (and mermaid fences) inside when blank lines surround it. */
export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function fenced(language: string, body: string): string {
  const longestRun = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}
