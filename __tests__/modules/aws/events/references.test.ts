import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformVariable } from "cdktf";
import { arnService, referenceOf } from "../../../../modules/aws/events/references";
import { newStack } from "../support";

describe("events: what a reference points at", () => {
  const stack = newStack();
  const queue = new SqsQueue(stack, "Queue", { name: "q" });
  const table = new DynamodbTable(stack, "Table", { name: "ttt", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
  const variable = new TerraformVariable(stack, "arn", { type: "string" });

  test("an attribute of a resource: its type, address, attribute and stack; the same for two reads", () => {
    expect(referenceOf(queue.arn)).toEqual({ resourceType: "aws_sqs_queue", address: "aws_sqs_queue.Queue", attribute: "arn", stack });
    expect(referenceOf(queue.arn)!.address).toBe(referenceOf(queue.url)!.address);
  });

  test("literals, variables and strings that mix text and references are not references", () => {
    expect(referenceOf("arn:aws:sqs:eu-west-1:111111111111:q")).toBeUndefined();
    expect(referenceOf(variable.stringValue)).toBeUndefined();
    expect(referenceOf(`${queue.arn}-x`)).toBeUndefined();
  });

  test("the service of an ARN, from the text or from the attribute it refers to", () => {
    expect(arnService("arn:aws:sns:eu-west-1:111111111111:t")).toBe("sns");
    expect(arnService(queue.arn)).toBe("sqs");
    expect(arnService(table.streamArn)).toBe("dynamodb");
    // A table's ARN is not a stream's, and a queue's URL is no ARN.
    expect(arnService(table.arn)).toBeUndefined();
    expect(arnService(queue.url)).toBeUndefined();
    expect(arnService(variable.stringValue)).toBeUndefined();
  });
});
