import { Testing } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { dataSource, resources, type Json } from "../support";
import { ACCOUNT, accountStack, build, expectRefused, problems, QUEUE_ARN, STREAM_ARN, TOPIC_ARN, withProps } from "./helpers";

describe("events: the list and its items", () => {
  test("events must be a list of objects with a known type and only that type's keys", () => {
    expectRefused({ events: { type: "sqs" } as unknown as [] }, "events", /a list of event sources/);
    expectRefused({ events: ["sqs" as unknown as never] }, "events[0]", /an event source object/);
    expectRefused({ events: [{ type: "cron" } as unknown as never] }, "events[0].type", /one of "sqs", "dynamodb-stream", "kinesis", "s3", "sns", "schedule", "eventbridge"/, "cron");
    // `batchsize` (misspelt) and `startingPosition` (a stream's) are refused on an SQS event.
    const found = problems({ events: [{ type: "sqs", queueArn: QUEUE_ARN, batchsize: 5, startingPosition: "LATEST" } as never] });
    expect(found.map((p) => [p.prop, p.received])).toEqual([
      ["events[0].batchsize", "an unknown prop"],
      ["events[0].startingPosition", "an unknown prop"],
    ]);
    expect(found[0].rule).toMatch(/^one of the known props \(type, queue, queueArn, batchSize, .*, id, legacyPosition\)$/);
  });

  test("Terraform template syntax in an event's values is refused", () => {
    const found = problems({ events: [{ type: "sns", topicArn: TOPIC_ARN, filterPolicy: { kind: ["${file(\"/etc/passwd\")}"] } }] });
    expect(found.map((p) => p.prop)).toEqual(["events[0].filterPolicy.kind[0]"]);
  });

  test("each event is named after its source: resources and statement ids do not collide, and no position is in them", () => {
    const { json } = withProps({
      events: [
        { type: "sqs", queueArn: QUEUE_ARN },
        { type: "sns", topicArn: TOPIC_ARN },
        { type: "sns", topicArn: `${TOPIC_ARN}-2` },
        { type: "dynamodb-stream", streamArn: STREAM_ARN },
      ],
    });
    expect(Object.values(resources(json, "aws_lambda_permission")).map((p: Json) => p.statement_id).sort()).toEqual(["event-sns-orders", "event-sns-orders-2"]);
    expect(Object.keys(resources(json, "aws_lambda_permission")).sort()).toEqual([
      expect.stringMatching(/^Fn_Event-sns-orders-2_Permission_[0-9A-F]{8}$/),
      expect.stringMatching(/^Fn_Event-sns-orders_Permission_[0-9A-F]{8}$/),
    ]);
    expect(Object.keys(resources(json, "aws_lambda_event_source_mapping")).sort()).toEqual([
      expect.stringMatching(/^Fn_Event-dynamodb-stream-orders_Mapping_[0-9A-F]{8}$/),
      expect.stringMatching(/^Fn_Event-sqs-orders_Mapping_[0-9A-F]{8}$/),
    ]);
  });

  test("with a live alias (provisioned concurrency), every trigger invokes the alias and permissions are on it", () => {
    const stack = accountStack();
    const fn = build(
      {
        provisionedConcurrency: 2,
        events: [
          { type: "sqs", queueArn: QUEUE_ARN },
          { type: "s3", bucketName: "orders-uploads" },
          { type: "sns", topicArn: TOPIC_ARN },
          { type: "schedule", expression: "rate(1 hour)" },
          { type: "eventbridge", eventPattern: { source: ["orders"] } },
        ],
        asyncInvoke: { maxRetryAttempts: 0 },
        url: {},
      },
      stack,
    );
    const json: Json = JSON.parse(Testing.synth(stack));
    const aliasArn = expect.stringMatching(/^\$\{aws_lambda_alias\.[^.]+\.arn\}$/);
    expect(fn.aliasArn).toBeDefined();
    expect(Object.values(resources(json, "aws_lambda_event_source_mapping"))[0].function_name).toEqual(aliasArn);
    expect(Object.values(resources(json, "aws_s3_bucket_notification"))[0].lambda_function[0].lambda_function_arn).toEqual(aliasArn);
    expect(Object.values(resources(json, "aws_sns_topic_subscription"))[0].endpoint).toEqual(aliasArn);
    for (const target of Object.values(resources(json, "aws_cloudwatch_event_target"))) expect(target.arn).toEqual(aliasArn);
    // Scheduler invokes the alias, and its role may invoke that alias only (not the unqualified function).
    expect(Object.values(resources(json, "aws_scheduler_schedule"))[0].target.arn).toEqual(aliasArn);
    expect(dataSource(json, "aws_iam_policy_document", "Event-schedule-rate-1-hour_SchedulerPermissions").statement).toEqual([
      { sid: "InvokeScheduledFunction", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [aliasArn] },
    ]);
    for (const permission of Object.values(resources(json, "aws_lambda_permission"))) expect(permission.qualifier).toBe("live");
    expect(Object.values(resources(json, "aws_lambda_function_event_invoke_config"))[0].qualifier).toBe("live");
    expect(Object.values(resources(json, "aws_lambda_function_url"))[0].qualifier).toBe("live");
  });

  test("without an alias, aliasArn is undefined and nothing names a qualifier", () => {
    const { fn, json } = withProps({ events: [{ type: "sns", topicArn: TOPIC_ARN }], url: {} });
    expect(fn.aliasArn).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain('"qualifier"');
  });

  test("one function polls a queue or stream once: Lambda keeps one mapping per source and function", () => {
    expectRefused(
      { events: [{ type: "sqs", queueArn: QUEUE_ARN }, { type: "sqs", queueArn: QUEUE_ARN, batchSize: 5 }] },
      "events[1].queueArn",
      /no other event of this function polls .*events\[0\] has it/,
      QUEUE_ARN,
    );
    // By reference too: two reads of one attribute point at one resource.
    const stack = accountStack();
    const table = new DynamodbTable(stack, "T", { name: "ttt", hashKey: "id", attribute: [{ name: "id", type: "S" }], streamEnabled: true, streamViewType: "NEW_IMAGE" });
    expectRefused({ events: [{ type: "dynamodb-stream", streamArn: table.streamArn }, { type: "dynamodb-stream", streamArn: table.streamArn }] }, "events[1].streamArn", /events\[0\] has it/, expect.stringMatching(/TOKEN/), stack);
    // Two functions may read one queue; one function may read two queues.
    const ok = accountStack();
    build({ events: [{ type: "sqs", queueArn: QUEUE_ARN }, { type: "sqs", queueArn: `${QUEUE_ARN}-2` }] }, ok, "A");
    expect(() => build({ functionName: "orders-other", events: [{ type: "sqs", queueArn: QUEUE_ARN }] }, ok, "B")).not.toThrow();
  });

  test("two s3 events of one function on one bucket must not overlap, as S3 refuses at apply", () => {
    expectRefused(
      { events: [{ type: "s3", bucketName: "orders-uploads" }, { type: "s3", bucketName: "orders-uploads", prefix: "images/" }] },
      "events[1]",
      /does not overlap .*events\[0\] of stack\/Fn has one/,
    );
    const { json } = withProps({ events: [{ type: "s3", bucketName: "orders-uploads", prefix: "images/" }, { type: "s3", bucketName: "orders-uploads", prefix: "invoices/" }] });
    expect(Object.values(resources(json, "aws_s3_bucket_notification"))[0].lambda_function).toHaveLength(2);
  });

  test("queues, streams and topics of another region than the provider's are refused (Lambda polls its own region; SNS subscribes in the topic's)", () => {
    const other = (arn: string) => arn.replace("eu-west-1", "us-east-1");
    expectRefused({ events: [{ type: "sqs", queueArn: other(QUEUE_ARN) }] }, "events[0].queueArn", /an SQS queue in the stack's provider region eu-west-1/, other(QUEUE_ARN));
    expectRefused({ events: [{ type: "dynamodb-stream", streamArn: other(STREAM_ARN) }] }, "events[0].streamArn", /a stream in the stack's provider region eu-west-1/, other(STREAM_ARN));
    expectRefused({ events: [{ type: "sns", topicArn: other(TOPIC_ARN) }] }, "events[0].topicArn", /an SNS topic in the stack's provider region eu-west-1/, other(TOPIC_ARN));
    const bus = "arn:aws:events:us-east-1:111111111111:event-bus/orders";
    expectRefused({ events: [{ type: "eventbridge", eventPattern: { source: ["orders"] }, eventBusName: bus }] }, "events[0].eventBusName", /an event bus in the stack's provider region eu-west-1/, bus);
    // Another account of the same region is fine (cross-account sources exist).
    expect(() => build({ events: [{ type: "sqs", queueArn: QUEUE_ARN.replace(ACCOUNT, "222222222222") }] })).not.toThrow();
  });
});
