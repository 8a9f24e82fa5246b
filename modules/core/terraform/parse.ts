import type { Expression, Template, TemplatePart } from "./syntax";

/**
 * The house's one parser of Terraform templates and expressions (HCL native syntax, as Terraform
 * reads the strings of a `.tf.json` file). It follows the language, not a pattern: nested braces
 * (`${jsonencode({a = {b = 1}})}`), quoted strings with their own templates inside an expression
 * (`${format("%s}", "${x}")}`), escapes (`$${` and `%%{` are literal text; `\"`, `\\`, `\n`,
 * `\uNNNN` in quoted strings), strip markers (`${~ x ~}`) and directives (`%{ if }`). What it
 * cannot parse becomes an `invalid` part, never a guess.
 */

/** Parses a string of Terraform JSON as the template Terraform sees. */
export function parseTemplate(text: string): Template {
  const parser = new Parser(text);
  const parts = parser.template(false);
  return { parts };
}

/** True when a string holds something Terraform evaluates (an interpolation or a directive, escapes aside). */
export function hasTemplateSyntax(text: string): boolean {
  return (text.includes("${") || text.includes("%{")) && parseTemplate(text).parts.some((p) => p.kind !== "text");
}

/** Parses an expression written on its own (the inside of `${...}`). Throws on a syntax error. */
export function parseExpression(source: string): Expression {
  const parser = new Parser(source);
  const expression = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected ${JSON.stringify(parser.rest(12))}`);
  return expression;
}

class ParseError extends Error {}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const OPERATOR_START = new Set(["|", "&", "=", "!", "<", ">", "+", "-", "*", "/", "%"]);
const BINARY: readonly (readonly string[])[] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  public atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  public rest(n: number): string {
    return this.src.slice(this.pos, this.pos + n);
  }

  public fail(message: string): never {
    throw new ParseError(`${message} at offset ${this.pos}`);
  }

  /** A template up to the end of the text, or (quoted) up to the closing `"`. */
  public template(quoted: boolean): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let text = "";
    const flush = () => {
      if (text !== "") parts.push({ kind: "text", text });
      text = "";
    };
    while (!this.atEnd()) {
      const c = this.src[this.pos];
      if (quoted && c === '"') return flush(), parts;
      if (c === "$" && this.src.startsWith("$${", this.pos)) {
        text += "${";
        this.pos += 3;
      } else if (c === "%" && this.src.startsWith("%%{", this.pos)) {
        text += "%{";
        this.pos += 3;
      } else if (c === "$" && this.src[this.pos + 1] === "{") {
        flush();
        parts.push(this.interpolation(quoted));
      } else if (c === "%" && this.src[this.pos + 1] === "{") {
        flush();
        parts.push(this.directive());
      } else if (quoted && c === "\\") {
        text += this.escape();
      } else if (quoted && c === "\n") {
        this.fail("a quoted string cannot span lines");
      } else {
        text += c;
        this.pos++;
      }
    }
    if (quoted) this.fail("unterminated string");
    flush();
    return parts;
  }

  private interpolation(quoted: boolean): TemplatePart {
    const start = this.pos;
    this.pos += 2;
    if (this.src[this.pos] === "~") this.pos++;
    const from = this.pos;
    try {
      const expression = this.expression();
      this.skipSpace();
      const to = this.pos;
      if (this.src[this.pos] === "~") this.pos++;
      if (this.src[this.pos] !== "}") this.fail(`expected "}" after the expression, found ${JSON.stringify(this.rest(12))}`);
      this.pos++;
      return { kind: "interpolation", source: this.src.slice(from, to).trim(), expression };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      // Terraform would refuse the configuration; skip to where the interpolation most likely ends.
      this.pos = start + 2;
      const end = this.skipBalanced(quoted);
      const source = this.src.slice(start + 2, end === -1 ? this.src.length : end);
      this.pos = end === -1 ? this.src.length : end + 1;
      return { kind: "invalid", source, error: e.message };
    }
  }

  private directive(): TemplatePart {
    const start = this.pos;
    this.pos += 2;
    const end = this.skipBalanced(false);
    const source = this.src.slice(start + 2, end === -1 ? this.src.length : end).replace(/^~|~$/g, "").trim();
    this.pos = end === -1 ? this.src.length : end + 1;
    return end === -1 ? { kind: "invalid", source, error: "unclosed %{" } : { kind: "directive", source };
  }

  /** The offset of the `}` closing the current `${`/`%{` (strings and nested braces skipped), or -1. */
  private skipBalanced(stopAtQuote: boolean): number {
    let depth = 0;
    for (let i = this.pos; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '"') {
        if (stopAtQuote && depth === 0) return -1;
        i = this.skipString(i);
        if (i === -1) return -1;
      } else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) return i;
        depth--;
      }
    }
    return -1;
  }

  /** From an opening quote, the offset of its closing quote (escapes and nested templates skipped), or -1. */
  private skipString(open: number): number {
    let depth = 0;
    for (let i = open + 1; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === "\\") i++;
      else if ((c === "$" || c === "%") && this.src[i + 1] === "{" && this.src[i - 1] !== c) {
        depth++;
        i++;
      } else if (c === "}" && depth > 0) depth--;
      else if (c === '"' && depth === 0) return i;
      else if (c === '"') {
        const end = this.skipString(i);
        if (end === -1) return -1;
        i = end;
      }
    }
    return -1;
  }

  private escape(): string {
    const next = this.src[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u":
      case "U": {
        const length = next === "u" ? 4 : 8;
        const hex = this.src.slice(this.pos, this.pos + length);
        if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex)) this.fail(`bad \\${next} escape`);
        this.pos += length;
        return String.fromCodePoint(parseInt(hex, 16));
      }
      default:
        return this.fail(`unknown escape \\${next ?? ""}`);
    }
  }

  public skipSpace(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || (c === "/" && this.src[this.pos + 1] === "/")) {
        while (!this.atEnd() && this.src[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && this.src[this.pos + 1] === "*") {
        const end = this.src.indexOf("*/", this.pos + 2);
        if (end === -1) this.fail("unclosed comment");
        this.pos = end + 2;
      } else return;
    }
  }

  private peek(token: string): boolean {
    this.skipSpace();
    return this.src.startsWith(token, this.pos);
  }

  private eat(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected ${JSON.stringify(token)}, found ${JSON.stringify(this.rest(12))}`);
  }

  private peekKeyword(word: string): boolean {
    this.skipSpace();
    return this.src.startsWith(word, this.pos) && !IDENT_PART.test(this.src[this.pos + word.length] ?? "");
  }

  public expression(): Expression {
    const condition = this.binary(0);
    if (this.peek("?")) {
      this.pos++;
      const then = this.expression();
      this.expect(":");
      const otherwise = this.expression();
      return { type: "conditional", condition, then, else: otherwise };
    }
    return condition;
  }

  /** Binary operators by precedence climbing: operands at `minPrecedence` or tighter. */
  private binary(minPrecedence: number): Expression {
    let left = this.unary();
    for (;;) {
      this.skipSpace();
      const operator = this.binaryOperator();
      if (operator === undefined || operator.precedence < minPrecedence) return left;
      this.pos += operator.text.length;
      const right = this.binary(operator.precedence + 1);
      left = { type: "binary", operator: operator.text, left, right };
    }
  }

  /** The binary operator at the current position, if any (`<=` before `<`: the longer one wins). */
  private binaryOperator(): { text: string; precedence: number } | undefined {
    if (!OPERATOR_START.has(this.src[this.pos])) return undefined;
    for (let precedence = 0; precedence < BINARY.length; precedence++) {
      const text = BINARY[precedence].find((op) => this.src.startsWith(op, this.pos));
      if (text) return { text, precedence };
    }
    return undefined;
  }

  private unary(): Expression {
    this.skipSpace();
    const c = this.src[this.pos];
    if ((c === "!" && this.src[this.pos + 1] !== "=") || c === "-") {
      this.pos++;
      return { type: "unary", operator: c, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Expression): Expression {
    for (;;) {
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === "." && this.src[this.pos + 1] === "*") {
        this.pos += 2;
        target = { type: "splat", target };
      } else if (c === "." && /[0-9]/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        target = { type: "index", target, key: { type: "literal", value: this.number() } };
      } else if (c === "." && this.src[this.pos + 1] !== ".") {
        this.pos++;
        this.skipSpace();
        target = { type: "attribute", target, name: this.identifier() };
      } else if (c === "[") {
        this.pos++;
        if (this.eat("*")) {
          this.expect("]");
          target = { type: "splat", target };
        } else {
          const key = this.expression();
          this.expect("]");
          target = { type: "index", target, key };
        }
      } else return target;
    }
  }

  private primary(): Expression {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === undefined) return this.fail("expected an expression");
    if (/[0-9]/.test(c)) return { type: "literal", value: this.number() };
    if (c === '"') return this.quoted();
    if (c === "<" && this.src[this.pos + 1] === "<") return this.fail("heredocs are not read");
    if (c === "(") {
      this.pos++;
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (c === "[") return this.tupleOrFor();
    if (c === "{") return this.objectOrFor();
    if (IDENT_START.test(c)) {
      const name = this.identifier();
      if (name === "true" || name === "false") return { type: "literal", value: name === "true" };
      if (name === "null") return { type: "literal", value: null };
      this.skipSpace();
      // Provider-defined functions: provider::aws::arn_parse(...).
      let callee = name;
      while (this.src.startsWith("::", this.pos)) {
        this.pos += 2;
        callee += `::${this.identifier()}`;
        this.skipSpace();
      }
      if (this.src[this.pos] === "(") return this.call(callee);
      if (callee !== name) this.fail(`expected "(" after ${callee}`);
      return { type: "name", name };
    }
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private identifier(): string {
    const start = this.pos;
    if (!IDENT_START.test(this.src[this.pos] ?? "")) this.fail(`expected a name, found ${JSON.stringify(this.rest(12))}`);
    while (IDENT_PART.test(this.src[this.pos] ?? "")) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private number(): number {
    const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
    if (!m) this.fail("expected a number");
    this.pos += m![0].length;
    return Number(m![0]);
  }

  private quoted(): Expression {
    this.pos++;
    const parts = this.template(true);
    this.pos++; // the closing quote
    if (parts.length === 0) return { type: "literal", value: "" };
    if (parts.length === 1 && parts[0].kind === "text") return { type: "literal", value: parts[0].text };
    return { type: "template", template: { parts } };
  }

  private call(name: string): Expression {
    this.expect("(");
    const args: Expression[] = [];
    let expandLast = false;
    while (!this.eat(")")) {
      args.push(this.expression());
      if (this.eat("...")) expandLast = true;
      if (!this.eat(",")) {
        this.expect(")");
        break;
      }
    }
    return { type: "call", name, args, expandLast };
  }

  private tupleOrFor(): Expression {
    this.expect("[");
    if (this.peekKeyword("for")) return this.forBody("]");
    const items: Expression[] = [];
    while (!this.eat("]")) {
      items.push(this.expression());
      if (!this.eat(",")) {
        this.expect("]");
        break;
      }
    }
    return { type: "tuple", items };
  }

  private objectOrFor(): Expression {
    this.expect("{");
    if (this.peekKeyword("for")) return this.forBody("}");
    const items: { key: Expression; value: Expression }[] = [];
    while (!this.eat("}")) {
      const key = this.expression();
      if (!this.eat("=") && !this.eat(":")) this.fail(`expected "=" or ":" after an object key`);
      const value = this.expression();
      items.push({ key, value });
      this.eat(",");
    }
    return { type: "object", items };
  }

  /** `for k, v in collection : key => value... if condition`, after the opening bracket. */
  private forBody(close: string): Expression {
    this.pos += 3;
    this.skipSpace();
    this.identifier();
    if (this.eat(",")) {
      this.skipSpace();
      this.identifier();
    }
    this.skipSpace();
    if (!this.peekKeyword("in")) this.fail('expected "in"');
    this.pos += 2;
    const collection = this.expression();
    this.expect(":");
    const body: Expression[] = [this.expression()];
    if (this.eat("=>")) body.push(this.expression());
    this.eat("...");
    if (this.peekKeyword("if")) {
      this.pos += 2;
      body.push(this.expression());
    }
    this.expect(close);
    return { type: "for", collection, body };
  }
}
