import type { Check, Schema, SchemaKind, TypeOf } from "./schema";

/** One shape a value may take: `when` tells it apart, `schema` checks it. */
export interface Alternative<S extends Schema<unknown>> {
  readonly when: (value: unknown) => boolean;
  readonly schema: S;
}

/**
 * The schema of a value that takes one of several shapes (`false`, an object of settings or a list of
 * policies): the first alternative whose `when` holds checks the value; a value no alternative takes
 * is refused with `description`.
 */
export function either<A extends readonly Alternative<Schema<unknown>>[]>(description: string, alternatives: A): EitherSchema<A> {
  return new EitherSchema(description, alternatives);
}

export class EitherSchema<A extends readonly Alternative<Schema<unknown>>[]> implements Schema<TypeOf<A[number]["schema"]>> {
  declare readonly __type?: TypeOf<A[number]["schema"]>;
  public readonly kind: SchemaKind = "either";

  constructor(
    public readonly description: string,
    public readonly alternatives: A,
  ) {}

  public check(c: Check, prop: string, value: unknown): void {
    if (value === undefined) return;
    const alternative = this.alternatives.find((a) => a.when(value));
    if (alternative === undefined) c.v.fail(prop, this.description, value);
    else alternative.schema.check(c, prop, value);
  }
}
