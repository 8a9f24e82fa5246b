import { TerraformStack, Testing } from "cdktf";
import { integerBetween } from "../../../../modules/core/rules";
import { Refinement } from "../../../../modules/core/schema";
import { Validator } from "../../../../modules/core/validation";
import { rows } from "./helpers";

describe("Refinement: what a rule across fields reports with", () => {
  test("fail and check name the field below the refined value; fail with no key names the value itself", () => {
    const v = new Validator("X props", "s");
    const r = new Refinement({ v, kind: "X props" }, "events[0]");
    r.fail("batchSize", "at most 10 for a FIFO queue", 20).check("maxConcurrency", 1, integerBetween(2, 1000)).fail(undefined, "a filter that does not overlap", { a: 1 });
    expect(rows(v)).toEqual([
      ["events[0].batchSize", "at most 10 for a FIFO queue", 20],
      ["events[0].maxConcurrency", "an integer from 2 to 1000", 1],
      ["events[0]", "a filter that does not overlap", { a: 1 }],
    ]);
    expect(r.at("filterPatterns", 2)).toBe("events[0].filterPatterns[2]");
  });

  test("at the props themselves, a failure with no key is on props", () => {
    const v = new Validator("X props", "s");
    new Refinement({ v, kind: "X props" }, "").fail(undefined, "exactly one code source", "none");
    expect(rows(v)).toEqual([["props", "exactly one code source", "none"]]);
  });

  test("gives the construct, the kind and the validator", () => {
    const v = new Validator("X props", "s");
    const scope = new TerraformStack(Testing.app(), "s");
    const r = new Refinement({ v, scope, kind: "X props" }, "");
    expect([r.scope, r.kind, r.v]).toEqual([scope, "X props", v]);
  });
});
