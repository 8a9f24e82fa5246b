import { DependentSchema } from "./dependent";
import { EitherSchema, type Alternative } from "./either";
import { ListSchema } from "./list";
import { ObjectSchema } from "./object";
import { RecordSchema } from "./record";
import type { Fields, Schema } from "./schema";
import { VariantsSchema } from "./variants";

/** How a nested schema is reached from its parent: a prop, a list's items, a map's values, a variant, an alternative. */
export type SchemaStep =
  | { readonly kind: "field"; readonly key: string; readonly optional: boolean }
  | { readonly kind: "item" }
  | { readonly kind: "value" }
  | { readonly kind: "variant"; readonly tag: string }
  | { readonly kind: "alternative"; readonly index: number };

/** The schemas a schema holds, one step down (the docs and the tests walk props with it). */
export function childSchemas(schema: Schema<unknown>): { readonly step: SchemaStep; readonly schema: Schema<unknown> }[] {
  if (schema instanceof ObjectSchema) {
    const fields = schema.fields as Fields;
    return schema.keys.map((key) => ({ step: { kind: "field", key, optional: fields[key].optional }, schema: fields[key].schema }));
  }
  if (schema instanceof ListSchema) return [{ step: { kind: "item" }, schema: schema.item }];
  if (schema instanceof RecordSchema) return [{ step: { kind: "value" }, schema: schema.value }];
  if (schema instanceof VariantsSchema) {
    return Object.entries(schema.members as Record<string, Schema<unknown>>).map(([tag, member]) => ({ step: { kind: "variant", tag }, schema: member }));
  }
  if (schema instanceof EitherSchema) return (schema.alternatives as readonly Alternative<Schema<unknown>>[]).map((a, index) => ({ step: { kind: "alternative", index }, schema: a.schema }));
  if (schema instanceof DependentSchema) return [];
  return [];
}

/** Every object schema reachable from `root` (itself included), each once. */
export function objectSchemas(root: Schema<unknown>): ObjectSchema<Fields, unknown>[] {
  const found = new Set<ObjectSchema<Fields, unknown>>();
  const seen = new Set<Schema<unknown>>();
  const visit = (schema: Schema<unknown>): void => {
    if (seen.has(schema)) return;
    seen.add(schema);
    if (schema instanceof ObjectSchema) found.add(schema as ObjectSchema<Fields, unknown>);
    for (const child of childSchemas(schema)) visit(child.schema);
  };
  visit(root);
  return [...found];
}
