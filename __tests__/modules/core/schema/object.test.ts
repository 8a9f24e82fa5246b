import { booleanValue, integerBetween, matches } from "../../../../modules/core/rules";
import { object, optional, required } from "../../../../modules/core/schema";
import { problems } from "./helpers";

const VPC = object({
  subnetIds: required(matches(/^subnet-/, "a subnet id")),
  vpcId: optional(matches(/^vpc-/, "a VPC id")),
});

describe("object", () => {
  test("describes itself by its fields, optional ones with ?, unless told otherwise", () => {
    expect(VPC.description).toBe("{ subnetIds, vpcId? }");
    expect(object({ a: optional(booleanValue) }, { expected: "the a settings" }).description).toBe("the a settings");
    expect(VPC.keys).toEqual(["subnetIds", "vpcId"]);
  });

  test.each([null, [], "vpc-1", 3, true])("refuses %p as a whole, once, naming what it must be", (value) => {
    expect(problems(VPC, value, "vpc")).toEqual([["vpc", "{ subnetIds, vpcId? }", value]]);
  });

  test("undefined passes (an optional object left out)", () => {
    expect(problems(VPC, undefined, "vpc")).toEqual([]);
  });

  test("refuses each unknown key by its dotted path, listing the known ones in the schema's order, then checks the fields", () => {
    expect(problems(VPC, { vcpId: "vpc-1", subnetIds: "x", securityGroups: [] }, "vpc")).toEqual([
      ["vpc.vcpId", "one of the known props (subnetIds, vpcId)", "an unknown prop"],
      ["vpc.securityGroups", "one of the known props (subnetIds, vpcId)", "an unknown prop"],
      ["vpc.subnetIds", "a subnet id", "x"],
    ]);
  });

  test("unknown keys are refused however deep objects nest", () => {
    const outer = object({ inner: optional(object({ deepest: optional(object({ ok: optional(booleanValue) })) })) });
    expect(problems(outer, { inner: { deepest: { ok: true, nope: 1 } } }, "")).toEqual([["inner.deepest.nope", "one of the known props (ok)", "an unknown prop"]]);
  });

  test("refine runs after the fields, whatever they found, and reports on fields by their path", () => {
    const scaling = object(
      { min: optional(integerBetween(0, 10)), max: optional(integerBetween(1, 10)) },
      {
        refine(s, r) {
          if (typeof s.min === "number" && typeof s.max === "number" && s.min > s.max) r.fail("min", `at most max (${s.max})`, s.min);
        },
      },
    );
    expect(problems(scaling, { min: 5, max: 3 }, "scaling")).toEqual([["scaling.min", "at most max (3)", 5]]);
    expect(problems(scaling, { min: 11, max: 3 }, "scaling")).toEqual([
      ["scaling.min", "an integer from 0 to 10", 11],
      ["scaling.min", "at most max (3)", 11],
    ]);
    expect(problems(scaling, null, "scaling")).toEqual([["scaling", "{ min?, max? }", null]]);
  });

  test("named returns the same schema (the name is only for the compiler)", () => {
    interface Vpc {
      readonly subnetIds: string;
      readonly vpcId?: string;
    }
    expect(VPC.named<Vpc>()).toBe(VPC);
  });
});
