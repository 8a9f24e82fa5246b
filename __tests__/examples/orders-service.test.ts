import { App, Aspects, Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { OrdersServiceStack } from "../../examples/orders-service/stack";
import { RulePack } from "../../modules/core/rule-pack";
import { deployOrder } from "../../stacks/deploy-order";

type Json = Record<string, any>;

describe("examples/orders-service: the service of the issue, written from the docs", () => {
  const app = new App({ stackTraces: false });
  const stacks = ENVIRONMENTS.map(loadConfig).map((config) => new OrdersServiceStack(app, `orders-${config.environment}`, { config }));

  it.each(stacks.map((s) => [s.node.id, s] as const))("%s: no finding and no suppression (prod is a protected environment)", (_id, stack) => {
    const report = Aspects.of(stack)
      .all.find((a): a is RulePack => a instanceof RulePack)!
      .evaluate(stack);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  it("prod is protected: the table refuses deletion there, and a deleted secret stays restorable 30 days", () => {
    const prod = stacks.find((s) => s.config.environment === "prod")!;
    expect(prod.config.protected).toBe(true);
    const tf: Json = JSON.parse(Testing.synth(prod));
    expect(tf.resource.aws_dynamodb_table.Orders.deletion_protection_enabled).toBe(true);
    expect(tf.resource.aws_secretsmanager_secret.ApiKey.recovery_window_in_days).toBe(30);
  });

  it("is in the deploy order with its environment", () => {
    expect(deployOrder(app).stages.map((s) => [s.environment, s.stacks])).toEqual(ENVIRONMENTS.map((e) => [e, `orders-${e}`]));
  });

  describe("IAM audit (prod): every statement of every role comes from an event or a grant, on exactly its resource", () => {
    const tf: Json = JSON.parse(Testing.synth(new OrdersServiceStack(Testing.app(), "orders-prod", { config: loadConfig("prod") })));
    const documents = tf.data.aws_iam_policy_document as Record<string, Json>;
    /** A role's statements beyond those every function has (its log group, X-Ray), as [sid, actions, resources, conditions?]. */
    const statementsOf = (fn: string) =>
      Object.entries(documents)
        .find(([id]) => id.startsWith(`${fn}_ExecutionRole_PolicyDocument`))![1]
        .statement.filter((s: Json) => !["WriteOwnLogGroup", "WriteXRayTraces"].includes(s.sid))
        .map((s: Json) => (s.condition ? [s.sid, s.actions, s.resources, s.condition] : [s.sid, s.actions, s.resources]));
    const TABLE = "${aws_dynamodb_table.Orders.arn}";
    const READ = [
      ["TableOrdersReadData", ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"], [TABLE]],
      ["TableOrdersReadIndexes", ["dynamodb:Query", "dynamodb:Scan"], [`${TABLE}/index/byCustomer`]],
    ];
    const WRITE = ["TableOrdersWriteData", ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], [TABLE]];

    it.each<[string, unknown[]]>([
      ["Authorizer", [["SecretApiKeyRead", ["secretsmanager:GetSecretValue"], ["${aws_secretsmanager_secret.ApiKey.arn}"]]]],
      ["Create", [WRITE, ["QueueJobsSend", ["sqs:SendMessage"], ["${aws_sqs_queue.Jobs.arn}"]]]],
      ["Get", READ],
      ["Worker", [["EventJobsConsumeQueue", ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], ["${aws_sqs_queue.Jobs.arn}"]], WRITE]],
      [
        "Publisher",
        [
          ["EventOrderChangesReadStream", ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], ["${aws_dynamodb_table.Orders.stream_arn}"]],
          ["EventOrderChangesListStreams", ["dynamodb:ListStreams"], ["*"]],
          ["EventOrderChangesSendFailedBatches", ["sqs:SendMessage"], ["${aws_sqs_queue.PublisherFailures.arn}"]],
          ["TopicOrderEventsPublish", ["sns:Publish"], ["${aws_sns_topic.OrderEvents.arn}"]],
        ],
      ],
      ["Notifier", [["EventShippedConsumeQueue", ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], ["${aws_sqs_queue.Notifications.arn}"]]]],
      [
        "Imports",
        [
          ["AsyncOnFailureDestination", ["sqs:SendMessage"], ["${aws_sqs_queue.ImportFailures.arn}"]],
          ["BucketUploadsImportsRead", ["s3:GetObject"], ["${aws_s3_bucket.Uploads.arn}/imports/*"]],
          ["BucketUploadsImportsList", ["s3:ListBucket"], ["${aws_s3_bucket.Uploads.arn}"], [{ test: "StringLike", variable: "s3:prefix", values: ["imports/*"] }]],
          WRITE,
        ],
      ],
      [
        "Report",
        [["SendToOwnDeadLetterQueue", ["sqs:SendMessage"], [expect.stringMatching(/^\$\{aws_sqs_queue\.Report_DeadLetterQueue_[0-9A-F]{8}\.arn\}$/)]], ...READ],
      ],
      ["Status", READ],
    ])("%s", (fn, expected) => {
      expect(statementsOf(fn)).toEqual(expected);
    });

    it("no statement was written by hand (no policyStatements), and the queue's policy lets the topic only", () => {
      const sids = Object.entries(documents)
        .filter(([id]) => id.includes("_ExecutionRole_PolicyDocument"))
        .flatMap(([, d]) => d.statement.map((s: Json) => s.sid as string));
      expect(sids.filter((sid) => /^Code\d+$/.test(sid))).toEqual([]);
      const queuePolicy = Object.entries(documents).find(([id]) => id.startsWith("Notifications_Policy_Document"))![1];
      expect(queuePolicy.statement).toEqual([
        {
          sid: "AllowTopicOrderEvents",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
          actions: ["sqs:SendMessage"],
          resources: ["${aws_sqs_queue.Notifications.arn}"],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: ["${aws_sns_topic.OrderEvents.arn}"] }],
        },
      ]);
    });

    it("the variables only name resources: no customer key is needed for them, and the API key's value is nowhere", () => {
      const variables = Object.values(tf.resource.aws_lambda_function as Record<string, Json>).map((f) => f.environment?.variables ?? {});
      const values = variables.flatMap((v) => Object.values(v) as string[]);
      expect(values.every((v) => /^\$\{aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.(name|url|arn)\}$/.test(v))).toBe(true);
      expect(variables.find((v) => "API_KEY_SECRET" in v)).toEqual({ API_KEY_SECRET: "${aws_secretsmanager_secret.ApiKey.arn}" });
      expect(JSON.stringify(tf)).not.toMatch(/secret_string/);
    });
  });
});
