import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { Queue } from "../../../../modules/aws";
import { only, resources } from "../support";
import { accountStack, addedStatements, build, expectRefused, problems, QUEUE_ARN, TOPIC_ARN, withProps } from "./helpers";

describe("events: sqs", () => {
  test("an event source mapping on the queue with partial batch responses on by default", () => {
    const { json } = withProps({ events: [{ type: "sqs", queueArn: QUEUE_ARN }] });
    const mapping = only(json, "aws_lambda_event_source_mapping");
    expect(mapping).toEqual({
      event_source_arn: QUEUE_ARN,
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.arn\}$/),
      function_response_types: ["ReportBatchItemFailures"],
    });
  });

  test("batch size, window, concurrency and filters are written as given; partial batch responses can be switched off", () => {
    const { json } = withProps({
      events: [
        {
          type: "sqs",
          queueArn: QUEUE_ARN,
          batchSize: 100,
          maxBatchingWindowSeconds: 5,
          maxConcurrency: 20,
          reportBatchItemFailures: false,
          filterPatterns: [{ body: { status: ["PAID"] } }],
        },
      ],
    });
    const mapping = only(json, "aws_lambda_event_source_mapping");
    expect(mapping).toMatchObject({
      batch_size: 100,
      maximum_batching_window_in_seconds: 5,
      scaling_config: { maximum_concurrency: 20 },
      filter_criteria: { filter: [{ pattern: '{"body":{"status":["PAID"]}}' }] },
    });
    expect(mapping.function_response_types).toBeUndefined();
  });

  test("the role may receive, delete and read the attributes of that one queue, and nothing else", () => {
    const { json } = withProps({ events: [{ type: "sqs", queueArn: QUEUE_ARN }] });
    expect(addedStatements(json)).toEqual([
      { sid: "EventSqsOrdersConsumeQueue", effect: "Allow", actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], resources: [QUEUE_ARN] },
    ]);
  });

  test("without events, nothing is added: no mapping, no permission, no statement", () => {
    const { json } = withProps({});
    for (const type of ["aws_lambda_event_source_mapping", "aws_lambda_permission", "aws_s3_bucket_notification", "aws_cloudwatch_event_rule"]) {
      expect(resources(json, type)).toEqual({});
    }
    expect(addedStatements(json)).toEqual([]);
  });

  test("queueArn must be an SQS queue ARN (a topic's is refused)", () => {
    expectRefused({ events: [{ type: "sqs", queueArn: TOPIC_ARN }] }, "events[0].queueArn", /an SQS queue ARN/, TOPIC_ARN);
    expectRefused({ events: [{ type: "sqs", queueArn: undefined as unknown as string }] }, "events[0].queue | queueArn", /^exactly one of queue \(a Queue\) and queueArn$/, "neither");
  });

  test("a reference to a topic's ARN is refused as queueArn", () => {
    const stack = accountStack();
    const topicArn = new SnsTopic(stack, "T", { name: "t" }).arn;
    expectRefused({ events: [{ type: "sqs", queueArn: topicArn }] }, "events[0].queueArn", /an SQS queue ARN.*; aws_sns_topic\.arn is not one/, topicArn, stack);
  });

  test.each([0, 10001, 2.5])("batchSize %p is refused (1 to 10000)", (batchSize) => {
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, batchSize, maxBatchingWindowSeconds: 1 }] }, "events[0].batchSize", /from 1 to 10000/, batchSize);
  });

  test("a FIFO queue has no batching window (Lambda refuses one), whether its ARN is literal or a FIFO SqsQueue of the stack", () => {
    expectRefused({ events: [{ type: "sqs", queueArn: `${QUEUE_ARN}.fifo`, maxBatchingWindowSeconds: 5 }] }, "events[0].maxBatchingWindowSeconds", /unset or 0 for a FIFO queue/, 5);
    const stack = accountStack();
    const queue = new SqsQueue(stack, "Fifo", { name: "orders.fifo", fifoQueue: true });
    expectRefused({ events: [{ type: "sqs", queueArn: queue.arn, maxBatchingWindowSeconds: 5 }] }, "events[0].maxBatchingWindowSeconds", /FIFO/, 5, stack);
    expect(() => build({ events: [{ type: "sqs", queueArn: `${QUEUE_ARN}.fifo`, maxBatchingWindowSeconds: 0 }] })).not.toThrow();
  });

  test("a FIFO queue takes at most 10 messages per batch", () => {
    expectRefused({ events: [{ type: "sqs", queueArn: `${QUEUE_ARN}.fifo`, batchSize: 11 }] }, "events[0].batchSize", /from 1 to 10 messages \(FIFO/);
  });

  test("above 10 messages, a batching window of at least 1 second is required", () => {
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, batchSize: 50 }] }, "events[0].maxBatchingWindowSeconds", /at least 1 second when batchSize is above 10/);
  });

  test("window 0 to 300 s, concurrency 2 to 1000, a boolean for partial batch responses", () => {
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, maxBatchingWindowSeconds: 301 }] }, "events[0].maxBatchingWindowSeconds", /from 0 to 300/, 301);
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, maxConcurrency: 1 }] }, "events[0].maxConcurrency", /from 2 to 1000/, 1);
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, reportBatchItemFailures: "yes" as unknown as boolean }] }, "events[0].reportBatchItemFailures", /true or false/);
  });

  test("filter patterns: objects, 1 to 5 of them", () => {
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, filterPatterns: Array(6).fill({ a: [1] }) }] }, "events[0].filterPatterns", /a non-empty list of at most 5 filter patterns/);
    expectRefused({ events: [{ type: "sqs", queueArn: QUEUE_ARN, filterPatterns: ['{"a":[1]}' as unknown as Record<string, unknown>] }] }, "events[0].filterPatterns[0]", /filter pattern object/);
  });

  test("a queue of the stack whose visibility timeout is shorter than the function's timeout is refused; one as long is accepted", () => {
    const stack = accountStack();
    const short = new SqsQueue(stack, "Short", { name: "short", visibilityTimeoutSeconds: 30 });
    const found = problems({ timeout: 60, events: [{ type: "sqs", queueArn: short.arn }] }, stack);
    expect(found).toHaveLength(1);
    expect(found[0].prop).toBe("events[0].queueArn");
    expect(found[0].rule).toMatch(/visibility timeout \(30 s\) is at least the function's timeout \(60 s\).*6 times the timeout \(360 s\)/);

    const stack2 = accountStack();
    const long = new SqsQueue(stack2, "Long", { name: "long", visibilityTimeoutSeconds: 360 });
    expect(() => build({ timeout: 60, events: [{ type: "sqs", queueArn: long.arn }] }, stack2)).not.toThrow();
  });

  test("a queue of the stack without a visibility timeout has SQS's default, 30 s", () => {
    const stack = accountStack();
    const queue = new SqsQueue(stack, "Plain", { name: "plain" });
    expect(problems({ timeout: 31, events: [{ type: "sqs", queueArn: queue.arn }] }, stack)[0].rule).toMatch(/\(30 s\)/);
    const stack2 = accountStack();
    const queue2 = new SqsQueue(stack2, "Plain", { name: "plain" });
    expect(() => build({ timeout: 30, events: [{ type: "sqs", queueArn: queue2.arn }] }, stack2)).not.toThrow();
  });

  test("a queue of another stack is refused (remote state, unreadable); a literal ARN's timeout is not checked (unknown here)", () => {
    const app = Testing.app();
    const other = accountStack("other", app);
    const queue = new SqsQueue(other, "Q", { name: "q", visibilityTimeoutSeconds: 1 });
    const refused = problems({ timeout: 60, events: [{ type: "sqs", queueArn: queue.arn }] }, accountStack("stack", app));
    expect(refused.map((p) => [p.prop, p.rule])).toEqual([["events[0].queueArn", expect.stringMatching(/^a resource of stack, the stack of stack\//)]]);
    expect(() => build({ timeout: 60, events: [{ type: "sqs", queueArn: "arn:aws:sqs:eu-west-1:111111111111:q" }] }, accountStack("literal", app))).not.toThrow();
  });
});

describe("events: sqs with a Queue", () => {
  test("the mapping reads the queue; the role consumes it, and decrypts it through SQS when it has a customer key", () => {
    const stack = accountStack();
    const key = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";
    const queue = new Queue(stack, "Jobs", { queueName: "jobs", visibilityTimeoutSeconds: 60, kmsKeyArn: key });
    const { json } = withProps({ events: [{ type: "sqs", queue, batchSize: 5 }] }, stack);
    expect(only(json, "aws_lambda_event_source_mapping")).toMatchObject({ event_source_arn: "${aws_sqs_queue.Jobs.arn}", batch_size: 5 });
    expect(addedStatements(json)).toEqual([
      { sid: "EventSqsJobsConsumeQueue", effect: "Allow", actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], resources: ["${aws_sqs_queue.Jobs.arn}"] },
      {
        sid: "EventSqsJobsDecryptQueue",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [key],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["sqs.eu-west-1.amazonaws.com"] }],
      },
    ]);
  });

  test("the Queue's visibility timeout and FIFO-ness are checked as a literal queue's are", () => {
    const a = accountStack();
    const short = new Queue(a, "Short", { queueName: "short" });
    expectRefused({ timeout: 60, events: [{ type: "sqs", queue: short }] }, "events[0].queue", /visibility timeout \(30 s\) is at least the function's timeout \(60 s\)/, "stack/Short", a);
    const b = accountStack();
    const fifo = new Queue(b, "Fifo", { queueName: "jobs", fifo: true });
    expectRefused({ events: [{ type: "sqs", queue: fifo, maxBatchingWindowSeconds: 5 }] }, "events[0].maxBatchingWindowSeconds", /unset or 0 for a FIFO queue/, 5, b);
  });

  test("Noncompliance: both queue and queueArn, or a queue that is not a Queue; Compliance: one of them", () => {
    const withQueue = () => {
      const stack = accountStack();
      return { stack, queue: new Queue(stack, "Jobs", { queueName: "jobs" }) };
    };
    const both = withQueue();
    expectRefused({ events: [{ type: "sqs", queue: both.queue, queueArn: QUEUE_ARN }] }, "events[0].queue | queueArn", /^exactly one of queue \(a Queue\) and queueArn$/, "both", both.stack);
    expectRefused({ events: [{ type: "sqs", queue: QUEUE_ARN as unknown as Queue }] }, "events[0].queue", /^a Queue \(the construct; or give queueArn\)$/, QUEUE_ARN);
    const ok = withQueue();
    expect(() => build({ events: [{ type: "sqs", queue: ok.queue }] }, ok.stack)).not.toThrow();
  });
});
