import { only } from "../support";
import { addedStatements, expectRefused, QUEUE_ARN, TOPIC_ARN, withProps } from "./helpers";

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
