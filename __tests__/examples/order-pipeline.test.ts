import { Testing } from "cdktf";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";

type Json = Record<string, any>;

/** The event-driven example, written only from DESIGN.md's public API, wires each trigger with exactly its permissions. */
describe("examples/order-pipeline", () => {
  const stack = new OrderPipelineStack(Testing.app(), "order-pipeline");
  const outdir = Testing.fullSynth(stack);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const tf: Json = JSON.parse(readFileSync(join(outdir, "stacks", "order-pipeline", "cdk.tf.json"), "utf8"));
  const all = (type: string): Json[] => Object.values(tf.resource[type] ?? {});
  /** The statements of one function's role, without its log-group statement, as [sid, actions, resources]. */
  const statementsOf = (construct: string) =>
    Object.entries(tf.data.aws_iam_policy_document as Json)
      .find(([id]) => id.startsWith(`${construct}_ExecutionRole_PolicyDocument`))![1]
      .statement.filter((s: Json) => s.sid !== "WriteOwnLogGroup")
      .map((s: Json) => [s.sid, s.actions, s.resources]);

  it("has nine functions, each with its own role, and one role for the nightly schedule", () => {
    expect(all("aws_lambda_function").map((f) => f.function_name).sort()).toEqual(
      ["clicks", "invoices", "nightly", "notify", "projector", "shipping", "status", "thumbnails", "worker"].map((n) => `order-pipeline-${n}`),
    );
    expect(all("aws_iam_role").map((r) => r.name).filter((n) => !n.endsWith("-role"))).toEqual(["order-pipeline-nightly-schedule-1-invoker"]);
    expect(all("aws_iam_role")).toHaveLength(10);
  });

  it("the shipping function has a rule on the pipeline's bus; the click counter reads its Kinesis stream only", () => {
    expect(all("aws_cloudwatch_event_rule").find((r) => r.name === "order-pipeline-shipping-events-1")).toMatchObject({
      event_bus_name: "${aws_cloudwatch_event_bus.Bus.name}",
      event_pattern: '{"source":["order-pipeline"],"detail-type":["OrderShipped"]}',
    });
    expect(statementsOf("Shipping")).toEqual([]);
    expect(statementsOf("ClickCounter")).toEqual([
      [
        "Event1ReadStream",
        ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        ["${aws_kinesis_stream.Clicks.arn}"],
      ],
    ]);
  });

  it("the SQS worker polls its queue with partial batch failures and may touch that queue only", () => {
    expect(all("aws_lambda_event_source_mapping").find((m) => m.event_source_arn === "${aws_sqs_queue.Orders.arn}")).toMatchObject({
      batch_size: 10,
      function_response_types: ["ReportBatchItemFailures"],
      scaling_config: { maximum_concurrency: 5 },
    });
    expect(statementsOf("Worker")).toEqual([["Event1ConsumeQueue", ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], ["${aws_sqs_queue.Orders.arn}"]]]);
    expect(tf.resource.aws_sqs_queue.Orders.visibility_timeout_seconds).toBe(180);
  });

  it("the projector reads the stream, writes its table and sends failed batches to its queue", () => {
    expect(statementsOf("Projector")).toEqual([
      ["Code1", ["dynamodb:UpdateItem"], ["${aws_dynamodb_table.CustomerTotals.arn}"]],
      ["Event1ReadStream", ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], ["${aws_dynamodb_table.OrdersTable.stream_arn}"]],
      ["Event1ListStreams", ["dynamodb:ListStreams"], ["*"]],
      ["Event1SendFailedBatches", ["sqs:SendMessage"], ["${aws_sqs_queue.ProjectorFailures.arn}"]],
    ]);
  });

  it("the two upload functions share the bucket's one notification, with their own filters", () => {
    const [notification] = all("aws_s3_bucket_notification");
    expect(all("aws_s3_bucket_notification")).toHaveLength(1);
    expect(notification.lambda_function.map((l: Json) => [l.id, l.filter_prefix, l.filter_suffix])).toEqual([
      ["order-pipeline-thumbnails-1", "images/", ".jpg"],
      ["order-pipeline-invoices-1", "invoices/", ".pdf"],
    ]);
    const s3 = all("aws_lambda_permission").filter((p) => p.principal === "s3.amazonaws.com");
    expect(s3.map((p) => [p.source_arn, p.source_account])).toEqual([
      ["arn:aws:s3:::${aws_s3_bucket.Uploads.bucket}", "111111111111"],
      ["arn:aws:s3:::${aws_s3_bucket.Uploads.bucket}", "111111111111"],
    ]);
    expect(statementsOf("Thumbnails")).toEqual([]);
    expect(statementsOf("Invoices")).toEqual([]);
  });

  it("the notifier is subscribed to the topic and may send to exactly its two destinations", () => {
    expect(all("aws_sns_topic_subscription")[0]).toMatchObject({ protocol: "lambda", filter_policy: '{"status":["PAID","SHIPPED"]}' });
    expect(all("aws_lambda_function_event_invoke_config")[0]).toMatchObject({
      maximum_retry_attempts: 1,
      destination_config: { on_success: { destination: "${aws_cloudwatch_event_bus.Bus.arn}" }, on_failure: { destination: "${aws_sqs_queue.NotifyFailures.arn}" } },
    });
    expect(statementsOf("Notify")).toEqual([
      ["AsyncOnSuccessDestination", ["events:PutEvents"], ["${aws_cloudwatch_event_bus.Bus.arn}"]],
      ["AsyncOnFailureDestination", ["sqs:SendMessage"], ["${aws_sqs_queue.NotifyFailures.arn}"]],
    ]);
  });

  it("the nightly run has its schedule; the status function its AWS_IAM URL, output as status_url", () => {
    expect(all("aws_scheduler_schedule").find((r) => r.name === "order-pipeline-nightly-schedule-1")).toMatchObject({
      schedule_expression: "cron(0 2 * * ? *)",
      target: { arn: expect.stringMatching(/^\$\{aws_lambda_function\.Nightly_Function_[A-Za-z0-9]+\.arn\}$/) },
    });
    expect(all("aws_lambda_function_url")[0]).toMatchObject({ authorization_type: "AWS_IAM", cors: { allow_origins: ["https://orders.example.com"] } });
    expect(tf.output.status_url.value).toMatch(/^\$\{aws_lambda_function_url\.[^.]+\.function_url\}$/);
    expect(statementsOf("Nightly")).toEqual([]);
    expect(statementsOf("Status")).toEqual([]);
  });
});
