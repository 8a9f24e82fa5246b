import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { integerBetween } from "../../../../modules/core/rules";
import { at, checkField, instanceOf, object, optional, required, rule, toSchema } from "../../../../modules/core/schema";
import { Validator } from "../../../../modules/core/validation";
import { problems, rows } from "./helpers";

const MEMORY = integerBetween(128, 10240, "MB");

describe("rule: a schema of one value checked by a rule", () => {
  test("refuses what the rule refuses, with its words; accepts the rest", () => {
    expect(problems(rule(MEMORY), 64)).toEqual([["p", "an integer from 128 to 10240 MB", 64]]);
    expect(problems(rule(MEMORY), 128)).toEqual([]);
  });

  test("undefined passes (optional props), null does not (it is not the same as unset)", () => {
    expect(problems(rule(MEMORY), undefined)).toEqual([]);
    expect(problems(rule(MEMORY), null)).toEqual([["p", "an integer from 128 to 10240 MB", null]]);
  });

  test("values only Terraform knows (tokens) pass", () => {
    const size = new TerraformVariable(new TerraformStack(Testing.app(), "s"), "size", { type: "number" });
    expect(problems(rule(MEMORY), size.numberValue)).toEqual([]);
  });

  test("toSchema turns a bare rule into a schema and leaves a schema as it is", () => {
    const schema = rule(MEMORY);
    expect(toSchema(schema)).toBe(schema);
    expect(toSchema(MEMORY).description).toBe(MEMORY.description);
  });
});

describe("required and optional fields", () => {
  const check = (field: Parameters<typeof checkField>[2], value: unknown) => {
    const v = new Validator("X", "s");
    checkField({ v, kind: "X" }, "f", field, field.schema, value);
    return rows(v);
  };

  test("a required value that is absent, null or empty is refused as such; null and empty are checked by the rule too", () => {
    const field = required(MEMORY);
    expect(check(field, undefined)).toEqual([["f", "set (it is required)", undefined]]);
    expect(check(field, null)).toEqual([
      ["f", "set (it is required)", null],
      ["f", "an integer from 128 to 10240 MB", null],
    ]);
    expect(check(field, 0)).toEqual([["f", "an integer from 128 to 10240 MB", 0]]);
  });

  test("`missing` words replace `set (it is required)` for an absent value only", () => {
    const field = required(MEMORY, { missing: "set (it is required with cors)" });
    expect(check(field, undefined)).toEqual([["f", "set (it is required with cors)", undefined]]);
    expect(check(field, null)).toEqual([["f", "an integer from 128 to 10240 MB", null]]);
  });

  test("objects and constructs describe themselves when a required one is absent: one problem", () => {
    expect(check(required(object({ a: optional(MEMORY) })), undefined)).toEqual([["f", "{ a? }", undefined]]);
    expect(check(required(instanceOf(Map, "a Map")), undefined)).toEqual([["f", "a Map", undefined]]);
  });

  test("an optional value is checked only when given", () => {
    expect(check(optional(MEMORY), undefined)).toEqual([]);
    expect(check(optional(MEMORY), 1)).toEqual([["f", "an integer from 128 to 10240 MB", 1]]);
  });
});

describe("at: prop paths", () => {
  test.each([
    [["", "vpc"], "vpc"],
    [["", "events", 0, "queueArn"], "events[0].queueArn"],
    [["vpc", "subnetIds", 2], "vpc.subnetIds[2]"],
    [["secrets", "TOKEN", "version"], "secrets.TOKEN.version"],
  ] as const)("%p is %s", (parts, path) => {
    const [prop, ...keys] = parts;
    expect(at(prop, ...keys)).toBe(path);
  });
});
