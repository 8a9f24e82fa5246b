import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { only, resources } from "./support";
import { accountStack, addedStatements, BUS_ARN, expectRefused, FUNCTION_ARN, QUEUE_ARN, STREAM_ARN, TOPIC_ARN, withProps } from "./events/helpers";

describe("ServerlessFunction asyncInvoke", () => {
  test("an event invoke config with retries, age and both destinations; the role may send to exactly those two", () => {
    const { json } = withProps({ asyncInvoke: { maxRetryAttempts: 1, maxEventAgeSeconds: 3600, onSuccessDestinationArn: TOPIC_ARN, onFailureDestinationArn: QUEUE_ARN } });
    expect(only(json, "aws_lambda_function_event_invoke_config")).toEqual({
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.function_name\}$/),
      maximum_retry_attempts: 1,
      maximum_event_age_in_seconds: 3600,
      destination_config: { on_success: { destination: TOPIC_ARN }, on_failure: { destination: QUEUE_ARN } },
    });
    expect(addedStatements(json)).toEqual([
      { sid: "AsyncOnSuccessDestination", effect: "Allow", actions: ["sns:Publish"], resources: [TOPIC_ARN] },
      { sid: "AsyncOnFailureDestination", effect: "Allow", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] },
    ]);
  });

  test("a Lambda function or an event bus as destination: lambda:InvokeFunction, events:PutEvents on that ARN", () => {
    const { json } = withProps({ asyncInvoke: { onSuccessDestinationArn: FUNCTION_ARN, onFailureDestinationArn: BUS_ARN } });
    expect(addedStatements(json).map((s) => [s.actions, s.resources])).toEqual([
      [["lambda:InvokeFunction"], [FUNCTION_ARN]],
      [["events:PutEvents"], [BUS_ARN]],
    ]);
  });

  test("a bus of the stack by reference: its service is known, events:PutEvents on it", () => {
    const stack = accountStack();
    const bus = new CloudwatchEventBus(stack, "Bus", { name: "orders" });
    const { json } = withProps({ asyncInvoke: { onFailureDestinationArn: bus.arn } }, stack);
    expect(addedStatements(json)).toEqual([{ sid: "AsyncOnFailureDestination", effect: "Allow", actions: ["events:PutEvents"], resources: ["${aws_cloudwatch_event_bus.Bus.arn}"] }]);
  });

  test("retries only, no destination: no statement, no destination_config", () => {
    const { json } = withProps({ asyncInvoke: { maxRetryAttempts: 0 } });
    expect(only(json, "aws_lambda_function_event_invoke_config").destination_config).toBeUndefined();
    expect(addedStatements(json)).toEqual([]);
  });

  test("without asyncInvoke, no config", () => {
    expect(resources(withProps({}).json, "aws_lambda_function_event_invoke_config")).toEqual({});
  });

  test("retries 0 to 2, age 60 to 21600, destinations of the four services, known keys", () => {
    expectRefused({ asyncInvoke: { maxRetryAttempts: 3 } }, "asyncInvoke.maxRetryAttempts", /from 0 to 2/, 3);
    expectRefused({ asyncInvoke: { maxEventAgeSeconds: 59 } }, "asyncInvoke.maxEventAgeSeconds", /from 60 to 21600/, 59);
    expectRefused({ asyncInvoke: { onFailureDestinationArn: STREAM_ARN } }, "asyncInvoke.onFailureDestinationArn", /SQS queue, an SNS topic, a Lambda function or an EventBridge event bus/, STREAM_ARN);
    expectRefused({ asyncInvoke: { retries: 1 } as never }, "asyncInvoke.retries", /one of the known props/);
    const fifoTopic = "arn:aws:sns:eu-west-1:111111111111:results.fifo";
    expectRefused({ asyncInvoke: { onSuccessDestinationArn: fifoTopic } }, "asyncInvoke.onSuccessDestinationArn", /standard queues and topics: Lambda sends to no FIFO one/, fifoTopic);
    expectRefused({ asyncInvoke: [] as never }, "asyncInvoke", /maxRetryAttempts/);
  });
});
