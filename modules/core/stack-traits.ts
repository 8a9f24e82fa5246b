import { Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { environmentTraits, UNDECLARED_ENVIRONMENT, type EnvironmentTraits } from "./environment-traits";
import { RULE_PACK_MARKER } from "./rule-pack/rule-pack-aspect";

/** The environment a construct's stack is in, and what its config declares about it. */
export interface StackTraits extends EnvironmentTraits {
  /** The environment's name, as the stack's rule pack names it; undefined when the stack has none. */
  readonly environment?: string;
}

/**
 * The traits of the environment `scope`'s stack belongs to: the environment its rule pack runs for
 * (`ServiceStack` applies it first, with its config's environment), as that environment's config
 * declares it. A stack with no rule pack yet, or one whose environment no config declares, gets the
 * strictest traits, as an undeclared environment does: a construct never relaxes a default because
 * it could not tell where it is.
 */
export function stackTraits(scope: IConstruct): StackTraits {
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

/**
 * Whether an environment is watched by default (alarms, alert policies): "outside dev", said by the
 * traits and never by the name: a protected environment, or one whose rule-pack findings fail synth.
 * Only an unprotected, warn-only environment (a development one) is not.
 */
export function watchedByDefault(traits: EnvironmentTraits): boolean {
  return traits.protected || traits.rulePackSeverity !== "warn";
}
