import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { declareEnvironment } from "../../../modules/core/environment-traits";
import { applyRulePack } from "../../../modules/core/rule-pack";
import { declareStackEnvironment, stackEnvironment } from "../../../modules/core/stack-environment";

describe("stackEnvironment", () => {
  declareEnvironment("sandbox-for-traits", { protected: false, rulePackSeverity: "warn" });
  declareEnvironment("live-for-traits", { protected: true, rulePackSeverity: "error" });

  test("reads the environment the stack's rule pack names, and the traits its config declares", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    applyRulePack(stack, { environment: "sandbox-for-traits", log: () => undefined });
    expect(stackEnvironment(new Construct(new Construct(stack, "A"), "B"))).toEqual({ environment: "sandbox-for-traits", protected: false, rulePackSeverity: "warn" });
    const live = new TerraformStack(Testing.app(), "l");
    applyRulePack(live, { environment: "live-for-traits", log: () => undefined });
    expect(stackEnvironment(live)).toEqual({ environment: "live-for-traits", protected: true, rulePackSeverity: "error" });
  });

  test("the strictest traits without a rule pack, or for an environment no config declares", () => {
    expect(stackEnvironment(new TerraformStack(Testing.app(), "bare"))).toEqual({ protected: true, rulePackSeverity: "error" });
    const stack = new TerraformStack(Testing.app(), "s");
    applyRulePack(stack, { environment: "never-declared", log: () => undefined });
    expect(stackEnvironment(stack)).toEqual({ environment: "never-declared", protected: true, rulePackSeverity: "error" });
  });

  test("what the stack declares comes first (a service stack's config, whatever its environment's name)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    applyRulePack(stack, { environment: "live-for-traits", log: () => undefined });
    declareStackEnvironment(stack, { environment: "live-for-traits", protected: false, rulePackSeverity: "error" });
    expect(stackEnvironment(new Construct(stack, "C"))).toEqual({ environment: "live-for-traits", protected: false, rulePackSeverity: "error" });
  });
});
