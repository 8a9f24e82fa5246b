import type { Rule } from "../../core/validation";

/**
 * EventBridge schedule expressions: `rate(<n> <unit>)` (`minute` for 1, `minutes` above, likewise
 * hours and days) or `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`, six
 * fields (in the schedule's `timezone`, UTC by default), with `?` in exactly one of day-of-month and day-of-week.
 */
export const SCHEDULE_EXPRESSION: Rule<string> = {
  description:
    'rate(<n> minute|minutes|hour|hours|day|days) ("minute" for 1) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) ' +
    "with six fields and ? in exactly one of day-of-month and day-of-week",
  test: (value) => typeof value === "string" && (isRate(value) || isCron(value)),
};

function isRate(value: string): boolean {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(value);
  if (!match) return false;
  const n = Number(match[1]);
  return n >= 1 && (n === 1) === !match[2].endsWith("s");
}

// Characters each cron field may hold (EventBridge's cron reference); names for months and days.
const FIELD = [
  /^([0-5]?\d)([,-/]([0-5]?\d))*$|^\*(\/\d+)?$/,
  /^((1?\d|2[0-3]))([,-/](1?\d|2[0-3]))*$|^\*(\/\d+)?$/,
  /^(\*|\?|L|LW|(\d{1,2}W)|((0?[1-9]|[12]\d|3[01])([,-/](0?[1-9]|[12]\d|3[01]))*))(\/\d+)?$/,
  /^(\*|(0?[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([,-/](0?[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*)(\/\d+)?$/i,
  /^(\*|\?|[1-7]L|[1-7]#[1-5]|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)([,-/]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*)(\/\d+)?$/i,
  /^(\*|(19[7-9]\d|2[01]\d\d)([,-/](19[7-9]\d|2[01]\d\d))*)(\/\d+)?$/,
];

function isCron(value: string): boolean {
  const match = /^cron\((.*)\)$/.exec(value);
  if (!match) return false;
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return false;
  if (!fields.every((f, i) => FIELD[i].test(f))) return false;
  return (fields[2] === "?") !== (fields[4] === "?");
}
