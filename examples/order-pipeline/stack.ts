import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../../config/load";
import { Bucket, Queue, ServerlessFunction, Table, Topic, type ServerlessFunctionProps } from "../../modules/aws";
import { resourceName } from "../../modules/core/naming";
import { awsProvider } from "../../stacks/aws-provider";
import { ServiceStack } from "../../stacks/service-stack";

const HANDLERS = join(__dirname, "handlers");
const WORKER_TIMEOUT_SECONDS = 30;

export interface OrderPipelineStackProps {
  /** The environment the stack is for (`loadConfig("dev")`): its account, region, state and function defaults. */
  readonly config: EnvironmentConfig;
}

/**
 * An event-driven order pipeline written only from the public API (DESIGN.md), a service stack of
 * its own: add `new OrderPipelineStack(app, \`order-pipeline-${config.environment}\`, { config })` to
 * main.ts and it is synthesized, checked by the rule pack and deployed with its environment. An SQS
 * worker with partial batch failures, a DynamoDB-stream projector with an on-failure queue, two
 * functions on one bucket (prefix/suffix), an SNS fan-out with async destinations, a rule on the
 * pipeline's event bus, a Kinesis clickstream reader, a nightly schedule and a function URL. The
 * tests synthesize it in every environment, audit its IAM, plan it with Terraform and run it locally.
 */
export class OrderPipelineStack extends ServiceStack {
  constructor(scope: Construct, id: string, props: OrderPipelineStackProps) {
    const { config } = props;
    super(scope, id, config, {
      provider: (stack) => awsProvider(stack, config),
      state: { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion },
    });
    const name = (suffix: string) => resourceName(config.project.name, config.environment, `order-pipeline-${suffix}`);
    const defaults = config.aws.functions;
    // What every function of the pipeline has: the environment's settings, and a dead-letter queue
    // where something invokes it asynchronously (S3, SNS, EventBridge, the schedule).
    const fn = (id: string, props: Omit<ServerlessFunctionProps, "functionName"> & { readonly suffix: string }) => {
      const { suffix, ...rest } = props;
      return new ServerlessFunction(this, id, {
        functionName: name(suffix),
        memorySize: defaults.memorySize,
        timeout: defaults.timeout,
        tracing: defaults.tracing,
        reservedConcurrency: defaults.reservedConcurrency,
        logRetentionDays: config.aws.logRetentionDays,
        ...rest,
      });
    };
    const asyncInvoked = { deadLetterQueue: defaults.deadLetterQueue };

    // Orders to work on: failed messages return to the queue, then go to its dead-letter queue.
    // AWS recommends a visibility timeout of six times the function's, so that retries do not overlap.
    const orders = new Queue(this, "Orders", { queueName: name("orders"), visibilityTimeoutSeconds: 6 * WORKER_TIMEOUT_SECONDS, maxReceiveCount: 5 });
    fn("Worker", { suffix: "worker", entry: join(HANDLERS, "worker.ts"), timeout: WORKER_TIMEOUT_SECONDS, events: [{ type: "sqs", queue: orders, batchSize: 10, maxConcurrency: 5 }] });

    // The orders table's stream feeds the customers' totals; batches that fail every retry are kept.
    const ordersTable = new Table(this, "OrdersTable", { tableName: name("orders"), partitionKey: { name: "id", type: "S" }, stream: "NEW_AND_OLD_IMAGES" });
    const totals = new Table(this, "CustomerTotals", { tableName: name("customer-totals"), partitionKey: { name: "customerId", type: "S" } });
    const projectorFailures = new Queue(this, "ProjectorFailures", { queueName: name("projector-failures") });
    const projector = fn("Projector", {
      suffix: "projector",
      entry: join(HANDLERS, "projector.ts"),
      environment: { CUSTOMER_TOTALS_TABLE: totals.name },
      events: [
        {
          type: "dynamodb-stream",
          table: ordersTable,
          startingPosition: "TRIM_HORIZON",
          batchSize: 100,
          bisectBatchOnError: true,
          maxRetryAttempts: 5,
          maxRecordAgeSeconds: 24 * 3600,
          onFailureDestinationArn: projectorFailures.arn,
        },
      ],
    });
    totals.grantWriteData(projector);

    // Two functions on one bucket: one notification, one filter each.
    const uploads = new Bucket(this, "Uploads", { bucketName: name(`uploads-${config.aws.accountId}`) });
    fn("Thumbnails", { suffix: "thumbnails", entry: join(HANDLERS, "uploads.ts"), handler: "thumbnails", ...asyncInvoked, events: [{ type: "s3", bucket: uploads, prefix: "images/", suffix: ".jpg" }] });
    fn("Invoices", { suffix: "invoices", entry: join(HANDLERS, "uploads.ts"), handler: "invoices", ...asyncInvoked, events: [{ type: "s3", bucket: uploads, prefix: "invoices/", suffix: ".pdf" }] });

    // Order events fan out over SNS; the notifier's results go to a bus, its failures to a queue.
    const orderEvents = new Topic(this, "OrderEvents", { topicName: name("order-events") });
    const bus = new CloudwatchEventBus(this, "Bus", { name: name("bus") });
    const notifyFailures = new Queue(this, "NotifyFailures", { queueName: name("notify-failures") });
    fn("Notify", {
      suffix: "notify",
      entry: join(HANDLERS, "notify.ts"),
      events: [{ type: "sns", topic: orderEvents, filterPolicy: { status: ["PAID", "SHIPPED"] } }],
      asyncInvoke: { maxRetryAttempts: 1, maxEventAgeSeconds: 3600, onSuccessDestinationArn: bus.arn, onFailureDestinationArn: notifyFailures.arn },
    });

    // Shipping events on the pipeline's own bus.
    fn("Shipping", {
      suffix: "shipping",
      entry: join(HANDLERS, "shipping.ts"),
      ...asyncInvoked,
      events: [{ type: "eventbridge", eventBusName: bus.name, eventPattern: { source: ["order-pipeline"], "detail-type": ["OrderShipped"] } }],
    });

    // Page views of the shop, read shard by shard; records that fail every retry are kept, dropped from the stream after a day.
    const clicks = new KinesisStream(this, "Clicks", { name: name("clicks"), streamModeDetails: { streamMode: "ON_DEMAND" }, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    const clickFailures = new Queue(this, "ClickFailures", { queueName: name("click-failures") });
    fn("ClickCounter", {
      suffix: "clicks",
      entry: join(HANDLERS, "clicks.ts"),
      events: [
        { type: "kinesis", streamArn: clicks.arn, startingPosition: "LATEST", batchSize: 500, maxBatchingWindowSeconds: 5, maxRecordAgeSeconds: 86400, onFailureDestinationArn: clickFailures.arn },
      ],
    });

    fn("Nightly", { suffix: "nightly", entry: join(HANDLERS, "nightly.ts"), ...asyncInvoked, events: [{ type: "schedule", id: "close-day", expression: "cron(0 2 * * ? *)" }] });

    // Signed (AWS_IAM) callers only; the browser app may read it.
    const status = fn("Status", {
      suffix: "status",
      entry: join(HANDLERS, "status.ts"),
      url: { cors: { allowOrigins: ["https://orders.example.com"], allowMethods: ["GET"] } },
    });
    new TerraformOutput(this, "status_url", { value: status.functionUrl });
  }
}
