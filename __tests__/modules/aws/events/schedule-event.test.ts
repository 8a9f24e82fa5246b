import { SCHEDULE_EXPRESSION } from "../../../../modules/aws/events/schedule-expression";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { dataSource, only, ref, resources, type Json } from "../support";
import { ACCOUNT, addedStatements, expectRefused, newStack, withProps } from "./helpers";

describe("events: schedule", () => {
  test("a Scheduler schedule in UTC invoking the function through a role of its own, with the input; no rule, no resource-policy permission", () => {
    const { json } = withProps({ events: [{ type: "schedule", expression: "rate(5 minutes)", input: { job: "sweep" } }] });
    expect(only(json, "aws_scheduler_schedule")).toEqual({
      name: "orders-worker-schedule-rate-5-minutes",
      group_name: "default",
      description: "Runs orders-worker on rate(5 minutes)",
      schedule_expression: "rate(5 minutes)",
      flexible_time_window: { mode: "OFF" },
      target: { arn: expect.stringMatching(ref("aws_lambda_function", "arn")), role_arn: expect.stringMatching(ref("aws_iam_role", "arn")), input: '{"job":"sweep"}' },
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.Fn_Event-schedule-rate-5-minutes_SchedulerPolicy_[0-9A-F]{8}$/)],
    });
    expect(resources(json, "aws_cloudwatch_event_rule")).toEqual({});
    expect(resources(json, "aws_cloudwatch_event_target")).toEqual({});
    expect(resources(json, "aws_lambda_permission")).toEqual({});
    // The function's own role gains nothing.
    expect(addedStatements(json)).toEqual([]);
  });

  test("the schedule's role: trusted by scheduler.amazonaws.com for this account's default schedule group, may invoke this function only", () => {
    const { json } = withProps({ events: [{ type: "schedule", expression: "rate(5 minutes)" }] });
    const roles = Object.values(resources(json, "aws_iam_role")).filter((r: Json) => r.name !== "orders-worker-role");
    expect(roles).toEqual([
      {
        name: "orders-worker-schedule-rate-5-minutes-invoker",
        description: "Lets EventBridge Scheduler schedule orders-worker-schedule-rate-5-minutes invoke Lambda function orders-worker",
        assume_role_policy: expect.stringMatching(ref("data.aws_iam_policy_document", "json")),
      },
    ]);
    expect(dataSource(json, "aws_iam_policy_document", "Event-schedule-rate-5-minutes_SchedulerTrust").statement).toEqual([
      {
        sid: "SchedulerAssumeRole",
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["scheduler.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
          { test: "ArnEquals", variable: "aws:SourceArn", values: [`arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule-group/default`] },
        ],
      },
    ]);
    expect(dataSource(json, "aws_iam_policy_document", "Event-schedule-rate-5-minutes_SchedulerPermissions").statement).toEqual([
      { sid: "InvokeScheduledFunction", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [expect.stringMatching(ref("aws_lambda_function", "arn"))] },
    ]);
    const policies = Object.values(resources(json, "aws_iam_role_policy")).filter((p: Json) => p.name === "invoke");
    expect(policies).toEqual([{ name: "invoke", role: expect.stringMatching(ref("aws_iam_role", "id")), policy: expect.stringMatching(ref("data.aws_iam_policy_document", "json")) }]);
  });

  test("without input, the function receives a scheduled event filled in by Scheduler", () => {
    const { json } = withProps({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)" }] });
    expect(JSON.parse(only(json, "aws_scheduler_schedule").target.input)).toEqual({
      version: "0",
      id: "<aws.scheduler.execution-id>",
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      time: "<aws.scheduler.scheduled-time>",
      resources: ["<aws.scheduler.schedule-arn>"],
      detail: {},
    });
  });

  test("a time zone is written as the schedule's expression time zone", () => {
    const { json } = withProps({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", timezone: "Europe/Paris" }] });
    expect(only(json, "aws_scheduler_schedule")).toMatchObject({
      description: "Runs orders-worker on cron(0 3 * * ? *) (Europe/Paris)",
      schedule_expression: "cron(0 3 * * ? *)",
      schedule_expression_timezone: "Europe/Paris",
    });
  });

  test("the trust names only what the provider states: no account, no condition; an account without a region, no schedule group ARN", () => {
    const bare = newStack();
    new AwsProvider(bare, "aws", { region: "eu-west-1" });
    const noAccount = withProps({ events: [{ type: "schedule", expression: "rate(1 hour)" }] }, bare).json;
    expect(dataSource(noAccount, "aws_iam_policy_document", "Event-schedule-rate-1-hour_SchedulerTrust").statement[0].condition).toBeUndefined();
    const noRegion = newStack();
    new AwsProvider(noRegion, "aws", { allowedAccountIds: [ACCOUNT] });
    const accountOnly = withProps({ events: [{ type: "schedule", expression: "rate(1 hour)" }] }, noRegion).json;
    expect(dataSource(accountOnly, "aws_iam_policy_document", "Event-schedule-rate-1-hour_SchedulerTrust").statement[0].condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
    ]);
  });

  test("two schedules get two schedules and two roles, and long names stay within 64 characters, kept apart by a hash", () => {
    const name = "a".repeat(60);
    const { json } = withProps({
      functionName: name,
      events: [
        { type: "schedule", expression: "rate(1 hour)" },
        { type: "schedule", expression: "rate(2 hours)" },
      ],
    });
    const schedules = Object.values(resources(json, "aws_scheduler_schedule")).map((s: Json) => s.name as string);
    const roles = Object.values(resources(json, "aws_iam_role")).map((r: Json) => r.name as string);
    expect(new Set(schedules).size).toBe(2);
    expect(new Set(roles).size).toBe(3);
    for (const n of [...schedules, ...roles]) expect(n.length).toBeLessThanOrEqual(64);
    for (const s of schedules) expect(s).toMatch(/^a{55}-[0-9a-f]{8}$/);
    for (const r of roles.filter((r) => !r.endsWith("-role"))) expect(r).toMatch(/^a{47}-[0-9a-f]{8}-invoker$/);
    // A function name that leaves room keeps the event's name, cut, with the hash.
    const cut = withProps({ functionName: "b".repeat(45), events: [{ type: "schedule", expression: "rate(1 hour)" }] }).json;
    expect(only(cut, "aws_scheduler_schedule").name).toMatch(/^b{45}-schedule-[0-9a-f]{8}$/);
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

  test("a time zone must be a tz database name, input must be an object", () => {
    for (const timezone of ["Mars/Olympus", "+02:00", "CEST", ""]) {
      expectRefused({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", timezone }] }, "events[0].timezone", /a time zone name of the tz database/, timezone);
    }
    expectRefused({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", input: "x" as unknown as Record<string, unknown> }] }, "events[0].input", /an object/, "x");
    expectRefused({ events: [{ type: "schedule", expression: "cron(0 3 * * ? *)", input: { big: "x".repeat(9000) } }] }, "events[0].input", /at most 8192 characters/);
  });
});
