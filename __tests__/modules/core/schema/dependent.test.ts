import { matches, oneOf } from "../../../../modules/core/rules";
import { dependent, object, optional, required } from "../../../../modules/core/schema";
import { problems } from "./helpers";

const ARN = {
  queue: matches(/^arn:aws:sqs:/, "an SQS queue ARN"),
  stream: matches(/^arn:aws:kinesis:/, "a Kinesis stream ARN"),
};
const SOURCE = object({
  type: required(oneOf(["queue", "stream"] as const)),
  arn: required(dependent("the source's ARN: an SQS queue ARN for queue, a Kinesis stream ARN for stream", (source) => (source.type === "stream" ? ARN.stream : ARN.queue))),
  previous: optional(dependent("another source type", (source) => oneOf(["queue", "stream"].filter((t) => t !== source.type)))),
});

describe("dependent: a prop whose rule follows the other props of its object", () => {
  test("the rule is picked from the object as received", () => {
    expect(problems(SOURCE, { type: "stream", arn: "arn:aws:sqs:eu-west-1:111111111111:q" }, "s")).toEqual([["s.arn", "a Kinesis stream ARN", "arn:aws:sqs:eu-west-1:111111111111:q"]]);
    expect(problems(SOURCE, { type: "queue", arn: "arn:aws:sqs:eu-west-1:111111111111:q" }, "s")).toEqual([]);
    expect(problems(SOURCE, { type: "queue", arn: "arn:aws:sqs:x", previous: "queue" }, "s")).toEqual([["s.previous", 'one of "stream"', "queue"]]);
  });

  test("required applies as for any prop", () => {
    expect(problems(SOURCE, { type: "queue" }, "s")).toEqual([["s.arn", "set (it is required)", undefined]]);
  });

  test("outside an object it checks nothing (there is no object to pick from)", () => {
    expect(problems(SOURCE.fields.arn.schema, "anything")).toEqual([]);
  });
});
