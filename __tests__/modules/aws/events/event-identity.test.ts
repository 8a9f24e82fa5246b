import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing, type TerraformStack } from "cdktf";
import { Bucket, Queue, Table, Topic, type FunctionEvent } from "../../../../modules/aws";
import type { Json } from "../support";
import { accountStack, build, expectRefused, problems, QUEUE_ARN, TOPIC_ARN } from "./helpers";

/** Every resource of the stack by address, with its configuration (construct metadata left out). */
function addresses(stack: TerraformStack): Map<string, string> {
  const json: Json = JSON.parse(Testing.synth(stack));
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource as Record<string, Record<string, Json>>)) {
    for (const [name, config] of Object.entries(byName)) {
      const { "//": _metadata, ...rest } = config;
      out.set(`${type}.${name}`, JSON.stringify(rest));
    }
  }
  return out;
}

/** A stack with the same data resources each time, and one function with `events(resources)`. */
function withEvents(events: (r: { queue: Queue; table: Table; topic: Topic; bucket: Bucket }) => FunctionEvent[]): Map<string, string> {
  const stack = accountStack();
  const resources = {
    queue: new Queue(stack, "Jobs", { queueName: "jobs", visibilityTimeoutSeconds: 60 }),
    table: new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, stream: "NEW_IMAGE" }),
    topic: new Topic(stack, "Events", { topicName: "events" }),
    bucket: new Bucket(stack, "Uploads", { bucketName: "uploads-111111111111" }),
  };
  build({ events: events(resources) }, stack);
  return addresses(stack);
}

/** The addresses of `after` that are not in `before`, and those of `before` gone from `after`; and what changed in the rest. */
function diff(before: Map<string, string>, after: Map<string, string>) {
  return {
    added: [...after.keys()].filter((a) => !before.has(a)).sort(),
    removed: [...before.keys()].filter((a) => !after.has(a)).sort(),
    changed: [...after.keys()].filter((a) => before.has(a) && before.get(a) !== after.get(a)).sort(),
  };
}

describe("events are named after their id or their source, never their position", () => {
  const all = ({ queue, table, topic, bucket }: { queue: Queue; table: Table; topic: Topic; bucket: Bucket }): FunctionEvent[] => [
    { type: "sqs", queue },
    { type: "dynamodb-stream", table, startingPosition: "TRIM_HORIZON" },
    { type: "sns", topic },
    { type: "s3", bucket, prefix: "in/" },
    { type: "schedule", id: "nightly", expression: "cron(0 3 * * ? *)" },
    { type: "eventbridge", eventPattern: { source: ["orders"] } },
  ];

  test("reordering the events changes no resource at all", () => {
    const before = withEvents(all);
    const after = withEvents((r) => [...all(r)].reverse());
    expect(diff(before, after)).toEqual({ added: [], removed: [], changed: [] });
  });

  test("inserting an event first adds its resources and changes only the execution policy (its statements) and the bucket's shared notification", () => {
    const before = withEvents(all);
    const after = withEvents((r) => [{ type: "s3", id: "archive", bucket: r.bucket, prefix: "archive/" }, ...all(r)]);
    const { added, removed, changed } = diff(before, after);
    expect(removed).toEqual([]);
    expect(added).toEqual([expect.stringMatching(/^aws_lambda_permission\.Fn_Event-archive_Permission_[0-9A-F]{8}$/)]);
    // The notification is one resource per bucket: it gains a block; nothing else of the other events moves.
    expect(changed).toEqual([expect.stringMatching(/^aws_s3_bucket_notification\./)]);
  });

  test("removing an event removes its resources only", () => {
    const before = withEvents(all);
    const after = withEvents((r) => all(r).filter((e) => e.type !== "sns"));
    const { added, removed, changed } = diff(before, after);
    expect(added).toEqual([]);
    expect(removed).toEqual([
      expect.stringMatching(/^aws_lambda_permission\.Fn_Event-sns-events_Permission_[0-9A-F]{8}$/),
      expect.stringMatching(/^aws_sns_topic_subscription\.Fn_Event-sns-events_Subscription_[0-9A-F]{8}$/),
    ]);
    expect(changed).toEqual([]);
  });

  test("the names come from the id or the source: resources, AWS names and statement ids", () => {
    const stack = accountStack();
    const raw = new SqsQueue(stack, "Raw", { name: "raw-jobs" });
    build(
      {
        events: [
          { type: "sqs", queueArn: raw.arn },
          { type: "sqs", queueArn: QUEUE_ARN },
          { type: "sns", id: "order-paid", topicArn: TOPIC_ARN },
          { type: "schedule", expression: "rate(1 hour)" },
          { type: "schedule", expression: "cron(0 3 * * ? *)", timezone: "Europe/Paris" },
        ],
      },
      stack,
    );
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource.aws_lambda_event_source_mapping).map((k) => k.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["Fn_Event-sqs-orders_Mapping", "Fn_Event-sqs-raw_Mapping"]);
    expect(Object.values(json.resource.aws_lambda_permission as Record<string, Json>).map((p) => p.statement_id)).toEqual(["event-order-paid"]);
    expect(Object.values(json.resource.aws_scheduler_schedule as Record<string, Json>).map((s) => s.name).sort()).toEqual([
      expect.stringMatching(/^orders-worker-schedule-cron-[0-9a-f]{6}$/),
      "orders-worker-schedule-rate-1-hour",
    ]);
    const sids = Object.entries(json.data.aws_iam_policy_document as Record<string, Json>)
      .find(([id]) => id.startsWith("Fn_ExecutionRole_PolicyDocument"))![1]
      .statement.map((s: Json) => s.sid);
    expect(sids).toEqual(["WriteOwnLogGroup", "EventSqsRawConsumeQueue", "EventSqsOrdersConsumeQueue"]);
  });

  test("two events with one name are refused, saying why and what to do", () => {
    expectRefused(
      { events: [{ type: "schedule", expression: "rate(1 hour)" }, { type: "schedule", expression: "rate(1 hour)", input: { job: "b" } }] },
      "events[1]",
      /^an event with a name of its own \(its name comes from its source: .*\): events\[0\] is also named "schedule-rate-1-hour"; give one of them an id$/,
      "schedule-rate-1-hour",
    );
    expectRefused(
      { events: [{ type: "sqs", id: "jobs", queueArn: QUEUE_ARN }, { type: "sns", id: "Jobs", topicArn: TOPIC_ARN }] },
      "events[1].id",
      /^an event with a name of its own: events\[0\] is named "jobs", the same name once case and punctuation are set aside \(as IAM and statement ids compare names\); give it another id$/,
      "Jobs",
    );
    // Ids make the same source twice possible.
    expect(() => build({ events: [{ type: "schedule", id: "a", expression: "rate(1 hour)" }, { type: "schedule", id: "b", expression: "rate(1 hour)" }] })).not.toThrow();
  });

  test.each(["1st", "a b", "with_underscore", "x".repeat(49), ""])("id %p is refused", (id) => {
    const found = problems({ events: [{ type: "schedule", id, expression: "rate(1 hour)" }] });
    expect(found.map((p) => p.prop)).toEqual(["events[0].id"]);
    expect(found[0].rule).toMatch(/a letter then at most 47 letters, digits or -/);
  });

  test("legacyPosition: the names AWS knows, moved from the positional addresses; a position given twice is refused", () => {
    const stack = accountStack();
    build({ events: [{ type: "sns", topicArn: TOPIC_ARN, legacyPosition: 2 }, { type: "schedule", expression: "rate(1 hour)", legacyPosition: 1 }] }, stack);
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.aws_lambda_permission as Record<string, Json>)[0].statement_id).toBe("event-2-sns");
    expect(Object.values(json.resource.aws_scheduler_schedule as Record<string, Json>)[0].name).toBe("orders-worker-schedule-1");
    expect(Object.values(json.resource.aws_iam_role as Record<string, Json>).map((r) => r.name).sort()).toEqual(["orders-worker-role", "orders-worker-schedule-1-invoker"]);
    expect((json.moved as Json[]).map((m) => [m.from.replace(/_[0-9A-F]{8}$/, ""), m.to.replace(/_[0-9A-F]{8}$/, "")])).toEqual([
      ["aws_lambda_permission.Fn_Event2Permission", "aws_lambda_permission.Fn_Event-sns-orders_Permission"],
      ["aws_sns_topic_subscription.Fn_Event2Subscription", "aws_sns_topic_subscription.Fn_Event-sns-orders_Subscription"],
      ["aws_iam_role.Fn_Event1SchedulerRole", "aws_iam_role.Fn_Event-schedule-rate-1-hour_SchedulerRole"],
      ["aws_iam_role_policy.Fn_Event1SchedulerPolicy", "aws_iam_role_policy.Fn_Event-schedule-rate-1-hour_SchedulerPolicy"],
      ["aws_scheduler_schedule.Fn_Event1Schedule", "aws_scheduler_schedule.Fn_Event-schedule-rate-1-hour_Schedule"],
    ]);
    expectRefused(
      { events: [{ type: "sns", topicArn: TOPIC_ARN, legacyPosition: 1 }, { type: "sqs", queueArn: QUEUE_ARN, legacyPosition: 1 }] },
      "events[1].legacyPosition",
      /a position no other event had \(events\[0\] has it\)/,
      1,
    );
  });
});
