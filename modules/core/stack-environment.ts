import { Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { environmentTraits, UNDECLARED_ENVIRONMENT, type EnvironmentTraits } from "./environment-traits";
import { RULE_PACK_MARKER } from "./rule-pack/rule-pack-aspect";

/** The environment a stack is built for, and what its config declares it to be. */
export interface StackEnvironment extends EnvironmentTraits {
  /** The environment's name, when the stack has a rule pack that names it. */
  readonly environment?: string;
}

const DECLARED = Symbol.for("cdktf-serverless/stack-environment");

/**
 * Records what `stack` is built for: a service stack declares its config's environment and traits
 * (ServiceStack does, before it adds a resource), so constructs follow the config it was given.
 */
export function declareStackEnvironment(stack: TerraformStack, environment: StackEnvironment): void {
  Object.defineProperty(stack, DECLARED, { value: Object.freeze({ ...environment }), configurable: true, enumerable: false });
}

/**
 * The environment of `scope`'s stack: what the stack declared (`declareStackEnvironment`), else the
 * environment its rule pack names (every stack applies one) with the traits config declares for it.
 * A stack without either, or an environment no config declares, gets the strictest traits: a
 * construct never relaxes a default because it could not tell where it runs.
 */
export function stackEnvironment(scope: IConstruct): StackEnvironment {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return UNDECLARED_ENVIRONMENT;
  }
  const declared = (stack as unknown as Record<symbol, StackEnvironment | undefined>)[DECLARED];
  if (declared !== undefined) return declared;
  const pack = Aspects.of(stack).all.find((a) => (a as { [RULE_PACK_MARKER]?: boolean })[RULE_PACK_MARKER] === true) as { environment?: unknown } | undefined;
  const environment = typeof pack?.environment === "string" ? pack.environment : undefined;
  return environment === undefined ? UNDECLARED_ENVIRONMENT : { environment, ...environmentTraits(environment) };
}
