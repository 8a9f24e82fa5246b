import { Fn, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { integerBetween, matches } from "../../../modules/core/rules";
import { isUnresolved, receivedInstead, ValidationError, Validator } from "../../../modules/core/validation";

const MEMORY = integerBetween(128, 10240, "MB");
const NAME = matches(/^[a-z]+$/, "lowercase letters");

function thrown(fn: () => void): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

describe("ValidationError", () => {
  test("message names the kind, the construct path, the prop, the rule and the received value", () => {
    const error = new ValidationError("ServerlessFunction props", [
      { path: "stack/fn", prop: "memorySize", rule: "an integer from 128 to 10240 MB", received: 64 },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe(
      "Invalid ServerlessFunction props at stack/fn (1 problem):\n" +
        "  - [stack/fn] memorySize: must be an integer from 128 to 10240 MB; received 64",
    );
  });

  test("several problems are listed one a line, counted in the headline, and kept as data", () => {
    const problems = [
      { path: "stack/fn", prop: "memorySize", rule: "an integer", received: 64 },
      { path: "stack/fn", prop: "functionName", rule: "a name", received: "bad name" },
    ];
    const error = new ValidationError("X", problems);
    expect(error.message).toContain("(2 problems)");
    expect(error.message).toContain('  - [stack/fn] functionName: must be a name; received "bad name"');
    expect(error.problems).toEqual(problems);
  });

  test("received values are shown as JSON, undefined as undefined, long values cut at 200 characters", () => {
    const long = "x".repeat(500);
    const error = new ValidationError("X", [
      { path: "p", prop: "a", rule: "r", received: { key: ["v"] } },
      { path: "p", prop: "b", rule: "r", received: undefined },
      { path: "p", prop: "c", rule: "r", received: long },
    ]);
    const lines = error.message.split("\n");
    expect(lines[1]).toMatch(/received \{"key":\["v"\]\}$/);
    expect(lines[2]).toMatch(/received undefined$/);
    expect(lines[3]).toMatch(/received "x{196}\.\.\.$/);
    expect(lines[3].length).toBeLessThan(260);
  });

  test("a circular received value does not break the message", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => new ValidationError("X", [{ path: "p", prop: "a", rule: "r", received: circular }])).not.toThrow();
  });
});

describe("Validator", () => {
  test("check records a problem when the rule fails and none when it holds", () => {
    const v = new Validator("Thing props", "stack/thing");
    v.check("memorySize", 256, MEMORY);
    expect(v.ok).toBe(true);
    v.check("memorySize", 64, MEMORY);
    expect(v.ok).toBe(false);
    const error = thrown(() => v.throwIfInvalid());
    expect(error.problems).toEqual([{ path: "stack/thing", prop: "memorySize", rule: "an integer from 128 to 10240 MB", received: 64 }]);
  });

  test("check skips undefined (optional props)", () => {
    const v = new Validator("Thing props", "p").check("memorySize", undefined, MEMORY);
    expect(v.ok).toBe(true);
  });

  test("check refuses null (not the same as unset)", () => {
    const v = new Validator("Thing props", "p").check("memorySize", null as unknown as number, MEMORY);
    expect(v.ok).toBe(false);
  });

  test("check skips unresolved tokens: numbers, strings and lists known only to Terraform", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const variable = new TerraformVariable(stack, "size", { type: "number" });
    const v = new Validator("Thing props", "p")
      .check("memorySize", Token.asNumber(variable.value), MEMORY)
      .check("memorySize", variable.numberValue, MEMORY)
      .check("name", Fn.lower("ABC"), NAME)
      .check("name", variable.stringValue, NAME)
      .check("names", Token.asList(variable.value), { description: "never", test: () => false })
      .check("names[0]", variable.listValue[0], NAME);
    expect(v.ok).toBe(true);
  });

  test("required refuses undefined, null and the empty string, accepts 0 and false", () => {
    const v = new Validator("Thing props", "p").required("a", undefined).required("b", null).required("c", "");
    expect(thrown(() => v.throwIfInvalid()).problems.map((p) => p.prop)).toEqual(["a", "b", "c"]);
    const ok = new Validator("Thing props", "p").required("zero", 0).required("no", false).required("s", "x");
    expect(ok.ok).toBe(true);
  });

  test("fail records a problem a single rule cannot express", () => {
    const v = new Validator("Thing props", "p").fail("vpc", "given securityGroupIds or a vpcId", { subnetIds: [] });
    expect(thrown(() => v.throwIfInvalid()).message).toContain('vpc: must be given securityGroupIds or a vpcId; received {"subnetIds":[]}');
  });

  test("every problem of one construct is reported together in one error", () => {
    const v = new Validator("Thing props", "stack/thing")
      .check("memorySize", 64, MEMORY)
      .check("name", "BAD", NAME)
      .required("owner", "");
    const error = thrown(() => v.throwIfInvalid());
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^Invalid Thing props at stack\/thing \(3 problems\)/);
  });

  test("throwIfInvalid does nothing when every check passed", () => {
    expect(() => new Validator("Thing props", "p").check("memorySize", 128, MEMORY).throwIfInvalid()).not.toThrow();
  });
});

describe("isUnresolved", () => {
  test("is true for tokens and false for plain values", () => {
    expect(isUnresolved(Token.asString({ Ref: "x" }))).toBe(true);
    expect(isUnresolved(Token.asNumber({ Ref: "x" }))).toBe(true);
    expect(isUnresolved(Token.asList({ Ref: "x" }))).toBe(true);
    expect(isUnresolved(`prefix-${Token.asString({ Ref: "x" })}`)).toBe(true);
    expect(isUnresolved(Token.asList({ Ref: "x" })[0])).toBe(true);
    expect(isUnresolved("plain")).toBe(false);
    expect(isUnresolved(42)).toBe(false);
    expect(isUnresolved(["a"])).toBe(false);
    expect(isUnresolved({ a: 1 })).toBe(false);
    expect(isUnresolved(undefined)).toBe(false);
  });
});

describe("Validator.list", () => {
  test("refuses a string instead of spreading it into characters, naming the rule and the value", () => {
    const v = new Validator("X props", "s/x");
    expect(v.list("allowHeaders", "content-type", { of: "header names" })).toBeUndefined();
    const error = thrown(() => v.throwIfInvalid());
    expect(error.message).toContain('allowHeaders: must be a list of header names; received "content-type"');
  });

  test.each([null, 3, { a: 1 }, Number.NaN])("refuses %p as a list", (value) => {
    const v = new Validator("X", "s");
    v.list("p", value, { of: "things" });
    expect(v.ok).toBe(false);
  });

  test("checks the length and each item, naming the index", () => {
    const v = new Validator("X", "s");
    v.list("sizes", [128, 64], { of: "sizes", min: 1, max: 1, item: MEMORY });
    const error = thrown(() => v.throwIfInvalid());
    expect(error.problems.map((p) => p.prop)).toEqual(["sizes", "sizes[1]"]);
    expect(error.problems[0].rule).toBe("a list of exactly 1 sizes");
    expect(error.problems[0].received).toBe("2 items");
  });

  test("returns the list when it is one; skips undefined and unresolved lists", () => {
    const v = new Validator("X", "s");
    expect(v.list("a", ["x"], { of: "x" })).toEqual(["x"]);
    expect(v.list("b", undefined, { of: "x" })).toBeUndefined();
    const stack = new TerraformStack(Testing.app(), "s");
    const list = new TerraformVariable(stack, "v", { type: "list(string)" }).listValue;
    expect(v.list("c", list, { of: "x", min: 2 })).toBeUndefined();
    expect(v.ok).toBe(true);
  });
});

describe("Validator.noTemplateSyntax", () => {
  test("refuses ${...} and %{...} written as text anywhere in the props, keys included", () => {
    const props = {
      description: 'x ${file("/etc/passwd")}',
      environment: { A: "%{ if true }y%{ endif }", "B${x}": "v" },
      list: ["ok", ["${var.secret}"]],
    };
    const error = thrown(() => new Validator("X props", "s/x").noTemplateSyntax("", props).throwIfInvalid());
    expect(error.problems.map((p) => p.prop)).toEqual(["description", "environment.A", "environment.B${x} (key)", "list[1][0]"]);
    expect(error.message).toContain("text without Terraform template syntax (${ would be evaluated by Terraform at plan time)");
  });

  test("lets cdktf tokens through but not literal syntax next to them", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const name = new TerraformVariable(stack, "name", { type: "string" }).stringValue;
    const v = new Validator("X", "s").noTemplateSyntax("", { a: name, b: `arn:aws:s3:::${name}/*`, c: Fn.upper(name) });
    expect(v.ok).toBe(true);
    v.noTemplateSyntax("d", `${name}-\${path.module}`);
    expect(v.ok).toBe(false);
  });

  test("does not walk constructs given as props, and survives cycles", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const cyclic: Record<string, unknown> = { a: "fine" };
    cyclic.self = cyclic;
    expect(new Validator("X", "s").noTemplateSyntax("", { target: stack, cyclic }).ok).toBe(true);
  });
});

describe("received values", () => {
  test("NaN and Infinity are named, not shown as null", () => {
    const error = thrown(() => new Validator("X", "s").check("memorySize", Number.NaN, MEMORY).check("timeout", { t: Infinity } as never, MEMORY).throwIfInvalid());
    expect(error.message).toContain("received NaN");
    expect(error.message).toContain('received {"t":"Infinity"}');
  });
});

describe("receivedInstead: what a refusal shows where a construct was expected", () => {
  class LambdaLayer {
    readonly node = { path: "stack/Layer" };
  }
  test("the value itself for strings, plain objects, lists and null; the class for instances, not a type name", () => {
    expect(receivedInstead("arn:aws:lambda:eu-west-1:111111111111:function:auth")).toBe("arn:aws:lambda:eu-west-1:111111111111:function:auth");
    expect(receivedInstead({ functionName: "x" })).toEqual({ functionName: "x" });
    expect(receivedInstead([1])).toEqual([1]);
    expect(receivedInstead(null)).toBeNull();
    expect(receivedInstead(new LambdaLayer())).toBe("a LambdaLayer");
  });
});
