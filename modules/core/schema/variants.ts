import { oneOf } from "../rules";
import type { ObjectSchema } from "./object";
import { isObjectValue, isSkipped, type Check, type Fields, type Schema, type TypeOf } from "./schema";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObjectSchema = ObjectSchema<Fields, any>;

/**
 * The schema of a union of object schemas told apart by one key (`type`): a value whose key names no
 * member is refused on that key (`events[0].type: must be one of "sqs", ...`), others are checked by
 * their member's schema (its own keys only).
 */
export function variants<M extends Readonly<Record<string, AnyObjectSchema>>>(key: string, members: M, options: { readonly expected: string }): VariantsSchema<M> {
  return new VariantsSchema(key, members, options.expected);
}

export class VariantsSchema<M extends Readonly<Record<string, AnyObjectSchema>>> implements Schema<TypeOf<M[keyof M]>> {
  declare readonly __type?: TypeOf<M[keyof M]>;
  public readonly kind = "variants" as const;
  public readonly missing: string;
  private readonly byValue: ReadonlyMap<string, AnyObjectSchema>;
  private readonly keyRule: string;

  constructor(
    /** The key that tells the members apart. */
    public readonly key: string,
    public readonly members: M,
    public readonly description: string,
  ) {
    this.byValue = new Map(Object.entries(members));
    this.keyRule = oneOf(Object.keys(members)).description;
    this.missing = description;
  }

  public check(c: Check, prop: string, value: unknown): void {
    if (isSkipped(value)) return;
    if (!isObjectValue(value)) {
      c.v.fail(prop, this.description, value);
      return;
    }
    const tag = value[this.key];
    const member = typeof tag === "string" ? this.byValue.get(tag) : undefined;
    if (member === undefined) {
      c.v.fail(`${prop}.${this.key}`, this.keyRule, tag);
      return;
    }
    member.checkObject(c, prop, value);
  }
}
