import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import { ServerlessFunction } from "../../modules/aws";

const ACCOUNT = "111111111111";
const HANDLERS = join(__dirname, "handlers");
const WORKER_TIMEOUT_SECONDS = 30;
const TWO_WEEKS_SECONDS = 14 * 24 * 3600;

/**
 * An event-driven order pipeline written only from the public API (DESIGN.md): an SQS worker with
 * partial batch failures, a DynamoDB-stream projector with an on-failure queue, two functions on one
 * bucket (prefix/suffix), an SNS fan-out with async destinations, a rule on the pipeline's event bus,
 * a Kinesis clickstream reader, a nightly schedule and a function URL. The tests synthesize it, audit its IAM and run Terraform init, validate and plan on it.
 */
export class OrderPipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The one account the stack may touch; S3 permissions take their source_account from it.
    new AwsProvider(this, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
    const queue = (name: string, props: Partial<ConstructorParameters<typeof SqsQueue>[2]> = {}) =>
      new SqsQueue(this, name, { name: `order-pipeline-${name.toLowerCase()}`, sqsManagedSseEnabled: true, messageRetentionSeconds: TWO_WEEKS_SECONDS, ...props });

    // Orders to work on: failed messages return to the queue, then go to its dead-letter queue.
    const ordersDlq = queue("OrdersDlq");
    const orders = queue("Orders", {
      // AWS recommends six times the function's timeout, so that retries of a batch do not overlap.
      visibilityTimeoutSeconds: 6 * WORKER_TIMEOUT_SECONDS,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: ordersDlq.arn, maxReceiveCount: 5 }),
    });
    new ServerlessFunction(this, "Worker", {
      functionName: "order-pipeline-worker",
      entry: join(HANDLERS, "worker.ts"),
      timeout: WORKER_TIMEOUT_SECONDS,
      events: [{ type: "sqs", queueArn: orders.arn, batchSize: 10, maxConcurrency: 5 }],
    });

    // The orders table's stream feeds the customers' totals; batches that fail every retry are kept.
    const ordersTable = new DynamodbTable(this, "OrdersTable", {
      name: "order-pipeline-orders",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
    });
    const totals = new DynamodbTable(this, "CustomerTotals", {
      name: "order-pipeline-customer-totals",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "customerId",
      attribute: [{ name: "customerId", type: "S" }],
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
    });
    const projectorFailures = queue("ProjectorFailures");
    new ServerlessFunction(this, "Projector", {
      functionName: "order-pipeline-projector",
      entry: join(HANDLERS, "projector.ts"),
      environment: { CUSTOMER_TOTALS_TABLE: totals.name },
      policyStatements: [{ actions: ["dynamodb:UpdateItem"], resources: [totals.arn] }],
      events: [
        {
          type: "dynamodb-stream",
          streamArn: ordersTable.streamArn,
          startingPosition: "TRIM_HORIZON",
          batchSize: 100,
          bisectBatchOnError: true,
          maxRetryAttempts: 5,
          maxRecordAgeSeconds: 24 * 3600,
          onFailureDestinationArn: projectorFailures.arn,
        },
      ],
    });

    // Two functions on one bucket: one notification, one filter each.
    const uploads = new S3Bucket(this, "Uploads", { bucket: `order-pipeline-uploads-${ACCOUNT}` });
    new ServerlessFunction(this, "Thumbnails", {
      functionName: "order-pipeline-thumbnails",
      entry: join(HANDLERS, "uploads.ts"),
      handler: "thumbnails",
      events: [{ type: "s3", bucketName: uploads.bucket, prefix: "images/", suffix: ".jpg" }],
    });
    new ServerlessFunction(this, "Invoices", {
      functionName: "order-pipeline-invoices",
      entry: join(HANDLERS, "uploads.ts"),
      handler: "invoices",
      events: [{ type: "s3", bucketName: uploads.bucket, prefix: "invoices/", suffix: ".pdf" }],
    });

    // Order events fan out over SNS; the notifier's results go to a bus, its failures to a queue.
    const orderEvents = new SnsTopic(this, "OrderEvents", { name: "order-pipeline-order-events", kmsMasterKeyId: "alias/aws/sns" });
    const bus = new CloudwatchEventBus(this, "Bus", { name: "order-pipeline" });
    const notifyFailures = queue("NotifyFailures");
    new ServerlessFunction(this, "Notify", {
      functionName: "order-pipeline-notify",
      entry: join(HANDLERS, "notify.ts"),
      events: [{ type: "sns", topicArn: orderEvents.arn, filterPolicy: { status: ["PAID", "SHIPPED"] } }],
      asyncInvoke: { maxRetryAttempts: 1, maxEventAgeSeconds: 3600, onSuccessDestinationArn: bus.arn, onFailureDestinationArn: notifyFailures.arn },
    });

    // Shipping events on the pipeline's own bus.
    new ServerlessFunction(this, "Shipping", {
      functionName: "order-pipeline-shipping",
      entry: join(HANDLERS, "shipping.ts"),
      events: [{ type: "eventbridge", eventBusName: bus.name, eventPattern: { source: ["order-pipeline"], "detail-type": ["OrderShipped"] } }],
    });

    // Page views of the shop, read shard by shard; records that fail every retry are dropped after a day.
    const clicks = new KinesisStream(this, "Clicks", { name: "order-pipeline-clicks", streamModeDetails: { streamMode: "ON_DEMAND" }, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    new ServerlessFunction(this, "ClickCounter", {
      functionName: "order-pipeline-clicks",
      entry: join(HANDLERS, "clicks.ts"),
      events: [{ type: "kinesis", streamArn: clicks.arn, startingPosition: "LATEST", batchSize: 500, maxBatchingWindowSeconds: 5, maxRecordAgeSeconds: 86400 }],
    });

    new ServerlessFunction(this, "Nightly", {
      functionName: "order-pipeline-nightly",
      entry: join(HANDLERS, "nightly.ts"),
      events: [{ type: "schedule", expression: "cron(0 2 * * ? *)" }],
    });

    // Signed (AWS_IAM) callers only; the browser app may read it.
    const status = new ServerlessFunction(this, "Status", {
      functionName: "order-pipeline-status",
      entry: join(HANDLERS, "status.ts"),
      url: { cors: { allowOrigins: ["https://orders.example.com"], allowMethods: ["GET"] } },
    });
    new TerraformOutput(this, "status_url", { value: status.functionUrl });
  }
}
