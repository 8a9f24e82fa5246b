import { isObject } from "./blocks";
import { classify, type ExpressionKind } from "./classify";
import { asTraversal, type Expression, type Template, type Traversal } from "./syntax";

/**
 * Partial evaluation of Terraform JSON values, in "text form": the result is JSON whose strings
 * are still templates as Terraform JSON writes them. What the model can know is folded in (locals
 * with literal values, literal expressions such as `${"*"}`, the iterator of a `dynamic` block,
 * conversions such as `toset([...])`, data sources whose content is known); a reference to a
 * resource of the stack stays a reference (`${aws_s3_bucket.b.arn}`: an identity the rules read
 * as such); IAM policy variables stay escaped (`$${aws:username}`, `&{aws:username}`). Whatever
 * else Terraform computes stays as written, and is reported with why it cannot be read.
 */

/** The value of an expression: known (in text form), or not, with what and why. */
export type Resolved =
  | { readonly ok: true; readonly value: unknown; readonly reference?: boolean }
  | { readonly ok: false; readonly what: string; readonly why: string };

/** What resolution needs from the stack. */
export interface ResolveScope {
  /** A parsed template (cached by the model). */
  parse(text: string): Template;
  /** The resolved value of `local.<name>`. */
  local(name: string): Resolved;
  /** A reference to a resource, data source, module, remote state, variable or meta value. */
  reference(kind: ExpressionKind, source: string): Resolved;
  /** Iterator bindings of `dynamic` blocks being expanded: name -> { key, value }. */
  readonly iterators?: ReadonlyMap<string, { readonly key: unknown; readonly value: unknown }>;
}

/** Where a value could not be read: the path inside the value and why. */
export interface UnknownAt {
  readonly path: string;
  readonly what: string;
  readonly why: string;
}

/** Lists that are sets (`toset(...)`): a `dynamic` block over one iterates with key = value. */
export const markSet = new WeakSet<unknown[]>();

/** Text as Terraform JSON writes it: `${` and `%{` of literal text escaped. */
export function escapeText(text: string): string {
  // A function as replacement: in a replacement string, `$$` would mean one `$`.
  return text.includes("${") || text.includes("%{") ? text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{") : text;
}

/** A literal value (from an expression) in text form: its strings escaped, at every level. */
function toText(value: unknown): unknown {
  if (typeof value === "string") return escapeText(value);
  if (Array.isArray(value)) return value.map(toText);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toText(v)]));
  return value;
}

/**
 * Resolves every string of a value; `unknowns` collects what could not be read, with its path. A
 * list or object in which nothing changes is returned as it is (no copy): most of a stack is
 * literal, and synth should not pay for copying it.
 */
export function resolveValue(value: unknown, scope: ResolveScope, path: string, unknowns: UnknownAt[]): unknown {
  if (typeof value === "string") return resolveString(value, scope, path, unknowns);
  if (!needsResolution(value)) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = resolveValue(value[i], scope, `${path}[${i}]`, unknowns);
      if (v !== value[i] && !out) out = value.slice(0, i);
      if (out) out.push(v);
    }
    return out ?? value;
  }
  if (isObject(value)) {
    let out: Record<string, unknown> | undefined;
    const entries = Object.entries(value);
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i];
      if (k === "//") {
        out ??= Object.fromEntries(entries.slice(0, i));
        continue;
      }
      if (k.includes("${") || k.includes("%{")) unknowns.push({ path: join(path, k), what: k, why: "a key Terraform computes" });
      const r = resolveValue(v, scope, join(path, k), unknowns);
      if (r !== v && !out) out = Object.fromEntries(entries.slice(0, i));
      if (out) out[k] = r;
    }
    return out ?? value;
  }
  return value;
}

/** True when a value holds template syntax or `//` metadata somewhere: else it is returned as it is, unwalked. */
export function needsResolution(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${") || value.includes("%{");
  if (Array.isArray(value)) {
    for (const v of value) if (needsResolution(v)) return true;
    return false;
  }
  if (isObject(value)) {
    for (const k in value) if (k === "//" || k.includes("${") || k.includes("%{") || needsResolution(value[k])) return true;
    return false;
  }
  return false;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * One string: `"${x}"` alone becomes x's value (a list stays a list); in a longer template each
 * known scalar is written in, and everything else stays as written.
 */
export function resolveString(text: string, scope: ResolveScope, path: string, unknowns: UnknownAt[]): unknown {
  if (!text.includes("${") && !text.includes("%{")) return text;
  const { parts } = scope.parse(text);
  if (parts.length === 1 && parts[0].kind === "interpolation") {
    const r = evaluate(parts[0].expression, scope, parts[0].source);
    // A reference alone stays as it is written.
    if (r.ok && r.reference) return text;
    if (r.ok) return r.value;
    unknowns.push({ path, what: `\${${parts[0].source}}`, why: r.why });
    return text;
  }
  let out = "";
  for (const part of parts) {
    switch (part.kind) {
      case "text":
        out += escapeText(part.text);
        break;
      case "interpolation": {
        const r = evaluate(part.expression, scope, part.source);
        if (r.ok && (typeof r.value === "string" || typeof r.value === "number" || typeof r.value === "boolean")) out += String(r.value);
        else {
          if (!r.ok) unknowns.push({ path, what: `\${${part.source}}`, why: r.why });
          else unknowns.push({ path, what: `\${${part.source}}`, why: "a list or object written into text (Terraform refuses it)" });
          out += `\${${part.source}}`;
        }
        break;
      }
      case "directive":
        unknowns.push({ path, what: `%{${part.source}}`, why: "a template directive: Terraform computes the text" });
        out += `%{${part.source}}`;
        break;
      case "invalid":
        unknowns.push({ path, what: `\${${part.source}`, why: `not an expression Terraform can parse (${part.error})` });
        out += `\${${part.source}}`;
        break;
    }
  }
  return out;
}

/** The value of an expression in text form, or why it is not known. */
export function evaluate(expression: Expression, scope: ResolveScope, source: string): Resolved {
  switch (expression.type) {
    case "literal":
      return { ok: true, value: toText(expression.value) };
    case "template": {
      let out = "";
      for (const part of expression.template.parts) {
        if (part.kind === "text") out += escapeText(part.text);
        else if (part.kind === "interpolation") {
          const r = evaluate(part.expression, scope, part.source);
          if (!r.ok) return r;
          if (typeof r.value === "object" && r.value !== null) return unknown(source, "a list or object written into text");
          out += String(r.value);
        } else return unknown(source, "a template directive: Terraform computes the text");
      }
      return { ok: true, value: out };
    }
    case "tuple": {
      const items: unknown[] = [];
      for (const item of expression.items) {
        const r = evaluate(item, scope, source);
        if (!r.ok) return r;
        items.push(r.value);
      }
      return { ok: true, value: items };
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const item of expression.items) {
        // `{a = 1}`: a bare name is the key itself.
        const key = item.key.type === "name" ? { ok: true as const, value: item.key.name } : evaluate(item.key, scope, source);
        if (!key.ok) return key;
        if (typeof key.value !== "string" || key.value.includes("${")) return unknown(source, "an object key Terraform computes");
        const value = evaluate(item.value, scope, source);
        if (!value.ok) return value;
        out[key.value] = value.value;
      }
      return { ok: true, value: out };
    }
    case "conditional": {
      const condition = evaluate(expression.condition, scope, source);
      if (condition.ok && typeof condition.value === "boolean") return evaluate(condition.value ? expression.then : expression.else, scope, source);
      return unknown(source, condition.ok ? "a condition on a value only Terraform knows" : `a condition on ${condition.why}`);
    }
    case "call":
      return call(expression, scope, source);
    case "name":
    case "attribute":
    case "index":
    case "splat":
      return traverse(expression, scope, source);
    default:
      return unknown(source, describeKind(classify(expression)));
  }
}

function unknown(what: string, why: string): Resolved {
  return { ok: false, what, why };
}

/** What a traversal node is and how it is written, found once per node (parsed templates are shared). */
const traversals = new WeakMap<Expression, { kind: ReturnType<typeof classify>; text?: string; root?: string }>();

function traversalOf(expression: Expression): { kind: ReturnType<typeof classify>; text?: string; root?: string } {
  let found = traversals.get(expression);
  if (!found) {
    const t = asTraversal(expression);
    found = { kind: classify(expression), text: t ? traversalText(t) : undefined, root: rootName(expression) };
    traversals.set(expression, found);
  }
  return found;
}

function traverse(expression: Expression, scope: ResolveScope, source: string): Resolved {
  const { kind, text, root } = traversalOf(expression);
  // An iterator of a dynamic block being expanded: `each.value.actions`, `statement.key`.
  const binding = root !== undefined ? scope.iterators?.get(root) : undefined;
  if (binding && (expression.type === "attribute" || expression.type === "index")) {
    const steps = stepsOf(expression, scope, source);
    if (!steps.ok) return steps;
    const [first, ...rest] = steps.value as (string | number)[];
    if (first !== "key" && first !== "value") return unknown(source, `${root}.${String(first)} is not an iterator attribute (key or value)`);
    return digValue(first === "key" ? binding.key : binding.value, rest, source);
  }
  switch (kind.kind) {
    case "local": {
      const local = scope.local(kind.name);
      if (!local.ok) return unknown(source, `local.${kind.name}: ${local.why}`);
      return digValue(local.value, kind.attribute, source);
    }
    case "reference":
    case "remote-state":
    case "variable":
    case "module":
    case "meta":
      // A reference inside a larger expression is written as itself, not as the whole interpolation.
      return scope.reference(kind, text ?? source);
    default:
      return unknown(source, describeKind(kind));
  }
}

/** `aws_x.y[0].arn`, `local.m["k"]`: a traversal written back as Terraform reads it. */
export function traversalText(t: Traversal): string {
  return t.root + t.steps.map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
}

function rootName(expression: Expression): string | undefined {
  let e = expression;
  while (e.type === "attribute" || e.type === "index" || e.type === "splat") e = e.target;
  return e.type === "name" ? e.name : undefined;
}

/** The steps after the root, with computed indexes evaluated. */
function stepsOf(expression: Expression, scope: ResolveScope, source: string): Resolved {
  const steps: (string | number)[] = [];
  let e = expression;
  while (e.type === "attribute" || e.type === "index") {
    if (e.type === "attribute") steps.push(e.name);
    else {
      const key = evaluate(e.key, scope, source);
      if (!key.ok) return key;
      if (typeof key.value !== "string" && typeof key.value !== "number") return unknown(source, "an index that is not a name or number");
      steps.push(key.value);
    }
    e = e.target;
  }
  if (e.type !== "name") return unknown(source, "a splat");
  return { ok: true, value: steps.reverse() };
}

/** A value's element at `steps` (attributes of objects, indexes of lists). */
export function digValue(value: unknown, steps: readonly (string | number)[], source: string): Resolved {
  let current = value;
  for (const step of steps) {
    if (Array.isArray(current) && typeof step === "number") current = current[step];
    else if (Array.isArray(current) && typeof step === "string" && /^\d+$/.test(step)) current = current[Number(step)];
    else if (isObject(current) && typeof step === "string") current = current[step];
    else if (isObject(current) && typeof step === "number") current = current[String(step)];
    else return unknown(source, `${JSON.stringify(step)} is not in the value`);
    if (current === undefined) return unknown(source, `${JSON.stringify(step)} is not in the value`);
  }
  return { ok: true, value: current };
}

/** Functions whose result follows from known arguments without the cloud or the file system. */
function call(expression: Extract<Expression, { type: "call" }>, scope: ResolveScope, source: string): Resolved {
  const args: unknown[] = [];
  for (const a of expression.args) {
    const r = evaluate(a, scope, source);
    if (!r.ok) return unknown(source, `${expression.name}(...) of ${r.why}`);
    // A reference stays a reference inside the result: `jsonencode({r = aws_s3_bucket.b.arn})` is
    // JSON text naming that bucket's ARN as `${aws_s3_bucket.b.arn}`.
    args.push(r.value);
  }
  if (expression.expandLast) {
    const last = args.pop();
    if (!Array.isArray(last)) return unknown(source, `${expression.name}(...) expanding a value that is not a list`);
    args.push(...last);
  }
  const [first] = args;
  switch (expression.name) {
    case "tolist":
    case "tuple":
      return Array.isArray(first) ? { ok: true, value: first } : unknown(source, `${expression.name} of a value that is not a list`);
    case "toset": {
      if (!Array.isArray(first)) return unknown(source, "toset of a value that is not a list");
      const set = distinct(first);
      markSet.add(set);
      return { ok: true, value: set };
    }
    case "tomap":
      return isObject(first) ? { ok: true, value: first } : unknown(source, "tomap of a value that is not an object");
    case "tostring":
      return typeof first === "string" || typeof first === "number" || typeof first === "boolean" ? { ok: true, value: String(first) } : unknown(source, "tostring of a list or object");
    case "concat":
      return args.every(Array.isArray) ? { ok: true, value: (args as unknown[][]).flat() } : unknown(source, "concat of values that are not lists");
    case "distinct":
      return Array.isArray(first) ? { ok: true, value: distinct(first) } : unknown(source, "distinct of a value that is not a list");
    case "flatten":
      return Array.isArray(first) ? { ok: true, value: (first as unknown[]).flat(Infinity) } : unknown(source, "flatten of a value that is not a list");
    case "jsonencode":
      // The JSON of text-form values is text form too: `$${x}` stays escaped, references stay references.
      return args.length === 1 ? { ok: true, value: jsonText(first) } : unknown(source, "jsonencode with other than one argument");
    default:
      return unknown(source, `the function ${expression.name}(...), which Terraform evaluates`);
  }
}

/**
 * JSON as Terraform's `jsonencode` writes it: an object's keys in lexical order whatever order they
 * are given in, and `<`, `>`, `&`, U+2028, U+2029 escaped as `\u003c`... (Go's encoder escapes them).
 */
export function jsonText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${jsonString(k)}:${jsonText(value[k])}`)
      .join(",")}}`;
  }
  if (typeof value === "string") return jsonString(value);
  return JSON.stringify(value) ?? "null";
}

function jsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function distinct(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Why an expression of this kind is not known at synth. */
export function describeKind(kind: ExpressionKind): string {
  switch (kind.kind) {
    case "function":
      return `the function ${kind.name}(...), which Terraform evaluates`;
    case "conditional":
      return "a conditional Terraform evaluates";
    case "other":
      return `${kind.what}, which Terraform evaluates`;
    case "meta":
      return `${kind.root}.${kind.attribute.join(".")} is only known when Terraform runs`;
    default:
      return "a value only Terraform knows";
  }
}
