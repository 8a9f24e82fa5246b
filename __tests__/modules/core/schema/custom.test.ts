import { custom } from "../../../../modules/core/schema";
import { problems } from "./helpers";

const PATTERN = custom<Readonly<Record<string, unknown>>>("a non-empty pattern object", (c, prop, value) => {
  if (value === null || typeof value !== "object" || Object.keys(value).length === 0) c.v.fail(prop, "a non-empty pattern object", value);
  else if (JSON.stringify(value).length > 20) c.v.fail(prop, "at most 20 characters as JSON", `${JSON.stringify(value).length} characters`);
});

describe("custom: a check written as code", () => {
  test("records what the code finds, at the prop it is given", () => {
    expect(problems(PATTERN, {}, "events[0].eventPattern")).toEqual([["events[0].eventPattern", "a non-empty pattern object", {}]]);
    expect(problems(PATTERN, { source: ["a-long-source-name"] })).toEqual([["p", "at most 20 characters as JSON", "33 characters"]]);
    expect(problems(PATTERN, { a: 1 })).toEqual([]);
  });

  test("is not called for undefined; null reaches it", () => {
    expect(problems(PATTERN, undefined)).toEqual([]);
    expect(problems(PATTERN, null)).toEqual([["p", "a non-empty pattern object", null]]);
  });

  test("may describe itself when a required one is absent", () => {
    expect(custom("a pattern", () => {}, { missing: "a pattern" }).missing).toBe("a pattern");
    expect(PATTERN.missing).toBeUndefined();
  });
});
