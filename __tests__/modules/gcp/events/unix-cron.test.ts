import { UNIX_CRON, unixCronProblem } from "../../../../modules/gcp/events/unix-cron";

describe("unix-cron (Cloud Scheduler schedules)", () => {
  test.each([
    "0 3 * * *",
    "*/15 * * * *",
    "0 9-17 * * 1-5",
    "0 9-17/2 * * MON-FRI",
    "30 2 1,15 * *",
    "0 0 1 JAN,jul *",
    "59 23 31 12 7",
    "0 0 * * 0",
    "  5 4 * * sun  ",
  ])("Compliance: %s", (expression) => {
    expect(unixCronProblem(expression)).toBeUndefined();
    expect(UNIX_CRON.test(expression)).toBe(true);
  });

  test.each([
    ["0 3 * * ? *", "6 fields"],
    ["0 3 * *", "4 fields"],
    ["", "1 field"],
    ["cron(0 3 * * ? *)", "an AWS schedule expression"],
    ["rate(1 hour)", "an AWS schedule expression"],
    ["60 * * * *", 'minute "60"'],
    ["0 24 * * *", 'hour "24"'],
    ["0 0 0 * *", 'day of month "0"'],
    ["0 0 32 * *", 'day of month "32"'],
    ["0 0 * 13 *", 'month "13"'],
    ["0 0 * * 8", 'day of week "8"'],
    ["0 0 * * MON#2", 'day of week "MON#2"'],
    ["0 0 L * *", 'day of month "L"'],
    ["0 0 ? * *", 'day of month "?"'],
    ["*/0 * * * *", 'minute "*/0"'],
    ["5/15 * * * *", 'minute "5/15"'],
    ["0 17-9 * * *", 'hour "17-9"'],
    ["0 0 * * FRI-MON", 'day of week "FRI-MON"'],
    ["@daily", "1 field"],
    ["0,, * * * *", 'minute ""'],
  ])("Noncompliance: %s (%s)", (expression, problem) => {
    expect(unixCronProblem(expression)).toBe(problem);
    expect(UNIX_CRON.test(expression)).toBe(false);
  });
});
