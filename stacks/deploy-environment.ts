import { Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { RULE_PACK_MARKER } from "../modules/core/rule-pack";
import { realWords } from "../modules/core/rules";
import { Validator } from "../modules/core/validation";

/**
 * Where the deploy workflow deploys a stack, kept on the stack under a registered symbol: a script
 * that reads a bundled copy of the app (scripts/deploy-order.ts) sees what that copy recorded.
 */
const DEPLOYMENT = Symbol.for("cdktf-serverless/deployment");

/** How the deploy workflow treats one stack. */
export type StackDeployment =
  /** Deployed with its environment (`config/<environment>.ts`), in the environment's GitHub job. */
  | { readonly kind: "environment"; readonly environment: string; readonly declaredBy: string }
  /** Not deployed by the workflow: someone applies it by hand, for the reason given. */
  | { readonly kind: "manual"; readonly reason: string }
  /** No environment can be known: the synth and the deploy order refuse the app. */
  | { readonly kind: "unknown"; readonly declaredBy: string };

type Marked = TerraformStack & { [DEPLOYMENT]?: StackDeployment };

/**
 * Records that `stack` is deployed with `environment` (ServiceStack calls it with its config's
 * environment). A stack not built on ServiceStack needs nothing: its environment is its rule pack's.
 */
export function deployWithEnvironment(stack: TerraformStack, environment: string, declaredBy: string): void {
  (stack as Marked)[DEPLOYMENT] = { kind: "environment", environment, declaredBy };
}

/**
 * Leaves `stack` out of the deploy workflow (`npm run deploy-order`, `.github/workflows/deploy.yml`):
 * it is applied by hand, e.g. the state bootstrap, whose bucket must exist before any other stack
 * can keep its state. `reason` says why and how it is deployed; it is printed with the deploy order.
 */
export function deployManually(stack: TerraformStack, reason: string): void {
  const v = new Validator("deployManually", (stack as IConstruct | undefined)?.node?.path ?? String(stack));
  if (!TerraformStack.isStack(stack)) v.fail("stack", "a TerraformStack", stack);
  v.required("reason", reason).check("reason", reason, realWords(3, "why and how the stack is deployed by hand,"));
  v.throwIfInvalid();
  (stack as Marked)[DEPLOYMENT] = { kind: "manual", reason };
}

/**
 * How the deploy workflow treats a stack, by one rule:
 * 1. what the stack declared: a ServiceStack deploys with its config's environment, `deployManually`
 *    takes a stack out of the workflow;
 * 2. otherwise the environment its rule pack is applied with (`applyRulePack(stack, { environment })`,
 *    which every stack must call): that is the stack's environment;
 * 3. otherwise none (`kind: "unknown"`). A stack's name is never read.
 * Whether the environment is one of config/'s is the deploy order's check (stacks/deploy-order.ts).
 */
export function stackDeployment(stack: TerraformStack): StackDeployment {
  const declared = (stack as Marked)[DEPLOYMENT];
  if (declared) return declared;
  const pack = Aspects.of(stack).all.find((a) => (a as { [RULE_PACK_MARKER]?: boolean })[RULE_PACK_MARKER] === true) as { environment?: unknown } | undefined;
  if (pack && typeof pack.environment === "string") {
    return { kind: "environment", environment: pack.environment, declaredBy: `applyRulePack(stack, { environment: ${JSON.stringify(pack.environment)} })` };
  }
  return { kind: "unknown", declaredBy: pack ? "a rule pack without an environment" : "no ServiceStack config, no rule pack, no deployManually" };
}
