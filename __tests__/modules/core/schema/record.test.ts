import { matches } from "../../../../modules/core/rules";
import { object, optional, record, required } from "../../../../modules/core/schema";
import type { Rule } from "../../../../modules/core/validation";
import { problems } from "./helpers";

const STRING: Rule<string> = { description: "a string", test: (v) => typeof v === "string" };
const ENVIRONMENT = record(STRING, {
  expected: "a map of names to string values",
  key: matches(/^[A-Z_]+$/, "an uppercase name"),
  refine(environment, r) {
    if ("PORT" in environment) r.fail("PORT", "a name the platform does not set", "PORT");
  },
});

describe("record", () => {
  test.each([null, ["A"], "A=1"])("refuses %p as a whole", (value) => {
    expect(problems(ENVIRONMENT, value, "environment")).toEqual([["environment", "a map of names to string values", value]]);
  });

  test("checks each key at `<prop> key`, each value at `<prop>.<key>`, then the refinement", () => {
    expect(problems(ENVIRONMENT, { lower: "x", A: 1, PORT: "8080" }, "environment")).toEqual([
      ["environment key", "an uppercase name", "lower"],
      ["environment.A", "a string", 1],
      ["environment.PORT", "a name the platform does not set", "PORT"],
    ]);
  });

  test("an undefined value is refused as what a value must be", () => {
    expect(problems(ENVIRONMENT, { A: undefined }, "environment")).toEqual([["environment.A", "a string", undefined]]);
  });

  test("values may be objects, with their own keys", () => {
    const secrets = record(object({ secret: required(STRING), version: optional(STRING) }), { expected: "a map of names to { secret, version? }" });
    expect(problems(secrets, { TOKEN: { secret: "t", versoin: "1" }, KEY: null }, "secrets")).toEqual([
      ["secrets.TOKEN.versoin", "one of the known props (secret, version)", "an unknown prop"],
      ["secrets.KEY", "{ secret, version? }", null],
    ]);
  });
});
