import { only } from "../support";
import { addedStatements, BUS_ARN, expectRefused, withProps } from "./helpers";

describe("events: eventbridge", () => {
  test("a rule with the pattern on the bus, the function as target, a permission for that rule", () => {
    const { json } = withProps({ events: [{ type: "eventbridge", eventPattern: { source: ["orders"], "detail-type": ["OrderPaid"] }, eventBusName: BUS_ARN }] });
    expect(only(json, "aws_cloudwatch_event_rule")).toEqual({
      name: "orders-worker-eventbridge-orders-8f16a0",
      description: "Sends matching events to orders-worker",
      event_bus_name: BUS_ARN,
      event_pattern: '{"source":["orders"],"detail-type":["OrderPaid"]}',
    });
    expect(only(json, "aws_cloudwatch_event_target")).toMatchObject({ event_bus_name: BUS_ARN, arn: expect.stringMatching(/aws_lambda_function/) });
    expect(only(json, "aws_lambda_permission")).toMatchObject({ statement_id: "event-eventbridge-orders-8f16a0", principal: "events.amazonaws.com" });
    expect(addedStatements(json)).toEqual([]);
  });

  test("the default bus when no bus is named", () => {
    const { json } = withProps({ events: [{ type: "eventbridge", eventPattern: { source: ["orders"] } }] });
    expect(only(json, "aws_cloudwatch_event_rule").event_bus_name).toBeUndefined();
  });

  test("the pattern must be a non-empty object; the bus a name or an event bus ARN", () => {
    expectRefused({ events: [{ type: "eventbridge", eventPattern: {} }] }, "events[0].eventPattern", /non-empty event pattern object/);
    const queue = "arn:aws:sqs:eu-west-1:111111111111:q";
    expectRefused({ events: [{ type: "eventbridge", eventPattern: { source: ["a"] }, eventBusName: queue }] }, "events[0].eventBusName", /an event bus ARN/, queue);
    expectRefused({ events: [{ type: "eventbridge", eventPattern: { source: ["a"] }, eventBusName: "bad bus" }] }, "events[0].eventBusName", /an event bus name/, "bad bus");
  });
});
