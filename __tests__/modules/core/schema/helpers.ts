import type { IConstruct } from "constructs";
import type { Schema } from "../../../../modules/core/schema";
import { Validator, type ValidationProblem } from "../../../../modules/core/validation";

/** The problems `schema` finds in `value` at `prop`, as [prop, rule, received]. */
export function problems(schema: Schema<unknown>, value: unknown, prop = "p", scope?: IConstruct): [string, string, unknown][] {
  const v = new Validator("Thing props", "stack/thing");
  schema.check({ v, scope, kind: "Thing props" }, prop, value);
  return rows(v);
}

/** The problems recorded on `v`, as [prop, rule, received]. */
export function rows(v: Validator): [string, string, unknown][] {
  try {
    v.throwIfInvalid();
    return [];
  } catch (e) {
    return (e as { problems: ValidationProblem[] }).problems.map((p) => [p.prop, p.rule, p.received]);
  }
}
