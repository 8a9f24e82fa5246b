import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ASYNC_DESTINATIONS, destinationStatement, STREAM_FAILURE_DESTINATIONS, validateDestination } from "../../../../modules/aws/events/destinations";
import { Validator } from "../../../../modules/core/validation";

const problems = (value: unknown, services = ASYNC_DESTINATIONS) => {
  const v = new Validator("test", "stack/Fn");
  validateDestination(v, "onFailureDestinationArn", value, services);
  try {
    v.throwIfInvalid();
    return [];
  } catch (e) {
    return (e as { problems: { rule: string }[] }).problems.map((p) => p.rule);
  }
};

describe("destinations", () => {
  test("Compliance: a standard queue, topic, function or event bus, literal or as a reference to one", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(problems("arn:aws:sqs:eu-west-1:111111111111:failures")).toEqual([]);
    expect(problems("arn:aws:sns:eu-west-1:111111111111:failures")).toEqual([]);
    expect(problems("arn:aws:lambda:eu-west-1:111111111111:function:on-failure")).toEqual([]);
    expect(problems("arn:aws:events:eu-west-1:111111111111:event-bus/orders")).toEqual([]);
    expect(problems(new SqsQueue(stack, "Q", { name: "q" }).arn)).toEqual([]);
  });

  test("Noncompliance: a FIFO queue, another service, a service streams cannot send to, an ARN synth cannot place", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(problems("arn:aws:sqs:eu-west-1:111111111111:failures.fifo")).toHaveLength(1);
    expect(problems("arn:aws:s3:::bucket")).toHaveLength(1);
    expect(problems("arn:aws:lambda:eu-west-1:111111111111:function:f", STREAM_FAILURE_DESTINATIONS)).toEqual([
      "the ARN of an SQS queue or an SNS topic (standard queues and topics: Lambda sends to no FIFO one)",
    ]);
    expect(problems(42)).toHaveLength(1);
    expect(problems(new TerraformVariable(stack, "arn", { type: "string" }).stringValue)[0]).toMatch(/its service decides the permission/);
  });

  test("the role may send to exactly that destination, with the one action its service needs", () => {
    expect(destinationStatement("OnFailure", "arn:aws:sqs:eu-west-1:111111111111:f")).toEqual({
      sid: "OnFailure",
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      resources: ["arn:aws:sqs:eu-west-1:111111111111:f"],
    });
    expect(destinationStatement("OnSuccess", "arn:aws:events:eu-west-1:111111111111:event-bus/orders").actions).toEqual(["events:PutEvents"]);
    expect(destinationStatement("Next", "arn:aws:lambda:eu-west-1:111111111111:function:next").actions).toEqual(["lambda:InvokeFunction"]);
    expect(destinationStatement("Notify", "arn:aws:sns:eu-west-1:111111111111:t").actions).toEqual(["sns:Publish"]);
  });
});
