import { Testing } from "cdktf";
import { dataSource, resources, type Json } from "../support";
import { accountStack, build, expectRefused, problems, QUEUE_ARN, STREAM_ARN, TOPIC_ARN, withProps } from "./helpers";

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
    expect(found[0].rule).toMatch(/^one of the known props \(type, queueArn, batchSize/);
  });

  test("Terraform template syntax in an event's values is refused", () => {
    const found = problems({ events: [{ type: "sns", topicArn: TOPIC_ARN, filterPolicy: { kind: ["${file(\"/etc/passwd\")}"] } }] });
    expect(found.map((p) => p.prop)).toEqual(["events[0].filterPolicy.kind[0]"]);
  });

  test("each event is numbered by its position: resources and statement ids do not collide", () => {
    const { json } = withProps({
      events: [
        { type: "sqs", queueArn: QUEUE_ARN },
        { type: "sns", topicArn: TOPIC_ARN },
        { type: "sns", topicArn: `${TOPIC_ARN}-2` },
        { type: "dynamodb-stream", streamArn: STREAM_ARN },
      ],
    });
    expect(Object.values(resources(json, "aws_lambda_permission")).map((p: Json) => p.statement_id)).toEqual(["event-2-sns", "event-3-sns"]);
    expect(Object.keys(resources(json, "aws_lambda_event_source_mapping"))).toHaveLength(2);
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
    expect(dataSource(json, "aws_iam_policy_document", "Event4SchedulerPermissions").statement).toEqual([
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
});
