import { SCHEDULE_EXPRESSION } from "../../../../modules/aws/events/schedule-expression";
import { only } from "../support";
import { addedStatements, expectRefused, withProps } from "./helpers";

describe("events: schedule", () => {
  test("an EventBridge rule on the schedule, the function as its target with the input, and a permission for that rule", () => {
    const { json } = withProps({ events: [{ type: "schedule", expression: "rate(5 minutes)", input: { job: "sweep" } }] });
    const rule = only(json, "aws_cloudwatch_event_rule");
    expect(rule).toEqual({ name: "orders-worker-schedule-1", description: "Runs orders-worker on rate(5 minutes)", schedule_expression: "rate(5 minutes)" });
    expect(only(json, "aws_cloudwatch_event_target")).toEqual({
      rule: expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.[^.]+\.name\}$/),
      arn: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.arn\}$/),
      input: '{"job":"sweep"}',
    });
    expect(only(json, "aws_lambda_permission")).toMatchObject({
      statement_id: "event-1-schedule",
      principal: "events.amazonaws.com",
      source_arn: expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.[^.]+\.arn\}$/),
    });
    expect(addedStatements(json)).toEqual([]);
  });

  test.each(["rate(1 minute)", "rate(2 hours)", "rate(7 days)", "cron(0 3 * * ? *)", "cron(0/15 8-17 ? * MON-FRI *)", "cron(0 12 L * ? 2027)", "cron(30 6 ? * 2#1 *)"])(
    "%p is a valid expression",
    (expression) => {
      expect(SCHEDULE_EXPRESSION.test(expression)).toBe(true);
    },
  );

  test.each([
    "rate(1 minutes)",
    "rate(5 minute)",
    "rate(0 hours)",
    "rate(5 seconds)",
    "cron(0 3 * * *)", // five fields (unix cron)
    "cron(0 3 * * * *)", // no ? in day-of-month or day-of-week
    "cron(0 3 ? * ? *)", // ? in both
    "cron(61 3 * * ? *)",
    "cron(0 24 * * ? *)",
    "0 3 * * ? *",
    "at(2026-01-01T00:00:00)",
  ])("%p is refused", (expression) => {
    expectRefused({ events: [{ type: "schedule", expression }] }, "events[0].expression", /rate\(<n> minute\|minutes.*six fields/, expression);
  });

  test("a timezone is refused (rules run in UTC), input must be an object", () => {
    expectRefused({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", timezone: "Europe/Paris" }] }, "events[0].timezone", /run in UTC/, "Europe/Paris");
    expectRefused({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", input: "x" as unknown as Record<string, unknown> }] }, "events[0].input", /an object/, "x");
    expectRefused({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", input: { big: "x".repeat(9000) } }] }, "events[0].input", /at most 8192 characters/);
  });
});
