import { cidrContains } from "../../../modules/core/cidr";

/*
 * Content filtering as EventBridge rules, SNS filter policies and Lambda event filters share it:
 * a pattern is an object whose leaves are lists of matchers; a field matches when one matcher
 * matches its value (or, for a list value, one of its elements); every key must match; `$or`
 * lists alternatives. Matchers: literal strings, numbers, booleans and null; `prefix`, `suffix`
 * (also with `equals-ignore-case`), `equals-ignore-case`, `wildcard`, `anything-but` (a value,
 * a list, or a prefix / suffix / wildcard / equals-ignore-case), `numeric` (comparisons and
 * ranges), `exists`, `cidr`.
 */

type Json = Record<string, unknown>;

/** A pattern that cannot be evaluated: said when the stack is read, never treated as "matches". */
export class PatternError extends Error {}

export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!pattern || typeof pattern !== "object" || Array.isArray(pattern)) throw new PatternError(`a pattern must be an object, got ${JSON.stringify(pattern)}`);
  const object = event && typeof event === "object" && !Array.isArray(event) ? (event as Json) : {};
  for (const [key, value] of Object.entries(pattern as Json)) {
    if (key === "$or") {
      if (!Array.isArray(value) || value.length < 2) throw new PatternError(`$or needs a list of at least two patterns, got ${JSON.stringify(value)}`);
      if (!value.some((alternative) => matchesPattern(alternative, object))) return false;
      continue;
    }
    const present = Object.prototype.hasOwnProperty.call(object, key);
    const field = object[key];
    if (Array.isArray(value)) {
      if (!matchesField(value, field, present)) return false;
    } else if (value && typeof value === "object") {
      const values = Array.isArray(field) ? field : [field];
      if (!values.some((v) => matchesPattern(value, v && typeof v === "object" ? v : {}))) return false;
    } else {
      throw new PatternError(`the value of ${key} must be a list of matchers or an object, got ${JSON.stringify(value)}`);
    }
  }
  return true;
}

function matchesField(matchers: readonly unknown[], field: unknown, present: boolean): boolean {
  const values = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const leaves = values.filter((v) => v === null || typeof v !== "object");
  return matchers.some((matcher) => {
    if (matcher !== null && typeof matcher === "object" && !Array.isArray(matcher)) {
      const m = matcher as Json;
      if ("exists" in m) return m.exists === true ? present && leaves.length > 0 : !present;
      if ("anything-but" in m) return leaves.length > 0 && leaves.some((v) => !anythingBut(m["anything-but"], v));
      return leaves.some((v) => operator(m, v));
    }
    if (Array.isArray(matcher)) throw new PatternError(`a matcher cannot be a list: ${JSON.stringify(matcher)}`);
    return leaves.some((v) => equal(matcher, v));
  });
}

function equal(matcher: unknown, value: unknown): boolean {
  if (typeof matcher === "number" && typeof value === "number") return matcher === value;
  return matcher === value;
}

/** Whether `value` is one of what `anything-but` excludes. */
function anythingBut(excluded: unknown, value: unknown): boolean {
  if (Array.isArray(excluded)) return excluded.some((e) => equal(e, value));
  if (excluded !== null && typeof excluded === "object") return operator(excluded as Json, value);
  return equal(excluded, value);
}

function operator(m: Json, value: unknown): boolean {
  const [name, ...others] = Object.keys(m);
  if (others.length > 0) throw new PatternError(`a matcher has one operator, got ${JSON.stringify(m)}`);
  const arg = m[name];
  const text = typeof value === "string" ? value : undefined;
  switch (name) {
    case "prefix":
    case "suffix": {
      if (text === undefined) return false;
      const ignoreCase = arg !== null && typeof arg === "object" && "equals-ignore-case" in (arg as Json);
      const want = String(ignoreCase ? (arg as Json)["equals-ignore-case"] : arg);
      const [a, b] = ignoreCase ? [text.toLowerCase(), want.toLowerCase()] : [text, want];
      return name === "prefix" ? a.startsWith(b) : a.endsWith(b);
    }
    case "equals-ignore-case":
      return text !== undefined && text.toLowerCase() === String(arg).toLowerCase();
    case "wildcard":
      return text !== undefined && wildcard(String(arg)).test(text);
    case "numeric":
      return typeof value === "number" && numeric(arg, value);
    case "cidr":
      return text !== undefined && cidrContains(String(arg), text);
    default:
      throw new PatternError(`unknown matcher ${name} in ${JSON.stringify(m)}`);
  }
}

function numeric(conditions: unknown, value: number): boolean {
  if (!Array.isArray(conditions) || conditions.length % 2 !== 0 || conditions.length === 0) throw new PatternError(`numeric needs operator/number pairs, got ${JSON.stringify(conditions)}`);
  for (let i = 0; i < conditions.length; i += 2) {
    const op = conditions[i];
    const n = Number(conditions[i + 1]);
    const ok = op === "=" ? value === n : op === "<" ? value < n : op === "<=" ? value <= n : op === ">" ? value > n : op === ">=" ? value >= n : undefined;
    if (ok === undefined) throw new PatternError(`unknown numeric operator ${JSON.stringify(op)}`);
    if (!ok) return false;
  }
  return true;
}

/** `*` matches any run of characters; `\*` is a literal star. */
function wildcard(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && pattern[i + 1] === "*") {
      source += "\\*";
      i++;
    } else if (c === "*") source += ".*";
    else source += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}

/** SNS message attributes as a filter policy sees them: strings, numbers, string arrays. */
export function snsAttributesForFilter(attributes: Readonly<Record<string, { readonly Type: string; readonly Value: string }>>): Json {
  const out: Json = {};
  for (const [name, { Type, Value }] of Object.entries(attributes)) {
    if (Type === "Number") out[name] = Number(Value);
    else if (Type === "String.Array") {
      try {
        const parsed = JSON.parse(Value) as unknown;
        out[name] = Array.isArray(parsed) ? parsed : Value;
      } catch {
        out[name] = Value;
      }
    } else if (Type === "String") out[name] = Value;
  }
  return out;
}
