import type { Check, Schema } from "./schema";

/**
 * A schema whose check is code: for values no combinator describes (a JSON document with a size limit,
 * a string or an object, a list checked by a shared validator). `check` records its problems on `c.v`
 * at `prop` (and below); it is called for every value but undefined. `T` is the type the prop has.
 */
export function custom<T>(description: string, check: (c: Check, prop: string, value: unknown) => void, options: { readonly missing?: string } = {}): Schema<T> {
  return {
    kind: "custom",
    description,
    missing: options.missing,
    check(c, prop, value) {
      if (value !== undefined) check(c, prop, value);
    },
  };
}
