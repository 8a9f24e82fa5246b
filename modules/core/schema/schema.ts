import type { IConstruct } from "constructs";
import { stackContext, type StackContext } from "../stack-context";
import { isUnresolved, type Rule, type Validator } from "../validation";

/**
 * What one check of a value has at hand: the validator that collects the problems of the whole
 * construct (or config file), and the construct whose props are checked (none for config).
 */
export interface Check {
  readonly v: Validator;
  /** The construct whose props these are; undefined when config is checked. */
  readonly scope?: IConstruct;
  /** What is checked, as the error's headline says it: `ServerlessFunction props`, `config`. */
  readonly kind: string;
  /** What the stack's provider of a cloud says (`stackContext(scope, cloud)`), read once per validation. @default read on each call */
  readonly context?: (cloud: keyof StackContext) => StackContext;
}

/** What the stack's provider of `cloud` says, for a check: its memo when it has one; nothing outside a construct (config). */
export function contextOf(c: Check, cloud: keyof StackContext): StackContext {
  return c.context ? c.context(cloud) : c.scope ? stackContext(c.scope, cloud) : {};
}

/** The shape of a schema, for the docs table and for walking nested schemas. */
export type SchemaKind = "rule" | "object" | "list" | "record" | "variants" | "either" | "instance" | "custom";

/**
 * A schema: what values of type `T` look like. It refuses any other value with a problem that names
 * the prop (dotted, with indexes), the rule and the value received, and tells its own rule for the
 * docs. Build schemas with `rule`, `object`, `props`, `list`, `record`, `variants`, `instanceOf` and
 * `custom`; `TypeOf<typeof schema>` is the TypeScript type it accepts.
 */
export interface Schema<T> {
  /** Only for the compiler: the type of the values the schema accepts. Never set. */
  readonly __type?: T;
  readonly kind: SchemaKind;
  /** What an accepted value is, phrased as the error says it: `an integer from 128 to 10240 MB`. */
  readonly description: string;
  /**
   * The rule a required prop breaks when it is absent: undefined for values (`set (it is required)`,
   * and the value is checked too, so `null` and `""` are refused as such); objects and constructs
   * describe themselves instead (`a ServerlessFunction`, `{ vpcId, subnetIds }`).
   */
  readonly missing?: string;
  /** Records on `c.v` every problem of `value`, found at `prop`. Undefined and unresolved tokens pass. */
  check(c: Check, prop: string, value: unknown): void;
}

/** The TypeScript type a schema accepts. */
export type TypeOf<S> = S extends Schema<infer T> ? T : never;

/** A schema, or a bare rule (a predicate and its words), which is a schema of one value. */
export type SchemaLike<T> = Schema<T> | Rule<T>;

/** One prop of an object schema: its schema, and whether it may be left out. */
export interface Field<S extends Schema<unknown>, Optional extends boolean> {
  readonly schema: S;
  readonly optional: Optional;
  /** The rule a required prop breaks when it is undefined, when the schema's own words do not fit. */
  readonly missing?: string;
}

/** The props of an object schema, by name. */
export type Fields = { readonly [key: string]: Field<Schema<unknown>, boolean> };

type FieldType<F> = F extends Field<infer S, boolean> ? TypeOf<S> : never;

/**
 * The object type an object schema's fields describe: readonly props, optional ones with `?`.
 * A homomorphic mapped type, so each prop keeps its declaration in the schema: the doc comment
 * written on a field (with its `@default`) is what an editor shows on the prop.
 */
export type FieldsType<F extends Fields> = Flatten<
  {
    readonly [K in keyof F as F[K] extends Field<Schema<unknown>, true> ? never : K]: FieldType<F[K]>;
  } & {
    readonly [K in keyof F as F[K] extends Field<Schema<unknown>, true> ? K : never]?: FieldType<F[K]>;
  }
>;

/** One object type instead of an intersection (homomorphic: each prop keeps its modifiers and its declaration). */
type Flatten<T> = { [K in keyof T]: T[K] };

/** A required prop: absent, it is refused (`set (it is required)`, or the words of `missing`). */
export function required<S extends Schema<unknown>>(schema: S, options?: { readonly missing?: string }): Field<S, false>;
export function required<T>(rule: Rule<T>, options?: { readonly missing?: string }): Field<Schema<T>, false>;
export function required(schema: SchemaLike<unknown>, options: { readonly missing?: string } = {}): Field<Schema<unknown>, false> {
  return { schema: toSchema(schema), optional: false, missing: options.missing };
}

/** An optional prop: checked when given. */
export function optional<S extends Schema<unknown>>(schema: S): Field<S, true>;
export function optional<T>(rule: Rule<T>): Field<Schema<T>, true>;
export function optional(schema: SchemaLike<unknown>): Field<Schema<unknown>, true> {
  return { schema: toSchema(schema), optional: true };
}

/** A schema of one value checked by a rule (`integerBetween(128, 10240, "MB")`, `oneOf([...])`). */
export function rule<T>(r: Rule<T>): Schema<T> {
  return {
    kind: "rule",
    description: r.description,
    check(c, prop, value) {
      c.v.check(prop, value as T, r);
    },
  };
}

/** The schema of a schema or a bare rule. */
export function toSchema<T>(s: SchemaLike<T>): Schema<T> {
  return "check" in s && typeof s.check === "function" ? s : rule(s as Rule<T>);
}

/** Checks one field of an object: present when required, then its value (`schema` is the field's, picked for its object). */
export function checkField(c: Check, prop: string, field: Field<Schema<unknown>, boolean>, schema: Schema<unknown>, value: unknown): void {
  if (!field.optional) {
    const missing = field.missing ?? schema.missing;
    if (missing !== undefined) {
      if (value === undefined) {
        c.v.fail(prop, missing, undefined);
        return;
      }
    } else c.v.required(prop, value);
  }
  schema.check(c, prop, value);
}

/** `prop` followed by `keys`: `at("events", 0, "queueArn")` is `events[0].queueArn`; `at("", "vpc")` is `vpc`. */
export function at(prop: string, ...keys: readonly (string | number)[]): string {
  let path = prop;
  for (const key of keys) path = typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
  return path;
}

/** True for a plain value that can hold props: an object that is not null, not a list, not a token. */
export function isObjectValue(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True when a value is not checked: absent, or known only to Terraform. */
export function isSkipped(value: unknown): boolean {
  return value === undefined || isUnresolved(value);
}
