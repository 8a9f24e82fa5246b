import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { Validator } from "./validation";

// Names claimed so far, per stack: a second function, API or service account with the same name
// would plan fine and fail at apply (or silently share a log group).
const claimed = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Claims `name` for `kind` (e.g. "Lambda function name") in the stack of `scope`, or records a
 * problem on `v` naming the construct that already has it. Unresolved tokens are not claimed.
 */
export function claimUniqueName(v: Validator, scope: IConstruct, kind: string, prop: string, name: unknown): void {
  if (typeof name !== "string" || name.includes("${")) return;
  const stack = TerraformStack.of(scope);
  let names = claimed.get(stack);
  if (!names) {
    names = new Map();
    claimed.set(stack, names);
  }
  const key = `${kind}\u0000${name}`;
  const owner = names.get(key);
  if (owner !== undefined && owner !== scope.node.path) {
    v.fail(prop, `a ${kind} no other construct of the stack uses (${owner} has it)`, name);
    return;
  }
  names.set(key, scope.node.path);
}
