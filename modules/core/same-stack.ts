import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { Validator } from "./validation";

/**
 * Refuses, at `prop`, a resource of another stack where a construct wires it into IAM or an event
 * source (a grant, an event, a secret, a route's function). cdktf carries such a value across stacks
 * through the other stack's remote state, which no guardrail can read: the rule pack would judge the
 * statement "cannot verify" in every environment, far from the call that made it. Said here instead,
 * with both stacks named.
 */
export function checkSameStack(v: Validator, prop: string, scope: IConstruct, theirs: TerraformStack | undefined, what: string): void {
  if (theirs === undefined) return;
  const mine = TerraformStack.of(scope);
  if (theirs === mine) return;
  v.fail(
    prop,
    `a resource of ${mine.node.path}, the stack of ${scope.node.path} (another stack's resource reaches it only through remote state, ` +
      "which the rule pack cannot verify in a policy or an event source: create both in one stack, or give the resource's literal ARN)",
    `${what} of stack ${theirs.node.path}`,
  );
}

/** The stack of a construct, or undefined for anything else. */
export function stackOfConstruct(value: unknown): TerraformStack | undefined {
  if (typeof value !== "object" || value === null || !("node" in value)) return undefined;
  try {
    return TerraformStack.of(value as IConstruct);
  } catch {
    return undefined;
  }
}
