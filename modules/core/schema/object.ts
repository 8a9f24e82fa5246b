import { DependentSchema } from "./dependent";
import { Refinement } from "./refinement";
import { checkField, isObjectValue, isSkipped, type Check, type Fields, type FieldsType, type Schema } from "./schema";

export interface ObjectOptions<T> {
  /**
   * What the value must be, said when it is not an object (and when a required one is absent).
   * @default its fields, `{ subnetIds, securityGroupIds?, vpcId? }`
   */
  readonly expected?: string;
  /**
   * Rules across fields ("exactly one code source", "at most maxInstances"), run after every field was
   * checked, whatever they found: a field may hold anything, so test its type before using it.
   */
  readonly refine?: (value: T, r: Refinement) => void;
}

/**
 * The schema of an object with known props: anything else (`null`, a list, a string) is refused as a
 * whole, and so is every key it does not know (a misspelt or other-cloud prop would otherwise be
 * dropped silently, since synth does not type-check), then each field is checked, then `refine`.
 */
export class ObjectSchema<F extends Fields, T = FieldsType<F>> implements Schema<T> {
  declare readonly __type?: T;
  public readonly kind = "object" as const;
  /** The props, in the order the schema declares them (the order of the messages and of the docs). */
  public readonly keys: readonly string[];
  public readonly description: string;
  public readonly missing: string;
  // Typed loosely: a refinement of T must not make the schema invariant in T.
  private readonly refineValue?: (value: never, r: Refinement) => void;

  constructor(
    public readonly fields: F,
    options: ObjectOptions<T> = {},
  ) {
    this.keys = Object.keys(fields);
    this.description = options.expected ?? `{ ${this.keys.map((k) => (fields[k].optional ? `${k}?` : k)).join(", ")} }`;
    this.missing = this.description;
    this.refineValue = options.refine as ((value: never, r: Refinement) => void) | undefined;
  }

  public check(c: Check, prop: string, value: unknown): void {
    if (isSkipped(value)) return;
    if (!isObjectValue(value)) {
      c.v.fail(prop, this.description, value);
      return;
    }
    this.checkObject(c, prop, value);
  }

  /** Checks an object known to be one: unknown keys, then each field, then the refinement. */
  public checkObject(c: Check, prop: string, value: Record<string, unknown>): void {
    this.checkKeys(c, prop, value);
    this.checkFields(c, prop, value);
  }

  /** Refuses every key the schema does not know. */
  protected checkKeys(c: Check, prop: string, value: Record<string, unknown>): void {
    c.v.onlyKnownKeys(prop, value, this.keys);
  }

  /** Checks each field, then the refinement. */
  protected checkFields(c: Check, prop: string, value: Record<string, unknown>): void {
    for (const key of this.keys) {
      const field = this.fields[key];
      const schema = field.schema instanceof DependentSchema ? field.schema.within(value) : field.schema;
      checkField(c, prop ? `${prop}.${key}` : key, field, schema, value[key]);
    }
    this.refineValue?.(value as never, new Refinement(c, prop));
  }

  /**
   * The same schema typed as `N`, a named interface derived from it
   * (`interface VpcProps extends TypeOf<typeof VPC> {}`), so that the props that hold it show the
   * name. `N` must be the same type: the compiler refuses any other.
   */
  public named<N extends T>(..._same: [T] extends [N] ? [] : [never]): ObjectSchema<F, N> {
    return this as unknown as ObjectSchema<F, N>;
  }
}

/** The schema of a nested object (`vpc`, `cors`, an event source): see `ObjectSchema`. */
export function object<F extends Fields>(fields: F, options: ObjectOptions<FieldsType<F>> = {}): ObjectSchema<F> {
  return new ObjectSchema(fields, options);
}
