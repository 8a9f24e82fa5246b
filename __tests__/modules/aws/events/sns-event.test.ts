import { Topic } from "../../../../modules/aws";
import { only } from "../support";
import { accountStack, addedStatements, build, expectRefused, QUEUE_ARN, TOPIC_ARN, withProps } from "./helpers";

describe("events: sns", () => {
  test("a lambda subscription with its filter policy, created after a permission for SNS on that topic", () => {
    const { json } = withProps({ events: [{ type: "sns", topicArn: TOPIC_ARN, filterPolicy: { kind: ["order.paid"] } }] });
    const permission = only(json, "aws_lambda_permission");
    expect(permission).toMatchObject({ statement_id: "event-sns-orders", principal: "sns.amazonaws.com", source_arn: TOPIC_ARN, action: "lambda:InvokeFunction" });
    expect(permission.source_account).toBeUndefined();
    expect(only(json, "aws_sns_topic_subscription")).toEqual({
      topic_arn: TOPIC_ARN,
      protocol: "lambda",
      endpoint: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.arn\}$/),
      filter_policy: '{"kind":["order.paid"]}',
      depends_on: [expect.stringMatching(/^aws_lambda_permission\./)],
    });
    expect(addedStatements(json)).toEqual([]);
  });

  test("topicArn must be an SNS topic ARN; the filter policy a non-empty object", () => {
    expectRefused({ events: [{ type: "sns", topicArn: QUEUE_ARN }] }, "events[0].topicArn", /an SNS topic ARN/, QUEUE_ARN);
    expectRefused({ events: [{ type: "sns", topicArn: TOPIC_ARN, filterPolicy: {} }] }, "events[0].filterPolicy", /non-empty filter policy object/);
    expectRefused({ events: [{ type: "sns", topicArn: TOPIC_ARN, filterPolicy: '{"a":["b"]}' as unknown as Record<string, unknown> }] }, "events[0].filterPolicy", /filter policy object/);
  });
});

describe("events: sns with a Topic", () => {
  test("the subscription and the permission name the topic's ARN; the role gets nothing", () => {
    const stack = accountStack();
    const topic = new Topic(stack, "Events", { topicName: "events" });
    const { json } = withProps({ events: [{ type: "sns", topic, filterPolicy: { kind: ["paid"] } }] }, stack);
    expect(only(json, "aws_lambda_permission")).toMatchObject({ statement_id: "event-sns-events", principal: "sns.amazonaws.com", source_arn: "${aws_sns_topic.Events.arn}" });
    expect(only(json, "aws_sns_topic_subscription")).toMatchObject({ topic_arn: "${aws_sns_topic.Events.arn}", protocol: "lambda", filter_policy: '{"kind":["paid"]}' });
    expect(addedStatements(json)).toEqual([]);
  });

  test("Noncompliance: a FIFO topic (it delivers to queues only), both topic and topicArn; Compliance: a standard Topic", () => {
    const withTopic = (fifo: boolean) => {
      const stack = accountStack();
      return { stack, topic: new Topic(stack, "Events", { topicName: "events", fifo }) };
    };
    const fifo = withTopic(true);
    expectRefused({ events: [{ type: "sns", topic: fifo.topic }] }, "events[0].topic", /^a standard topic \(a FIFO topic delivers to SQS queues only, never to Lambda/, "stack/Events", fifo.stack);
    const both = withTopic(false);
    expectRefused({ events: [{ type: "sns", topic: both.topic, topicArn: TOPIC_ARN }] }, "events[0].topic | topicArn", /^exactly one of topic \(a Topic\) and topicArn$/, "both", both.stack);
    const ok = withTopic(false);
    expect(() => build({ events: [{ type: "sns", topic: ok.topic }] }, ok.stack)).not.toThrow();
  });
});
