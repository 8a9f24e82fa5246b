import { App, Aspects, Testing } from "cdktf";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";
import { RulePack } from "../../modules/core/rule-pack";
import { deployOrder } from "../../stacks/deploy-order";

type Json = Record<string, any>;

describe("examples/order-pipeline as a stack of the app", () => {
  // As main.ts would add it: one per environment of config/.
  const app = new App({ outdir: join(__dirname, "unused"), stackTraces: false });
  const stacks = ENVIRONMENTS.map(loadConfig).map((config) => new OrderPipelineStack(app, `order-pipeline-${config.environment}`, { config }));

  it.each(stacks.map((s) => [s.node.id, s] as const))("%s passes its rule pack with no finding and no suppression", (_id, stack) => {
    const pack = Aspects.of(stack).all.find((a): a is RulePack => a instanceof RulePack)!;
    expect(pack.environment).toBe(stack.config.environment);
    const report = pack.evaluate(stack);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  it("is in the deploy order, each with its environment", () => {
    const order = deployOrder(app);
    expect(order.stages.map((s) => [s.environment, s.stacks])).toEqual(ENVIRONMENTS.map((e) => [e, `order-pipeline-${e}`]));
  });
});

/** The event-driven example, written only from DESIGN.md's public API, wires each trigger with exactly its permissions. */
describe("examples/order-pipeline", () => {
  const stack = new OrderPipelineStack(Testing.app(), "order-pipeline", { config: loadConfig("dev") });
  const outdir = Testing.fullSynth(stack);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const tf: Json = JSON.parse(readFileSync(join(outdir, "stacks", "order-pipeline", "cdk.tf.json"), "utf8"));
  const all = (type: string): Json[] => Object.values(tf.resource[type] ?? {});
  /** What every function of the pipeline has in dev: its log group, X-Ray, and (when invoked asynchronously) its dead-letter queue. */
  const COMMON = ["WriteOwnLogGroup", "WriteXRayTraces", "SendToOwnDeadLetterQueue"];
  /** The statements of one function's role beyond those every function has, as [sid, actions, resources]. */
  const statementsOf = (construct: string) =>
    Object.entries(tf.data.aws_iam_policy_document as Json)
      .find(([id]) => id.startsWith(`${construct}_ExecutionRole_PolicyDocument`))![1]
      .statement.filter((s: Json) => !COMMON.includes(s.sid))
      .map((s: Json) => [s.sid, s.actions, s.resources]);
  const n = (name: string) => `svc-dev-order-pipeline-${name}`;

  it("has nine functions, each with its own role, and one role for the nightly schedule", () => {
    expect(all("aws_lambda_function").map((f) => f.function_name).sort()).toEqual(["clicks", "invoices", "nightly", "notify", "projector", "shipping", "status", "thumbnails", "worker"].map(n));
    expect(all("aws_iam_role").map((r) => r.name).filter((name) => !name.endsWith("-role"))).toEqual([n("nightly-close-day-invoker")]);
    expect(all("aws_iam_role")).toHaveLength(10);
  });

  it("its queues, tables, topic and bucket are the data constructs: encrypted, dead-lettered, private", () => {
    expect(all("aws_sqs_queue").map((q) => q.name).sort()).toEqual(
      ["click-failures", "click-failures-dlq", "notify-failures", "notify-failures-dlq", "orders", "orders-dlq", "projector-failures", "projector-failures-dlq"].map(n).concat(
        ["invoices", "nightly", "shipping", "thumbnails"].map((f) => n(`${f}-dlq`)),
      ).sort(),
    );
    expect(all("aws_dynamodb_table").map((t) => [t.name, t.point_in_time_recovery, t.server_side_encryption, t.deletion_protection_enabled])).toEqual([
      [n("customer-totals"), { enabled: true }, { enabled: true }, false],
      [n("orders"), { enabled: true }, { enabled: true }, false],
    ]);
    expect(all("aws_s3_bucket_public_access_block")).toHaveLength(1);
    expect(all("aws_sns_topic")).toEqual([expect.objectContaining({ name: n("order-events"), kms_master_key_id: "alias/aws/sns" })]);
  });

  it("the shipping function has a rule on the pipeline's bus; the click counter reads its Kinesis stream only", () => {
    expect(all("aws_cloudwatch_event_rule").map((r) => r.name)).toEqual([expect.stringMatching(new RegExp(`^${n("shipping")}-eventbridge-bus-[0-9a-f]{6}$`))]);
    expect(all("aws_cloudwatch_event_rule")[0]).toMatchObject({
      event_bus_name: "${aws_cloudwatch_event_bus.Bus.name}",
      event_pattern: '{"source":["order-pipeline"],"detail-type":["OrderShipped"]}',
    });
    expect(statementsOf("Shipping")).toEqual([]);
    expect(statementsOf("ClickCounter")).toEqual([
      [
        "EventKinesisClicksReadStream",
        ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        ["${aws_kinesis_stream.Clicks.arn}"],
      ],
      ["EventKinesisClicksSendFailedBatches", ["sqs:SendMessage"], ["${aws_sqs_queue.ClickFailures.arn}"]],
    ]);
  });

  it("the SQS worker polls its queue with partial batch failures and may touch that queue only", () => {
    expect(all("aws_lambda_event_source_mapping").find((m) => m.event_source_arn === "${aws_sqs_queue.Orders.arn}")).toMatchObject({
      batch_size: 10,
      function_response_types: ["ReportBatchItemFailures"],
      scaling_config: { maximum_concurrency: 5 },
    });
    expect(statementsOf("Worker")).toEqual([["EventSqsOrdersConsumeQueue", ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], ["${aws_sqs_queue.Orders.arn}"]]]);
    expect(tf.resource.aws_sqs_queue.Orders.visibility_timeout_seconds).toBe(180);
  });

  it("the projector reads the stream, sends failed batches to its queue and writes its table (a grant)", () => {
    expect(statementsOf("Projector")).toEqual([
      ["EventDynamodbStreamOrdersTableReadStream", ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], ["${aws_dynamodb_table.OrdersTable.stream_arn}"]],
      ["EventDynamodbStreamOrdersTableListStreams", ["dynamodb:ListStreams"], ["*"]],
      ["EventDynamodbStreamOrdersTableSendFailedBatches", ["sqs:SendMessage"], ["${aws_sqs_queue.ProjectorFailures.arn}"]],
      ["TableCustomerTotalsWriteData", ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], ["${aws_dynamodb_table.CustomerTotals.arn}"]],
    ]);
  });

  it("the two upload functions share the bucket's one notification, with their own filters", () => {
    const [notification] = all("aws_s3_bucket_notification");
    expect(all("aws_s3_bucket_notification")).toHaveLength(1);
    expect(notification.lambda_function.map((l: Json) => [l.id, l.filter_prefix, l.filter_suffix])).toEqual([
      [`${n("thumbnails")}-s3-uploads-images-jpg`, "images/", ".jpg"],
      [`${n("invoices")}-s3-uploads-invoices-pdf`, "invoices/", ".pdf"],
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
    expect(all("aws_scheduler_schedule").find((r) => r.name === n("nightly-close-day"))).toMatchObject({
      schedule_expression: "cron(0 2 * * ? *)",
      target: { arn: expect.stringMatching(/^\$\{aws_lambda_function\.Nightly_Function_[A-Za-z0-9]+\.arn\}$/) },
    });
    expect(all("aws_lambda_function_url")[0]).toMatchObject({ authorization_type: "AWS_IAM", cors: { allow_origins: ["https://orders.example.com"] } });
    expect(tf.output.status_url.value).toMatch(/^\$\{aws_lambda_function_url\.[^.]+\.function_url\}$/);
    expect(statementsOf("Nightly")).toEqual([]);
    expect(statementsOf("Status")).toEqual([]);
  });
});
