/**
 * Terraform's string templates as cdktf writes them (`"${aws_sqs_queue.Q.arn}"`,
 * `"${jsonencode({"maxReceiveCount" = 5})}"`): parsed into expressions, nested braces and quoted
 * strings included, so that nothing is cut at the first `}`. Only what synthesized stacks use is
 * understood; anything else is an error naming it, never a guess.
 */
export type Expression =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "traversal"; readonly root: string; readonly steps: readonly (string | number)[]; readonly text: string }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expression[] }
  | { readonly kind: "object"; readonly entries: readonly [Expression, Expression][] }
  | { readonly kind: "tuple"; readonly items: readonly Expression[] }
  | { readonly kind: "template"; readonly parts: readonly (string | Expression)[] };

/** A template string: literal text and `${...}` interpolations (`$${` is a literal `${`). */
export function parseTemplate(text: string): Expression {
  const parts: (string | Expression)[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 3;
    } else if (text.startsWith("%{", i) && !text.startsWith("%%{", i)) {
      throw new Error(`template directive %{...} is not evaluated locally`);
    } else if (text.startsWith("${", i)) {
      if (literal) parts.push(literal);
      literal = "";
      const parser = new Parser(text, i + 2);
      const expression = parser.expression();
      parser.expect("}");
      parts.push(expression);
      i = parser.position;
    } else {
      literal += text[i++];
    }
  }
  if (literal) parts.push(literal);
  if (parts.length === 1 && typeof parts[0] !== "string") return parts[0];
  return { kind: "template", parts };
}

/** Whether a string holds an interpolation at all. */
export function isTemplate(text: string): boolean {
  return /(^|[^$])\$\{/.test(text);
}

class Parser {
  constructor(
    private readonly text: string,
    public position: number,
  ) {}

  expression(): Expression {
    this.space();
    let expression = this.primary();
    for (;;) {
      this.space();
      const c = this.text[this.position];
      if (c === "." && /[A-Za-z_]/.test(this.text[this.position + 1] ?? "")) {
        this.position++;
        const name = this.identifier();
        if (expression.kind !== "traversal") throw this.error(`attribute .${name} of a value that is not a reference`);
        expression = { ...expression, steps: [...expression.steps, name], text: `${expression.text}.${name}` };
      } else if (c === "[") {
        this.position++;
        const index = this.expression();
        this.expect("]");
        if (expression.kind !== "traversal" || index.kind !== "literal" || (typeof index.value !== "number" && typeof index.value !== "string")) {
          throw this.error("an index that is not a literal");
        }
        expression = { ...expression, steps: [...expression.steps, index.value], text: `${expression.text}[${JSON.stringify(index.value)}]` };
      } else return expression;
    }
  }

  expect(token: string): void {
    this.space();
    if (!this.text.startsWith(token, this.position)) throw this.error(`expected ${token}`);
    this.position += token.length;
  }

  private primary(): Expression {
    const c = this.text[this.position];
    if (c === '"') return this.quoted();
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === "(") {
      this.position++;
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (c === "-" || /[0-9]/.test(c ?? "")) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.position));
      if (!m) throw this.error("a number");
      this.position += m[0].length;
      return { kind: "literal", value: Number(m[0]) };
    }
    const name = this.identifier();
    if (name === "true" || name === "false") return { kind: "literal", value: name === "true" };
    if (name === "null") return { kind: "literal", value: null };
    this.space();
    if (this.text[this.position] === "(") {
      this.position++;
      const args: Expression[] = [];
      this.space();
      while (this.text[this.position] !== ")") {
        args.push(this.expression());
        this.space();
        if (this.text[this.position] === ",") this.position++;
        else if (this.text[this.position] !== ")") throw this.error("expected , or )");
        this.space();
      }
      this.position++;
      return { kind: "call", name, args };
    }
    return { kind: "traversal", root: name, steps: [], text: name };
  }

  private quoted(): Expression {
    // A quoted string is itself a template: find its end, honouring escapes and nested ${...}.
    this.position++;
    let raw = "";
    let depth = 0;
    for (;;) {
      const c = this.text[this.position];
      if (c === undefined) throw this.error("unterminated string");
      if (c === "\\") {
        const next = this.text[this.position + 1];
        const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        if (next === "u") {
          raw += String.fromCharCode(parseInt(this.text.slice(this.position + 2, this.position + 6), 16));
          this.position += 6;
        } else {
          raw += escapes[next] ?? next;
          this.position += 2;
        }
        continue;
      }
      if (depth === 0 && c === '"') break;
      if (c === "$" && this.text[this.position + 1] === "{") depth++;
      else if (c === "}" && depth > 0) depth--;
      raw += c;
      this.position++;
    }
    this.position++;
    return isTemplate(raw) ? parseTemplate(raw) : { kind: "literal", value: raw.replace(/\$\$\{/g, "${") };
  }

  private object(): Expression {
    this.position++;
    const entries: [Expression, Expression][] = [];
    for (;;) {
      this.space(true);
      if (this.text[this.position] === "}") {
        this.position++;
        return { kind: "object", entries };
      }
      const key: Expression = this.text[this.position] === '"' ? this.quoted() : { kind: "literal", value: this.identifier() };
      this.space();
      const sep = this.text[this.position];
      if (sep !== "=" && sep !== ":") throw this.error("expected = or : in an object");
      this.position++;
      entries.push([key, this.expression()]);
      this.space(true);
      if (this.text[this.position] === ",") this.position++;
    }
  }

  private tuple(): Expression {
    this.position++;
    const items: Expression[] = [];
    for (;;) {
      this.space(true);
      if (this.text[this.position] === "]") {
        this.position++;
        return { kind: "tuple", items };
      }
      items.push(this.expression());
      this.space(true);
      if (this.text[this.position] === ",") this.position++;
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.position));
    if (!m) throw this.error("a name");
    this.position += m[0].length;
    return m[0];
  }

  private space(newlines = true): void {
    const pattern = newlines ? /[\s]/ : /[ \t]/;
    while (pattern.test(this.text[this.position] ?? "")) this.position++;
  }

  private error(what: string): Error {
    return new Error(`cannot read the expression ${JSON.stringify(this.text)} at character ${this.position}: ${what}`);
  }
}
