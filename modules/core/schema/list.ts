import { listRule, type Rule } from "../validation";
import { Refinement } from "./refinement";
import { toSchema, type Check, type Schema, type SchemaLike, type TypeOf } from "./schema";

export interface ListOptions<T> {
  /** What the items are, for the message: `"subnet ids"` (`a non-empty list of subnet ids`). */
  readonly of: string;
  /** @default 0 */
  readonly min?: number;
  /** @default no limit */
  readonly max?: number;
  /** Rules across items (duplicates, one source polled twice), run on a list after its items were checked. */
  readonly refine?: (items: readonly T[], r: Refinement) => void;
}

/**
 * The schema of a list: a string (which would be spread into its characters), an object or `null` is
 * refused as such, then the length, then each item against `item` (at `prop[i]`; an undefined item is
 * refused). A list known only to Terraform passes.
 */
export function list<S extends Schema<unknown>>(item: S, options: ListOptions<TypeOf<S>>): ListSchema<S>;
export function list<T>(item: Rule<T>, options: ListOptions<T>): ListSchema<Schema<T>>;
export function list(item: SchemaLike<unknown>, options: ListOptions<unknown>): ListSchema<Schema<unknown>> {
  return new ListSchema(toSchema(item), options);
}

export class ListSchema<S extends Schema<unknown>> implements Schema<readonly TypeOf<S>[]> {
  declare readonly __type?: readonly TypeOf<S>[];
  public readonly kind = "list" as const;
  public readonly description: string;
  private readonly refineItems?: (items: readonly never[], r: Refinement) => void;

  constructor(
    /** The schema of each item. */
    public readonly item: S,
    private readonly options: ListOptions<TypeOf<S>>,
  ) {
    this.description = listRule(options);
    this.refineItems = options.refine as ((items: readonly never[], r: Refinement) => void) | undefined;
  }

  public check(c: Check, prop: string, value: unknown): void {
    const items = c.v.list<unknown>(prop, value, this.options);
    if (items === undefined) return;
    const item = this.item;
    for (let i = 0; i < items.length; i++) {
      // An item is never optional: `[a, undefined]` is refused as what an item must be.
      if (items[i] === undefined) c.v.fail(`${prop}[${i}]`, item.description, undefined);
      else item.check(c, `${prop}[${i}]`, items[i]);
    }
    this.refineItems?.(items as readonly never[], new Refinement(c, prop));
  }
}
