import { asTraversal, subExpressions, type Expression, type Traversal } from "./syntax";

/**
 * What an expression is, for a reader that must know whether it can tell its value:
 * - `reference`: a plain reference to a resource or data source (`aws_s3_bucket.b.arn`,
 *   `data.aws_iam_policy_document.d.json`, `aws_x.y[0].id`), with the attribute path after the name;
 * - `remote-state`: `data.terraform_remote_state.x...`, another stack's or workspace's output;
 * - `variable`, `local`, `module`: `var.x`, `local.x`, `module.x.output`;
 * - `meta`: `each.*`, `count.*`, `self.*`, `path.*`, `terraform.*`;
 * - `literal`: a constant (`"*"`, `1`, `true`);
 * - `function`, `conditional`: a call or `a ? b : c` at the top;
 * - `other`: anything else (operators, `for`, splats, tuple and object literals, unknown names).
 */
export type ExpressionKind =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "reference"; readonly mode: "managed" | "data"; readonly type: string; readonly name: string; readonly address: string; readonly attribute: readonly (string | number)[] }
  | { readonly kind: "remote-state"; readonly address: string; readonly attribute: readonly (string | number)[] }
  | { readonly kind: "variable"; readonly name: string; readonly attribute: readonly (string | number)[] }
  | { readonly kind: "local"; readonly name: string; readonly attribute: readonly (string | number)[] }
  | { readonly kind: "module"; readonly name: string; readonly address: string; readonly attribute: readonly (string | number)[] }
  | { readonly kind: "meta"; readonly root: "each" | "count" | "self" | "path" | "terraform"; readonly attribute: readonly (string | number)[] }
  | { readonly kind: "function"; readonly name: string }
  | { readonly kind: "conditional" }
  | { readonly kind: "other"; readonly what: string };

const META = new Set(["each", "count", "self", "path", "terraform"]);
/** Resource types are `<provider>_<kind>`: a name without an underscore is no resource. */
const RESOURCE_TYPE = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

/** Classifies a traversal (`root.step...`). */
export function classifyTraversal(t: Traversal): ExpressionKind {
  const [first, second, ...rest] = t.steps;
  const named = typeof first === "string";
  switch (t.root) {
    case "var":
      return named ? { kind: "variable", name: first, attribute: t.steps.slice(1) } : { kind: "other", what: "an index into var" };
    case "local":
      return named ? { kind: "local", name: first, attribute: t.steps.slice(1) } : { kind: "other", what: "an index into local" };
    case "module":
      return named ? { kind: "module", name: first, address: `module.${first}`, attribute: t.steps.slice(1) } : { kind: "other", what: "an index into module" };
    case "data":
      if (!named || typeof second !== "string") return { kind: "other", what: "an incomplete data source reference" };
      if (first === "terraform_remote_state") return { kind: "remote-state", address: `data.${first}.${second}`, attribute: rest };
      return { kind: "reference", mode: "data", type: first, name: second, address: `data.${first}.${second}`, attribute: rest };
    default:
      if (META.has(t.root)) return { kind: "meta", root: t.root as "each", attribute: t.steps };
      if (RESOURCE_TYPE.test(t.root) && named) return { kind: "reference", mode: "managed", type: t.root, name: first, address: `${t.root}.${first}`, attribute: t.steps.slice(1) };
      return { kind: "other", what: `the name ${t.root}` };
  }
}

/** Classifies an expression by what it is at the top. */
export function classify(expression: Expression): ExpressionKind {
  switch (expression.type) {
    case "literal":
      return { kind: "literal", value: expression.value };
    case "call":
      return { kind: "function", name: expression.name };
    case "conditional":
      return { kind: "conditional" };
    case "name":
    case "attribute":
    case "index":
    case "splat": {
      const t = asTraversal(expression);
      if (t) return classifyTraversal(t);
      let root: Expression = expression;
      let splat = false;
      while (root.type === "attribute" || root.type === "index" || root.type === "splat") {
        if (root.type === "splat") splat = true;
        root = root.target;
      }
      if (root.type === "call") return { kind: "function", name: root.name };
      return { kind: "other", what: splat ? "a splat" : "a computed index" };
    }
    case "template":
      return { kind: "other", what: "a string template" };
    case "tuple":
      return { kind: "other", what: "a list" };
    case "object":
      return { kind: "other", what: "an object" };
    case "for":
      return { kind: "other", what: "a for expression" };
    case "binary":
    case "unary":
      return { kind: "other", what: `the operator ${expression.operator}` };
  }
}

/**
 * Every reference inside an expression, at any depth (function arguments, conditionals, nested
 * templates...), as the longest plain traversal at each place: `aws_s3_bucket.b.arn` in
 * `jsonencode({r = aws_s3_bucket.b.arn})`; `aws_x.y` in `aws_x.y[var.i]` (and `var.i`).
 */
export function referencesOf(expression: Expression): ExpressionKind[] {
  const found: ExpressionKind[] = [];
  const covered = new Set<Expression>();
  for (const e of subExpressions(expression)) {
    if (covered.has(e)) continue;
    if (e.type !== "name" && e.type !== "attribute" && e.type !== "index") continue;
    // The longest plain prefix of a chain: walk down to its root, remembering the plain part.
    let t = asTraversal(e);
    let node: Expression = e;
    while (!t && (node.type === "attribute" || node.type === "index" || node.type === "splat")) {
      node = node.target;
      t = asTraversal(node);
    }
    // Everything below this chain is the same reference.
    for (let n: Expression = e; n.type === "attribute" || n.type === "index" || n.type === "splat"; n = n.target) covered.add(n.target);
    if (t) {
      const kind = classifyTraversal(t);
      if (kind.kind !== "other") found.push(kind);
    }
  }
  return found;
}

/** The block address a reference kind points to (`aws_x.y`, `data.t.n`, `module.m`), if any. */
export function addressOf(kind: ExpressionKind): string | undefined {
  return kind.kind === "reference" || kind.kind === "remote-state" || kind.kind === "module" ? kind.address : undefined;
}
