import { Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { environmentTraits, UNDECLARED_ENVIRONMENT, type EnvironmentTraits } from "./environment-traits";
import { RULE_PACK_MARKER } from "./rule-pack/rule-pack-aspect";

/** The environment a stack is built for, and what its config declares it to be. */
export interface StackEnvironment extends EnvironmentTraits {
  /** The environment's name, when the stack has a rule pack that names it. */
  readonly environment?: string;
}

/**
 * The environment of `scope`'s stack, as its rule pack names it (every service stack applies one
 * with its config's environment before it adds a resource), and that environment's declared traits.
 * A stack without a rule pack, or an environment no config declares, gets the strictest traits: a
 * construct never relaxes a default because it could not tell where it runs.
 */
export function stackEnvironment(scope: IConstruct): StackEnvironment {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return UNDECLARED_ENVIRONMENT;
  }
  const pack = Aspects.of(stack).all.find((a) => (a as { [RULE_PACK_MARKER]?: boolean })[RULE_PACK_MARKER] === true) as { environment?: unknown } | undefined;
  const environment = typeof pack?.environment === "string" ? pack.environment : undefined;
  return environment === undefined ? UNDECLARED_ENVIRONMENT : { environment, ...environmentTraits(environment) };
}
