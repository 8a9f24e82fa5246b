import type { Rule } from "../../core/validation";

/**
 * Cloud Scheduler's unix-cron: five fields (minute hour day-of-month month day-of-week), each `*`, a
 * number, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of these; months and days may be
 * named (`JAN`, `MON`); day-of-week 0 and 7 are Sunday. Quartz extensions (`?`, `L`, `W`, `#`), the
 * six-field AWS form and macros such as `@daily` are not unix-cron.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

function value(text: string, field: Field): number | undefined {
  if (/^[0-9]{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index === -1) return undefined;
  return field.name === "month" ? index + 1 : index;
}

/** Why one field is not valid, or undefined when it is. */
function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(",")) {
    const m = /^(\*|([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?)(?:\/([0-9]+))?$/.exec(item);
    const bad = `${field.name} "${item}"`;
    if (!m) return bad;
    const [, whole, from, to, step] = m;
    if (step !== undefined) {
      const n = Number(step);
      if (n < 1 || n > field.max) return bad;
      // `5/15` (a start without a range) is a Quartz and Vixie extension; unix-cron wants `5-59/15`.
      if (whole !== "*" && to === undefined) return bad;
    }
    if (whole === "*") continue;
    const a = value(from, field);
    if (a === undefined) return bad;
    if (to !== undefined) {
      const b = value(to, field);
      if (b === undefined || b < a) return bad;
    }
  }
  return undefined;
}

/** Why `expression` is not a unix-cron schedule, or undefined when it is. */
export function unixCronProblem(expression: string): string | undefined {
  if (typeof expression !== "string") return "not a string";
  if (/^\s*(cron|rate)\(/.test(expression)) return "an AWS schedule expression";
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `${fields.length} field${fields.length === 1 ? "" : "s"}`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(fields[i], FIELDS[i]);
    if (problem) return problem;
  }
  return undefined;
}

export const UNIX_CRON: Rule<string> = {
  description:
    'a unix-cron schedule of 5 fields "minute hour day-of-month month day-of-week" (e.g. "0 3 * * *"; numbers, names, *, a-b, */n, a-b/n and lists; no ?, L, W, # and no AWS cron(...) or rate(...))',
  test: (v) => unixCronProblem(v) === undefined,
};
