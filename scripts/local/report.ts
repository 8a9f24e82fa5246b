import type { LocalFunction } from "./functions";
import { grantedActions } from "./iam-check";
import type { Usage } from "./usage";

/** Per function: what its code used, and what its policy grants that it never used. */
export interface FunctionReport {
  readonly functionName: string;
  readonly invoked: boolean;
  /** Action to the resources it was allowed on. */
  readonly used: Readonly<Record<string, readonly string[]>>;
  /**
   * Granted to the code, observable here (the emulated services answer that action), and never
   * called: candidates to remove.
   */
  readonly unused: readonly string[];
  /**
   * Granted to the code but not observable here (a service or an operation that is not emulated):
   * this run cannot tell whether the code needs it, so nothing is advised.
   */
  readonly notEmulated: readonly string[];
  /** Granted for the Lambda service itself (logs, traces, dead-letter queue, event sources): not counted. */
  readonly serviceGrants: readonly string[];
  readonly refused: readonly { readonly action: string; readonly resource: string; readonly reason: string }[];
  readonly notEvaluated: readonly string[];
}

/**
 * `observable` lists the actions the emulated services answer (`dynamodb:GetItem`, ...): only
 * those can be "never called"; any other grant is "not emulated", never a candidate to remove.
 */
export function leastPrivilegeReport(functions: readonly LocalFunction[], usage: Usage, observable: ReadonlySet<string> = new Set()): FunctionReport[] {
  const observableLower = new Set([...observable].map((a) => a.toLowerCase()));
  return functions.map((fn) => {
    const used = usage.usedBy(fn.functionName);
    const byService = usage.usedByService(fn.functionName);
    const serviceGrants = new Set<string>();
    const codeGrants = new Set<string>();
    for (const { action, resources } of grantedActions(fn.role.policies)) {
      const declaredForService = resources.length > 0 && resources.every((r) => fn.serviceUses.some((use) => sameAction(use.actions, action) && covers(r, use.resource)));
      const observedForService = [...byService.keys()].some((a) => actionMatches(action, a));
      (declaredForService || observedForService ? serviceGrants : codeGrants).add(action);
    }
    // A refused call was still made: its grant is wrong, not unused (the REFUSED line says why).
    const refused = usage.refusedFor(fn.functionName);
    const calledActions = [...used.keys(), ...refused.map((r) => r.action), ...usage.notEmulatedFor(fn.functionName)];
    const uncalled = [...codeGrants].filter((granted) => !calledActions.some((u) => actionMatches(granted, u)));
    const isObservable = (action: string) => !/[*?]/.test(action) && observableLower.has(action.toLowerCase());
    return {
      functionName: fn.functionName,
      invoked: usage.wasInvoked(fn.functionName),
      used: Object.fromEntries([...used].map(([action, resources]) => [action, [...resources].sort()])),
      unused: uncalled.filter(isObservable).sort(),
      notEmulated: [...new Set([...uncalled.filter((a) => !isObservable(a)), ...usage.notEmulatedFor(fn.functionName)])].sort(),
      serviceGrants: [...serviceGrants].sort(),
      refused: distinct(refused),
      notEvaluated: fn.role.notEvaluated,
    };
  });
}

export function renderReport(stack: string, reports: readonly FunctionReport[]): string {
  const lines = [`least-privilege report for ${stack} (what the code called while running locally):`];
  for (const r of reports) {
    lines.push(`  ${r.functionName}${r.invoked ? "" : " (not invoked: its grants were not exercised)"}`);
    for (const [action, resources] of Object.entries(r.used)) lines.push(`    used     ${action} on ${resources.join(", ")}`);
    if (r.invoked) lines.push(r.unused.length === 0 ? "    unused   none" : `    unused   ${r.unused.join(", ")} (granted, never called: candidates to remove)`);
    if (r.notEmulated.length > 0) lines.push(`    not emulated: ${r.notEmulated.join(", ")} (cannot be observed locally: no advice)`);
    for (const refused of r.refused) lines.push(`    REFUSED  ${refused.action} on ${refused.resource}: ${refused.reason}`);
    for (const note of r.notEvaluated) lines.push(`    not evaluated: ${note}`);
  }
  return lines.join("\n");
}

function distinct<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sameAction(actions: readonly string[], action: string): boolean {
  return actions.some((a) => a.toLowerCase() === action.toLowerCase());
}

/** Whether a policy resource is the service's resource (or its `:*` form for log groups). */
function covers(policyResource: string, serviceResource: string): boolean {
  return policyResource === serviceResource || `${policyResource}:*` === serviceResource || policyResource === `${serviceResource}:*`;
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return regex.test(action);
}
