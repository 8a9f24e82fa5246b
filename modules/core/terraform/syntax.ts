/**
 * The syntax tree of Terraform's template and expression language, as it appears inside the
 * strings of Terraform JSON: every string value is a template (literal text, `${ expression }`
 * interpolations and `%{ directive }`s); an expression is HCL's native syntax.
 */

/** One piece of a template. */
export type TemplatePart =
  /** Literal text, escapes undone (`$${` is `${`, `%%{` is `%{`). */
  | { readonly kind: "text"; readonly text: string }
  /** `${ expression }`; `source` is the text between the braces, strip markers (`~`) removed. */
  | { readonly kind: "interpolation"; readonly source: string; readonly expression: Expression }
  /** `%{ if ... }`, `%{ for ... }`, `%{ else }`, `%{ endif }`, `%{ endfor }`: Terraform computes the text. */
  | { readonly kind: "directive"; readonly source: string }
  /** An interpolation Terraform itself could not parse (an unclosed `${`, a stray token). */
  | { readonly kind: "invalid"; readonly source: string; readonly error: string };

/** A parsed template. */
export interface Template {
  readonly parts: readonly TemplatePart[];
}

export type Expression =
  | { readonly type: "literal"; readonly value: string | number | boolean | null }
  /** A quoted string with interpolations or directives (one without is a literal). */
  | { readonly type: "template"; readonly template: Template }
  /** A root name: `var`, `local`, `data`, `aws_s3_bucket`, `each`... */
  | { readonly type: "name"; readonly name: string }
  | { readonly type: "attribute"; readonly target: Expression; readonly name: string }
  | { readonly type: "index"; readonly target: Expression; readonly key: Expression }
  /** `x[*]` or `x.*`: what follows applies to every element. */
  | { readonly type: "splat"; readonly target: Expression }
  | { readonly type: "call"; readonly name: string; readonly args: readonly Expression[]; readonly expandLast: boolean }
  | { readonly type: "tuple"; readonly items: readonly Expression[] }
  | { readonly type: "object"; readonly items: readonly { readonly key: Expression; readonly value: Expression }[] }
  | { readonly type: "conditional"; readonly condition: Expression; readonly then: Expression; readonly else: Expression }
  | { readonly type: "binary"; readonly operator: string; readonly left: Expression; readonly right: Expression }
  | { readonly type: "unary"; readonly operator: string; readonly operand: Expression }
  /** `[for k, v in xs : ...]` or `{for ...}`. */
  | { readonly type: "for"; readonly collection: Expression; readonly body: readonly Expression[] };

/** A chain of names, attributes and literal indexes: `aws_s3_bucket.b.arn`, `local.x[0]["k"]`. */
export interface Traversal {
  readonly root: string;
  readonly steps: readonly (string | number)[];
}

/** The expression as a plain traversal, or undefined (a splat, a computed index, anything else). */
export function asTraversal(expression: Expression): Traversal | undefined {
  const steps: (string | number)[] = [];
  let current = expression;
  for (;;) {
    if (current.type === "name") return { root: current.name, steps: steps.reverse() };
    if (current.type === "attribute") steps.push(current.name);
    else if (current.type === "index" && current.key.type === "literal" && (typeof current.key.value === "string" || typeof current.key.value === "number")) {
      steps.push(current.key.value);
    } else return undefined;
    current = current.target;
  }
}

/** Every expression inside one (itself included), depth first: for walking references. */
export function* subExpressions(expression: Expression): Generator<Expression> {
  yield expression;
  switch (expression.type) {
    case "template":
      for (const part of expression.template.parts) if (part.kind === "interpolation") yield* subExpressions(part.expression);
      break;
    case "attribute":
    case "splat":
      yield* subExpressions(expression.target);
      break;
    case "index":
      yield* subExpressions(expression.target);
      yield* subExpressions(expression.key);
      break;
    case "call":
      for (const a of expression.args) yield* subExpressions(a);
      break;
    case "tuple":
      for (const i of expression.items) yield* subExpressions(i);
      break;
    case "object":
      for (const i of expression.items) {
        yield* subExpressions(i.key);
        yield* subExpressions(i.value);
      }
      break;
    case "conditional":
      yield* subExpressions(expression.condition);
      yield* subExpressions(expression.then);
      yield* subExpressions(expression.else);
      break;
    case "binary":
      yield* subExpressions(expression.left);
      yield* subExpressions(expression.right);
      break;
    case "unary":
      yield* subExpressions(expression.operand);
      break;
    case "for":
      yield* subExpressions(expression.collection);
      for (const b of expression.body) yield* subExpressions(b);
      break;
    default:
      break;
  }
}
