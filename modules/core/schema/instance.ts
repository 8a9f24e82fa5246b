import { checkSameStack, stackOfConstruct } from "../same-stack";
import { receivedInstead } from "../validation";
import type { Check, Schema } from "./schema";

/**
 * The schema of a construct given as a prop (`target: ServerlessFunction`): anything else is refused
 * with `description`, showing what was given (the value, or its class: `a LambdaLayer`). With
 * `sameStack`, a construct of another stack than the one whose props these are is refused too (see
 * `checkSameStack`): for props wired into IAM or an event source, which remote state cannot carry
 * readably.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function instanceOf<C extends abstract new (...args: any[]) => unknown>(
  type: C,
  description: string,
  options: { readonly sameStack?: boolean } = {}
): Schema<InstanceType<C>> {
  return {
    kind: "instance",
    description,
    missing: description,
    check(c: Check, prop: string, value: unknown) {
      if (value === undefined) return;
      if (!(value instanceof type))
        c.v.fail(prop, description, receivedInstead(value));
      else if (options.sameStack && c.scope)
        checkSameStack(
          c.v,
          prop,
          c.scope,
          stackOfConstruct(value),
          (value as { node: { path: string } }).node.path
        );
    },
  };
}
