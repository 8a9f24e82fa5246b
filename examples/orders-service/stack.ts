import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../../config/load";
import { Bucket, HttpApi, Queue, Secret, ServerlessFunction, Table, Topic, type ServerlessFunctionProps } from "../../modules/aws";
import { resourceName } from "../../modules/core/naming";
import { awsProvider } from "../../stacks/aws-provider";
import { ServiceStack } from "../../stacks/service-stack";

const HANDLERS = join(__dirname, "handlers");
const WORKER_TIMEOUT_SECONDS = 20;

export interface OrdersServiceStackProps {
  /** The environment the stack is for (`loadConfig("prod")`). */
  readonly config: EnvironmentConfig;
}

/**
 * The "orders" service, written from the docs alone: an HTTP API behind a Lambda authorizer (its API
 * key in a Secret), a queue worker, a stream consumer publishing to a topic (a queue subscribed,
 * read by a notifier), an upload import from a bucket with an on-failure destination, a nightly
 * report and a status function URL. Every statement of every role comes from an event or a grant;
 * in a protected environment it has no rule-pack finding and needs no suppression.
 */
export class OrdersServiceStack extends ServiceStack {
  public readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: OrdersServiceStackProps) {
    const { config } = props;
    super(scope, id, config, {
      provider: (stack) => awsProvider(stack, config),
      state: { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion },
    });
    const name = (suffix: string) => resourceName(config.project.name, config.environment, `orders-${suffix}`);
    const defaults = config.aws.functions;
    const fn = (id: string, suffix: string, props: Omit<ServerlessFunctionProps, "functionName">) =>
      new ServerlessFunction(this, id, {
        functionName: name(suffix),
        memorySize: defaults.memorySize,
        timeout: defaults.timeout,
        tracing: defaults.tracing,
        reservedConcurrency: defaults.reservedConcurrency,
        logRetentionDays: config.aws.logRetentionDays,
        ...props,
      });

    // Data: orders (their changes streamed), the jobs queue, order events, uploads, the API key.
    const orders = new Table(this, "Orders", {
      tableName: name("orders"),
      partitionKey: { name: "id", type: "S" },
      globalSecondaryIndexes: [{ indexName: "byCustomer", partitionKey: { name: "customerId", type: "S" } }],
      stream: "NEW_AND_OLD_IMAGES",
    });
    const jobs = new Queue(this, "Jobs", { queueName: name("jobs"), visibilityTimeoutSeconds: 6 * WORKER_TIMEOUT_SECONDS });
    const orderEvents = new Topic(this, "OrderEvents", { topicName: name("events") });
    const uploads = new Bucket(this, "Uploads", { bucketName: name(`uploads-${config.aws.accountId}`), expireAfterDays: 30 });
    const apiKey = new Secret(this, "ApiKey", { secretName: `${config.project.name}/${config.environment}/orders/api-key`, description: "The key callers send in x-api-key" });

    // The API: a key-checking authorizer, then one function per route.
    const authorizer = fn("Authorizer", "authorizer", { entry: join(HANDLERS, "authorizer.ts"), secrets: { API_KEY_SECRET: apiKey } });
    const create = fn("Create", "create", { entry: join(HANDLERS, "orders-api.ts"), handler: "create", environment: { ORDERS_TABLE: orders.name, JOBS_QUEUE_URL: jobs.url } });
    orders.grantWriteData(create);
    jobs.grantSend(create);
    const get = fn("Get", "get", { entry: join(HANDLERS, "orders-api.ts"), handler: "get", environment: { ORDERS_TABLE: orders.name } });
    orders.grantReadData(get);
    this.api = new HttpApi(this, "Api", {
      apiName: name("api"),
      lambdaAuthorizer: { function: authorizer, identitySources: ["$request.header.x-api-key"], resultTtlSeconds: 300 },
      routes: [
        { method: "POST", path: "/orders", target: create, authorization: "LAMBDA" },
        { method: "GET", path: "/orders/{id}", target: get, authorization: "LAMBDA" },
      ],
      accessLogRetentionDays: config.aws.logRetentionDays,
    });

    // The worker confirms queued orders.
    const worker = fn("Worker", "worker", {
      entry: join(HANDLERS, "worker.ts"),
      timeout: WORKER_TIMEOUT_SECONDS,
      environment: { ORDERS_TABLE: orders.name },
      events: [{ type: "sqs", id: "jobs", queue: jobs, batchSize: 10 }],
    });
    orders.grantWriteData(worker);

    // Status changes go out on the topic; the notifier reads shipped ones from its own queue.
    const publisherFailures = new Queue(this, "PublisherFailures", { queueName: name("publisher-failures") });
    const publisher = fn("Publisher", "publisher", {
      entry: join(HANDLERS, "publisher.ts"),
      environment: { ORDER_EVENTS_TOPIC: orderEvents.arn },
      events: [{ type: "dynamodb-stream", id: "order-changes", table: orders, startingPosition: "TRIM_HORIZON", bisectBatchOnError: true, maxRetryAttempts: 5, onFailureDestinationArn: publisherFailures.arn }],
    });
    orderEvents.grantPublish(publisher);
    const notifications = new Queue(this, "Notifications", { queueName: name("notifications") });
    orderEvents.subscribeQueue(notifications, { filterPolicy: { status: ["SHIPPED"] }, rawMessageDelivery: true });
    fn("Notifier", "notifier", { entry: join(HANDLERS, "notifier.ts"), events: [{ type: "sqs", id: "shipped", queue: notifications }] });

    // CSV files uploaded under imports/ become orders; a file that fails every attempt is kept for a person.
    const importFailures = new Queue(this, "ImportFailures", { queueName: name("import-failures") });
    const imports = fn("Imports", "imports", {
      entry: join(HANDLERS, "imports.ts"),
      timeout: 60,
      environment: { ORDERS_TABLE: orders.name },
      events: [{ type: "s3", id: "uploaded", bucket: uploads, prefix: "imports/", suffix: ".csv" }],
      asyncInvoke: { maxRetryAttempts: 2, onFailureDestinationArn: importFailures.arn },
    });
    uploads.grantRead(imports, "imports/");
    orders.grantWriteData(imports);

    // Every night, the order count for the dashboard.
    const report = fn("Report", "report", {
      entry: join(HANDLERS, "report.ts"),
      timeout: 300,
      environment: { ORDERS_TABLE: orders.name },
      deadLetterQueue: true,
      events: [{ type: "schedule", id: "nightly", expression: "cron(30 1 * * ? *)", timezone: "Europe/Paris" }],
    });
    orders.grantReadData(report);

    // Support's tools read an order's status through a signed function URL.
    const status = fn("Status", "status", { entry: join(HANDLERS, "status.ts"), environment: { ORDERS_TABLE: orders.name }, url: { authorization: "AWS_IAM" } });
    orders.grantReadData(status);

    new TerraformOutput(this, "api_url", { value: this.api.url });
    new TerraformOutput(this, "status_url", { value: status.functionUrl });
  }
}
