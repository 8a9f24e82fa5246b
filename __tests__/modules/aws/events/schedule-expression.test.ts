import { SCHEDULE_EXPRESSION } from "../../../../modules/aws/events/schedule-expression";

describe("SCHEDULE_EXPRESSION", () => {
  test.each(["rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "cron(0 3 * * ? *)", "cron(0/15 8-18 ? * MON-FRI *)", "cron(0 6 L * ? 2027)"])(
    "Compliance: %s",
    (expression) => expect(SCHEDULE_EXPRESSION.test(expression)).toBe(true),
  );

  test.each([
    "rate(1 minutes)", // plural for 1
    "rate(5 minute)", // singular above 1
    "rate(0 minutes)",
    "cron(0 3 * * *)", // five fields (unix cron)
    "cron(0 3 * * * *)", // ? in neither day field
    "cron(0 3 ? * ? *)", // ? in both
    "cron(60 3 * * ? *)",
    "cron(0 24 * * ? *)",
    "at(2027-01-01T00:00:00)",
    "0 3 * * *",
  ])("Noncompliance: %s", (expression) => expect(SCHEDULE_EXPRESSION.test(expression)).toBe(false));
});
