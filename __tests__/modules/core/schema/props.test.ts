import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { integerBetween, matches } from "../../../../modules/core/rules";
import { optional, props, required } from "../../../../modules/core/schema";
import { ValidationError, Validator } from "../../../../modules/core/validation";
import { rows } from "./helpers";

const THING = props(
  {
    name: required(matches(/^[a-z]+$/, "lowercase letters")),
    size: optional(integerBetween(1, 10)),
  },
  {
    name: "Thing props",
    expected: "an object with at least name",
    refine(thing, r) {
      if (thing.name === "reserved") r.fail("name", "a name other than reserved", thing.name);
    },
  },
);

function thrown(fn: () => void): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("props: the schema of a construct's props", () => {
  const scope = () => new Construct(new TerraformStack(Testing.app(), "stack"), "Thing");

  test("validate throws one ValidationError naming the construct path, every prop, rule and value", () => {
    const error = thrown(() => THING.validate(scope(), { name: "BAD", size: 11 }));
    expect(error.message).toBe(
      "Invalid Thing props at stack/Thing (2 problems):\n" +
        '  - [stack/Thing] name: must be lowercase letters; received "BAD"\n' +
        "  - [stack/Thing] size: must be an integer from 1 to 10; received 11",
    );
  });

  test("valid props pass; the refinement runs with the fields", () => {
    expect(() => THING.validate(scope(), { name: "ok", size: 3 })).not.toThrow();
    expect(thrown(() => THING.validate(scope(), { name: "reserved" })).problems.map((p) => p.rule)).toEqual(["a name other than reserved"]);
  });

  test.each([null, "props", ["a"], undefined])("refuses %p as props, and says so, before reading any field", (value) => {
    const error = thrown(() => THING.validate(scope(), value));
    expect(error.problems).toEqual([{ path: "stack/Thing", prop: "props", rule: "an object with at least name", received: value }]);
  });

  test("unknown keys first, then template syntax anywhere, then the fields", () => {
    const v = new Validator("Thing props", "s");
    expect(() => THING.checkRoot(v, { name: "${x}", sizes: 1 })).not.toThrow();
    expect(rows(v)).toEqual([
      ["sizes", "one of the known props (name, size)", "an unknown prop"],
      ["name", "text without Terraform template syntax (${ would be evaluated by Terraform at plan time)", "${x}"],
      ["name", "lowercase letters", "${x}"],
    ]);
  });

  test("template syntax can be left to others (config: its values reach props that refuse it)", () => {
    const relaxed = props({ name: required(matches(/^/, "text")) }, { name: "config", expected: "an object", noTemplateSyntax: false, rootProp: "(config)" });
    expect(() => relaxed.validateAt("config/dev", { name: "${x}" })).not.toThrow();
    expect(thrown(() => relaxed.validateAt("config/dev", null)).problems).toEqual([{ path: "config/dev", prop: "(config)", rule: "an object", received: null }]);
  });
});
