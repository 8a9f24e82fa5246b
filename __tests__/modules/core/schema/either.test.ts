import { integerBetween } from "../../../../modules/core/rules";
import { either, isObjectValue, list, object, optional, rule } from "../../../../modules/core/schema";
import { problems } from "./helpers";

const CLEANUP = either("false, { keep? } or a list of days", [
  { when: (v) => v === false, schema: rule<false>({ description: "false", test: (v) => v === false }) },
  { when: Array.isArray, schema: list(integerBetween(1, 30, "days"), { of: "days" }) },
  { when: isObjectValue, schema: object({ keep: optional(integerBetween(1, 10)) }) },
]);

describe("either", () => {
  test("the first alternative that takes the value checks it", () => {
    expect(problems(CLEANUP, false)).toEqual([]);
    expect(problems(CLEANUP, [1, 40])).toEqual([["p[1]", "an integer from 1 to 30 days", 40]]);
    expect(problems(CLEANUP, { keep: 0, drop: 1 })).toEqual([
      ["p.drop", "one of the known props (keep)", "an unknown prop"],
      ["p.keep", "an integer from 1 to 10", 0],
    ]);
  });

  test.each([true, null, "none", 3])("a value no alternative takes is refused with the description (%p)", (value) => {
    expect(problems(CLEANUP, value)).toEqual([["p", "false, { keep? } or a list of days", value]]);
  });

  test("undefined passes", () => {
    expect(problems(CLEANUP, undefined)).toEqual([]);
  });
});
