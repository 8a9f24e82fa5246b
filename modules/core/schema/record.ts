import type { Rule } from "../validation";
import { Refinement } from "./refinement";
import { isObjectValue, isSkipped, toSchema, type Check, type Schema, type SchemaLike, type TypeOf } from "./schema";

export interface RecordOptions<V> {
  /** What the value must be, said when it is not an object: `a map of names to string values`. */
  readonly expected: string;
  /** What every key must be, checked at `<prop> key` (`environment key`). @default any key */
  readonly key?: Rule<string>;
  /** Rules across entries (reserved names, a size limit), run after every entry was checked. */
  readonly refine?: (value: Readonly<Record<string, V>>, r: Refinement) => void;
}

/** The schema of a map of names to values (`environment`, `secrets`): each key against `key`, each value at `<prop>.<key>`. */
export function record<S extends Schema<unknown>>(value: S, options: RecordOptions<TypeOf<S>>): RecordSchema<S>;
export function record<V>(value: Rule<V>, options: RecordOptions<V>): RecordSchema<Schema<V>>;
export function record(value: SchemaLike<unknown>, options: RecordOptions<unknown>): RecordSchema<Schema<unknown>> {
  return new RecordSchema(toSchema(value), options);
}

export class RecordSchema<S extends Schema<unknown>> implements Schema<Readonly<Record<string, TypeOf<S>>>> {
  declare readonly __type?: Readonly<Record<string, TypeOf<S>>>;
  public readonly kind = "record" as const;
  public readonly description: string;
  private readonly refineValue?: (value: never, r: Refinement) => void;

  constructor(
    /** The schema of each value. */
    public readonly value: S,
    private readonly options: RecordOptions<TypeOf<S>>,
  ) {
    this.description = options.expected;
    this.refineValue = options.refine as ((value: never, r: Refinement) => void) | undefined;
  }

  public check(c: Check, prop: string, value: unknown): void {
    if (isSkipped(value)) return;
    if (!isObjectValue(value)) {
      c.v.fail(prop, this.options.expected, value);
      return;
    }
    const key = this.options.key;
    for (const [k, item] of Object.entries(value)) {
      if (key) c.v.check(`${prop} key`, k, key);
      // An entry is never optional: `{ A: undefined }` is refused as what the value must be.
      if (item === undefined) c.v.fail(`${prop}.${k}`, this.value.description, undefined);
      else this.value.check(c, `${prop}.${k}`, item);
    }
    this.refineValue?.(value as never, new Refinement(c, prop));
  }
}
