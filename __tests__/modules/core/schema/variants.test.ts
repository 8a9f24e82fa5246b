import { integerBetween, oneOf } from "../../../../modules/core/rules";
import { object, optional, required, variants } from "../../../../modules/core/schema";
import { problems } from "./helpers";

const EVENT = variants(
  "type",
  {
    sqs: object({ type: required(oneOf(["sqs"] as const)), batchSize: optional(integerBetween(1, 10)) }),
    sns: object({ type: required(oneOf(["sns"] as const)), topic: required(oneOf(["t"] as const)) }),
  },
  { expected: 'an event { type: "sqs" | "sns", ... }' },
);

describe("variants", () => {
  test.each([null, "sqs", []])("refuses %p as a whole", (value) => {
    expect(problems(EVENT, value, "events[0]")).toEqual([["events[0]", 'an event { type: "sqs" | "sns", ... }', value]]);
  });

  test("a key that names no member is refused on that key, listing the members", () => {
    expect(problems(EVENT, { type: "kafka", batchSize: 1 }, "events[0]")).toEqual([["events[0].type", 'one of "sqs", "sns"', "kafka"]]);
    expect(problems(EVENT, { batchSize: 1 }, "events[0]")).toEqual([["events[0].type", 'one of "sqs", "sns"', undefined]]);
  });

  test("each member checks its own keys and fields only", () => {
    expect(problems(EVENT, { type: "sns", topic: "t", batchSize: 5 }, "events[0]")).toEqual([["events[0].batchSize", "one of the known props (type, topic)", "an unknown prop"]]);
    expect(problems(EVENT, { type: "sqs", batchSize: 50 }, "events[0]")).toEqual([["events[0].batchSize", "an integer from 1 to 10", 50]]);
  });

  test("a key inherited from Object.prototype names no member", () => {
    expect(problems(EVENT, { type: "toString" }, "e")).toEqual([["e.type", 'one of "sqs", "sns"', "toString"]]);
  });
});
