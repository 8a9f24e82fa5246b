import { toSchema, type Check, type Schema, type SchemaLike } from "./schema";

/**
 * The schema of a prop whose rule depends on the other props of its object (a stream's ARN on the
 * event's `type`, `promotedFrom` on `environment`): the object schema asks `select` for the schema of
 * the value, given the object as it was received (its other props unchecked: test their types).
 */
export class DependentSchema<T> implements Schema<T> {
  declare readonly __type?: T;
  public readonly kind = "custom" as const;

  constructor(
    public readonly description: string,
    private readonly select: (parent: Readonly<Record<string, unknown>>) => SchemaLike<T>,
  ) {}

  /** The schema of the value in `parent`. */
  public within(parent: Readonly<Record<string, unknown>>): Schema<T> {
    return toSchema(this.select(parent));
  }

  /** Outside an object there is no rule to pick: nothing is checked. */
  public check(_c: Check, _prop: string, _value: unknown): void {}
}

/** A prop whose rule depends on the other props of its object: see `DependentSchema`. */
export function dependent<T>(description: string, select: (parent: Readonly<Record<string, unknown>>) => SchemaLike<T>): DependentSchema<T> {
  return new DependentSchema(description, select);
}
