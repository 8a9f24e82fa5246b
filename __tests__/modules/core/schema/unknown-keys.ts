import { at, EitherSchema, ListSchema, ObjectSchema, objectSchemas, RecordSchema, VariantsSchema, type Alternative, type Fields, type Schema } from "../../../../modules/core/schema";
import { DependentSchema } from "../../../../modules/core/schema/dependent";
import { ValidationError, type ValidationProblem } from "../../../../modules/core/validation";

type AnyObjectSchema = ObjectSchema<Fields, unknown>;

/** One object found in a value, with the schema that describes it and where it is. */
export interface ObjectAt {
  readonly path: string;
  readonly schema: AnyObjectSchema;
}

/** Every plain object of `value` that `schema` describes as an object, however deep, with its path (`events[2]`, `secrets.TOKEN`). */
export function objectsIn(schema: Schema<unknown>, value: unknown, path = ""): ObjectAt[] {
  if (value === undefined || value === null) return [];
  if (schema instanceof DependentSchema) return [];
  if (schema instanceof VariantsSchema) {
    const tag = (value as Record<string, unknown>)[schema.key];
    const member = (schema.members as Record<string, Schema<unknown>>)[tag as string];
    return member ? objectsIn(member, value, path) : [];
  }
  if (schema instanceof EitherSchema) {
    const alternative = (schema.alternatives as readonly Alternative<Schema<unknown>>[]).find((a) => a.when(value));
    return alternative ? objectsIn(alternative.schema, value, path) : [];
  }
  if (schema instanceof ListSchema) return Array.isArray(value) ? value.flatMap((item, i) => objectsIn(schema.item, item, at(path, i))) : [];
  if (schema instanceof RecordSchema) return Object.entries(value as object).flatMap(([k, item]) => objectsIn(schema.value, item, at(path, k)));
  if (schema instanceof ObjectSchema && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
    const object = value as Record<string, unknown>;
    const fields = schema.fields as Fields;
    return [{ path, schema: schema as AnyObjectSchema }, ...schema.keys.flatMap((key) => objectsIn(fields[key].schema, object[key], at(path, key)))];
  }
  return [];
}

/** The object schemas of `root` that `values` (valid ones, covering every nested object) leave out: none, or the test is incomplete. */
export function uncovered(root: Schema<unknown>, values: readonly unknown[]): string[] {
  const reached = new Set(values.flatMap((v) => objectsIn(root, v).map((o) => o.schema)));
  return objectSchemas(root)
    .filter((s) => !reached.has(s))
    .map((s) => s.description);
}

/** A deep copy of plain objects and lists; constructs and other class instances are kept as they are. */
export function copyKeepingConstructs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyKeepingConstructs) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyKeepingConstructs(v)])) as T;
  }
  return value;
}

/** `value` with `key: extra` added to the object at `path`. */
export function withKeyAt(value: unknown, path: string, key: string, extra: unknown): unknown {
  const copy = copyKeepingConstructs(value);
  let target = copy as Record<string, unknown>;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) target = target[part] as Record<string, unknown>;
  target[key] = extra;
  return copy;
}

/** The problems `build` throws, as a ValidationError. */
export function problemsOf(build: () => unknown): readonly ValidationProblem[] {
  try {
    build();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}
