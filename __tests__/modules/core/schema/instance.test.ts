import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { instanceOf } from "../../../../modules/core/schema";
import { problems } from "./helpers";

class Layer extends Construct {}
const LAYER = instanceOf(Layer, "a Layer");

describe("instanceOf: a construct given as a prop", () => {
  test("accepts an instance", () => {
    expect(problems(LAYER, new Layer(new TerraformStack(Testing.app(), "s"), "L"))).toEqual([]);
  });

  test("refuses anything else, showing the value, or the class of another instance (not its object graph)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(problems(LAYER, "arn:aws:lambda:eu-west-1:111111111111:layer:x:1")).toEqual([["p", "a Layer", "arn:aws:lambda:eu-west-1:111111111111:layer:x:1"]]);
    expect(problems(LAYER, { arn: "x" })).toEqual([["p", "a Layer", { arn: "x" }]]);
    expect(problems(LAYER, new Construct(stack, "C"))).toEqual([["p", "a Layer", "a Construct"]]);
    expect(problems(LAYER, null)).toEqual([["p", "a Layer", null]]);
  });

  test("describes itself when absent (one problem for a required one)", () => {
    expect(LAYER.missing).toBe("a Layer");
    expect(problems(LAYER, undefined)).toEqual([]);
  });
});
