import { Testing } from "cdktf";
import { Queue, Topic, type TopicProps } from "../../../modules/aws";
import { only, resources, validationError, type Json } from "./support";
import { envStack, EVERY_ENVIRONMENT, grantedStatements, grantee, KEY_ARN, packReport } from "./data-support";

const EVENTS: TopicProps = { topicName: "order-events" };
const synth = (stack: ReturnType<typeof envStack>): Json => JSON.parse(Testing.synth(stack));

describe("Topic", () => {
  test("defaults: encrypted with the AWS-managed key for SNS; the address a raw topic of that id has", () => {
    const stack = envStack();
    const topic = new Topic(stack, "Events", EVENTS);
    const json = synth(stack);
    expect(resources(json, "aws_sns_topic")).toEqual({ Events: { name: "order-events", kms_master_key_id: "alias/aws/sns" } });
    expect([topic.topicName, topic.fifo]).toEqual(["order-events", false]);
  });

  test("FIFO (.fifo added), a customer key and tags", () => {
    const stack = envStack();
    const topic = new Topic(stack, "Events", { topicName: "order-events", fifo: true, kmsKeyArn: KEY_ARN, tags: { Team: "a" } });
    expect(only(synth(stack), "aws_sns_topic")).toEqual({ name: "order-events.fifo", fifo_topic: true, kms_master_key_id: KEY_ARN, tags: { Team: "a" } });
    expect(topic.topicName).toBe("order-events.fifo");
  });

  test.each<[string, Partial<TopicProps> & Record<string, unknown>, string, RegExp, Partial<TopicProps>]>([
    ["a name with a space", { topicName: "order events" }, "topicName", /1 to 256 letters, digits, - or _/, { topicName: "order-events" }],
    ["a .fifo name on a standard topic", { topicName: "events.fifo" }, "fifo", /true for a topic whose name ends with \.fifo/, { topicName: "events.fifo", fifo: true }],
    ["an alias as the key", { kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:alias/aws/sns" }, "kmsKeyArn", /a KMS key ARN/, { kmsKeyArn: KEY_ARN }],
    ["a misspelt prop", { name: "x" }, "name", /one of the known props \(topicName, fifo, kmsKeyArn, tags\)/, {}],
  ])("Noncompliance: %s is refused; its safe twin is accepted", (_what, bad, prop, rule, twin) => {
    const error = validationError(() => new Topic(envStack(), "Events", { ...EVENTS, ...bad } as TopicProps));
    expect(error.problems.map((p) => [p.path, p.prop])).toEqual([["stack/Events", prop]]);
    expect(error.problems[0].rule).toMatch(rule);
    expect(() => new Topic(envStack(), "Events", { ...EVENTS, ...twin })).not.toThrow();
  });

  test("grantPublish: sns:Publish on this topic; with a customer key, data keys through SNS only", () => {
    const stack = envStack();
    new Topic(stack, "Events", EVENTS).grantPublish(grantee(stack, "Plain"));
    new Topic(stack, "Private", { topicName: "private", kmsKeyArn: KEY_ARN }).grantPublish(grantee(stack, "Keyed"));
    expect(grantedStatements(stack, "Plain")).toEqual([{ sid: "TopicEventsPublish", effect: "Allow", actions: ["sns:Publish"], resources: ["${aws_sns_topic.Events.arn}"] }]);
    expect(grantedStatements(stack, "Keyed")).toEqual([
      { sid: "TopicPrivatePublish", effect: "Allow", actions: ["sns:Publish"], resources: ["${aws_sns_topic.Private.arn}"] },
      {
        sid: "TopicPrivatePublishKey",
        effect: "Allow",
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [KEY_ARN],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["sns.eu-west-1.amazonaws.com"] }],
      },
    ]);
  });

  describe("subscribeQueue", () => {
    test("an SQS subscription, after the queue's policy lets this topic, and only it, send to the queue", () => {
      const stack = envStack();
      const topic = new Topic(stack, "Events", EVENTS);
      const other = new Topic(stack, "Audit", { topicName: "audit" });
      const queue = new Queue(stack, "Shipping", { queueName: "shipping" });
      topic.subscribeQueue(queue, { filterPolicy: { status: ["PAID"] }, rawMessageDelivery: true });
      other.subscribeQueue(queue);
      const json = synth(stack);
      const policyId = Object.keys(resources(json, "aws_sqs_queue_policy"))[0];
      expect(Object.keys(resources(json, "aws_sqs_queue_policy"))).toHaveLength(1);
      expect(resources(json, "aws_sns_topic_subscription")).toEqual({
        [Object.keys(resources(json, "aws_sns_topic_subscription")).find((k) => k.startsWith("Events_Subscription-Shipping_"))!]: {
          topic_arn: "${aws_sns_topic.Events.arn}",
          protocol: "sqs",
          endpoint: "${aws_sqs_queue.Shipping.arn}",
          filter_policy: '{"status":["PAID"]}',
          raw_message_delivery: true,
          depends_on: [`aws_sqs_queue_policy.${policyId}`],
        },
        [Object.keys(resources(json, "aws_sns_topic_subscription")).find((k) => k.startsWith("Audit_Subscription-Shipping_"))!]: {
          topic_arn: "${aws_sns_topic.Audit.arn}",
          protocol: "sqs",
          endpoint: "${aws_sqs_queue.Shipping.arn}",
          depends_on: [`aws_sqs_queue_policy.${policyId}`],
        },
      });
      const document = Object.entries(json.data.aws_iam_policy_document as Record<string, Json>).find(([id]) => id.startsWith("Shipping_Policy_Document"))![1];
      const allow = (sid: string, topicRef: string) => ({
        sid,
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
        actions: ["sqs:SendMessage"],
        resources: ["${aws_sqs_queue.Shipping.arn}"],
        condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [topicRef] }],
      });
      expect(document.statement).toEqual([allow("AllowTopicEvents", "${aws_sns_topic.Events.arn}"), allow("AllowTopicAudit", "${aws_sns_topic.Audit.arn}")]);
    });

    test.each<[string, (s: ReturnType<typeof envStack>) => { topic: Topic; queue: unknown; options?: unknown }, string, RegExp]>([
      ["a FIFO topic to a standard queue", (s) => ({ topic: new Topic(s, "T", { topicName: "t", fifo: true }), queue: new Queue(s, "Q", { queueName: "q" }) }), "queue", /a FIFO queue/],
      ["a standard topic to a FIFO queue", (s) => ({ topic: new Topic(s, "T", { topicName: "t" }), queue: new Queue(s, "Q", { queueName: "q", fifo: true }) }), "queue", /a standard queue/],
      ["a queue ARN instead of a Queue", (s) => ({ topic: new Topic(s, "T", { topicName: "t" }), queue: "arn:aws:sqs:eu-west-1:111111111111:q" }), "queue", /a Queue \(the construct/],
      ["an empty filter policy", (s) => ({ topic: new Topic(s, "T", { topicName: "t" }), queue: new Queue(s, "Q", { queueName: "q" }), options: { filterPolicy: {} } }), "options.filterPolicy", /a non-empty filter policy/],
    ])("Noncompliance: %s is refused", (_what, build, prop, rule) => {
      const stack = envStack();
      const { topic, queue, options } = build(stack);
      const error = validationError(() => topic.subscribeQueue(queue as Queue, options as never));
      expect(error.message).toMatch(/^Invalid Topic subscribeQueue( options)? at stack\/T/);
      expect(error.problems.map((p) => p.prop)).toEqual([prop.replace("options.", "")]);
      expect(error.problems[0].rule).toMatch(rule);
    });

    test("Compliance: FIFO to FIFO, standard to standard; a queue subscribed twice to one topic is refused", () => {
      const stack = envStack();
      const fifo = new Topic(stack, "F", { topicName: "f", fifo: true });
      fifo.subscribeQueue(new Queue(stack, "FQ", { queueName: "fq", fifo: true }));
      const topic = new Topic(stack, "T", { topicName: "t" });
      const queue = new Queue(stack, "Q", { queueName: "q" });
      topic.subscribeQueue(queue);
      expect(validationError(() => topic.subscribeQueue(queue)).problems.map((p) => p.rule)).toEqual([
        "a queue not yet subscribed to this topic (put both filters in one filterPolicy)",
      ]);
    });
  });

  test.each(EVERY_ENVIRONMENT)("passes the rule pack in %s with no suppression, subscribed to a queue and granted to a function", (environment) => {
    const stack = envStack(environment);
    const topic = new Topic(stack, "Events", { ...EVENTS, kmsKeyArn: KEY_ARN });
    topic.subscribeQueue(new Queue(stack, "Shipping", { queueName: "shipping" }), { rawMessageDelivery: true });
    topic.grantPublish(grantee(stack));
    const report = packReport(stack);
    expect(report.findings.filter((f) => /^stack\/(Events|Shipping)/.test(f.path) || /sns|sqs|iam|kms|resource-policy/.test(f.ruleId))).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
