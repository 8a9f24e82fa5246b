/**
 * What an environment is, as its config declares it, rather than what its name suggests: a new
 * production-like environment called `live` gets the same protection as `prod` without being renamed.
 */
export interface EnvironmentTraits {
  /**
   * A protected environment keeps what it holds and is watched: deletion protection on stateful
   * resources, alarms and a rollout strategy (or a reason) for every function, the permissions
   * boundary on every role.
   */
  readonly protected: boolean;
  /** How rule-pack findings are treated: `error` fails synth before anything is written; `warn` writes the stack with warnings. */
  readonly rulePackSeverity: "error" | "warn";
}

/** An environment no config declared is treated as the strictest one: a typo in a name never relaxes anything. */
export const UNDECLARED_ENVIRONMENT: EnvironmentTraits = Object.freeze({ protected: true, rulePackSeverity: "error" });

const declared = new Map<string, EnvironmentTraits>();

/** Called by the config loader for every environment it loads (`config/<env>.ts`). */
export function declareEnvironment(name: string, traits: EnvironmentTraits): void {
  declared.set(name, Object.freeze({ protected: traits.protected, rulePackSeverity: traits.rulePackSeverity }));
}

/** The traits of an environment as its config declares them; the strictest ones when none did. */
export function environmentTraits(name: string): EnvironmentTraits {
  return declared.get(name) ?? UNDECLARED_ENVIRONMENT;
}
