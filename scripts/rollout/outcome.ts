/** How one function's or service's rollout ended. */
export type RolloutOutcome =
  /** Nothing to shift: traffic already is where apply left the new version or revision. */
  | { readonly status: "unchanged"; readonly detail: string }
  /** Traffic moved as the rollout asked. */
  | { readonly status: "shifted"; readonly detail: string }
  /** Traffic went back to the previous version or revision (alarm, failed hook, probe, stop). */
  | { readonly status: "rolled-back"; readonly detail: string }
  /** The rollout could not run or finish; traffic is where the detail says. */
  | { readonly status: "failed"; readonly detail: string };

/** The exit code of a whole rollout: 0 only when every part shifted or had nothing to shift. */
export function exitCode(outcomes: readonly RolloutOutcome[]): number {
  return outcomes.every((o) => o.status === "unchanged" || o.status === "shifted") ? 0 : 1;
}
