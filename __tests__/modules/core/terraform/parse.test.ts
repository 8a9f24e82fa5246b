import { hasTemplateSyntax, parseExpression, parseTemplate } from "../../../../modules/core/terraform/parse";
import type { TemplatePart } from "../../../../modules/core/terraform/syntax";

/** The parts of a template as [kind, text-or-source] pairs. */
function parts(text: string): [string, string][] {
  return parseTemplate(text).parts.map((p: TemplatePart) => [p.kind, p.kind === "text" ? p.text : p.source]);
}

describe("templates", () => {
  test.each([
    ["plain text", "arn:aws:s3:::bucket/*", [["text", "arn:aws:s3:::bucket/*"]]],
    ["a reference and text", "${aws_s3_bucket.b.arn}/*", [["interpolation", "aws_s3_bucket.b.arn"], ["text", "/*"]]],
    ["two interpolations", "arn:${data.aws_partition.p.partition}:s3:::${aws_s3_bucket.b.bucket}", [["text", "arn:"], ["interpolation", "data.aws_partition.p.partition"], ["text", ":s3:::"], ["interpolation", "aws_s3_bucket.b.bucket"]]],
    ["$${ is literal ${ (an IAM policy variable in JSON)", "arn:aws:s3:::b/$${aws:username}/*", [["text", "arn:aws:s3:::b/${aws:username}/*"]]],
    ["%%{ is literal %{", "100%%{x}", [["text", "100%{x}"]]],
    ["a lone $ or % is text", "cost $5 or 10%", [["text", "cost $5 or 10%"]]],
    ["nested braces (an object inside a call)", "${jsonencode({a = {b = aws_iam_role.r.arn}})}", [["interpolation", "jsonencode({a = {b = aws_iam_role.r.arn}})"]]],
    ["a closing brace inside a string of the expression", '${format("%s}", var.x)}!', [["interpolation", 'format("%s}", var.x)'], ["text", "!"]]],
    ["a template inside a string of the expression", '${upper("${var.a}-}")}', [["interpolation", 'upper("${var.a}-}")']]],
    ["escaped quote inside a string of the expression", '${"a\\"}b"}', [["interpolation", '"a\\"}b"']]],
    ["strip markers", "${~ local.x ~}", [["interpolation", "local.x"]]],
    ["directives", "%{ if var.public }*%{ else }arn:x%{ endif }", [["directive", "if var.public"], ["text", "*"], ["directive", "else"], ["text", "arn:x"], ["directive", "endif"]]],
    ["an unclosed interpolation", "x ${aws_x.y.z", [["text", "x "], ["invalid", "aws_x.y.z"]]],
    ["an empty interpolation", "${}", [["invalid", ""]]],
    ["a heredoc is not read", "${<<EOT\nx\nEOT\n}", [["invalid", "<<EOT\nx\nEOT\n"]]],
  ])("%s", (_name, text, expected) => {
    expect(parts(text)).toEqual(expected);
  });

  test("hasTemplateSyntax: an escape alone is not an expression", () => {
    expect(hasTemplateSyntax("$${aws:username}")).toBe(false);
    expect(hasTemplateSyntax("a ${var.x}")).toBe(true);
    expect(hasTemplateSyntax("%{ if true }x%{ endif }")).toBe(true);
    expect(hasTemplateSyntax("plain")).toBe(false);
  });

  test("a string literal inside an expression has its escapes undone", () => {
    expect(parseExpression('"a\\n\\t\\"\\u00e9$${x}"')).toEqual({ type: "literal", value: 'a\n\t"é${x}' });
  });
});

describe("expressions", () => {
  test.each([
    ["a traversal", "aws_s3_bucket.b.arn", { type: "attribute", name: "arn", target: { type: "attribute", name: "b", target: { type: "name", name: "aws_s3_bucket" } } }],
    ["an index and a legacy index", "a.b[0].c.1", { type: "index", key: { type: "literal", value: 1 }, target: { type: "attribute", name: "c", target: { type: "index", key: { type: "literal", value: 0 }, target: { type: "attribute", name: "b", target: { type: "name", name: "a" } } } } }],
    ["a name with dashes", "my-name", { type: "name", name: "my-name" }],
    ["subtraction needs spaces", "a - b", { type: "binary", operator: "-", left: { type: "name", name: "a" }, right: { type: "name", name: "b" } }],
    ["operator precedence", "1 + 2 * 3 == 7 && !x", {
      type: "binary",
      operator: "&&",
      left: { type: "binary", operator: "==", left: { type: "binary", operator: "+", left: { type: "literal", value: 1 }, right: { type: "binary", operator: "*", left: { type: "literal", value: 2 }, right: { type: "literal", value: 3 } } }, right: { type: "literal", value: 7 } },
      right: { type: "unary", operator: "!", operand: { type: "name", name: "x" } },
    }],
    ["a conditional", 'var.a ? "*" : "x"', { type: "conditional", condition: { type: "attribute", name: "a", target: { type: "name", name: "var" } }, then: { type: "literal", value: "*" }, else: { type: "literal", value: "x" } }],
    ["an object with = and : and no commas", '{a = 1\n"b": true}', { type: "object", items: [{ key: { type: "name", name: "a" }, value: { type: "literal", value: 1 } }, { key: { type: "literal", value: "b" }, value: { type: "literal", value: true } }] }],
    ["a splat", "aws_x.y[*].arn", { type: "attribute", name: "arn", target: { type: "splat", target: { type: "attribute", name: "y", target: { type: "name", name: "aws_x" } } } }],
    ["a call with an expanded last argument", "concat(a, b...)", { type: "call", name: "concat", args: [{ type: "name", name: "a" }, { type: "name", name: "b" }], expandLast: true }],
    ["a provider function", 'provider::aws::arn_parse("x")', { type: "call", name: "provider::aws::arn_parse", args: [{ type: "literal", value: "x" }], expandLast: false }],
  ])("%s", (_name, source, expected) => {
    expect(parseExpression(source)).toEqual(expected);
  });

  test("for expressions keep their collection and body", () => {
    const e = parseExpression("[for k, v in toset(var.xs) : upper(v) if v != \"\"]");
    expect(e.type).toBe("for");
    expect(e.type === "for" && e.collection).toEqual({ type: "call", name: "toset", args: [{ type: "attribute", name: "xs", target: { type: "name", name: "var" } }], expandLast: false });
  });

  test.each(["a +", "(a", "[1, 2", "{a = }", "a.", "1 2"])("a syntax error is an error: %s", (source) => {
    expect(() => parseExpression(source)).toThrow();
  });
});
