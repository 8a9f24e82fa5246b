import { addressOf, classify, referencesOf } from "../../../../modules/core/terraform/classify";
import { parseExpression } from "../../../../modules/core/terraform/parse";

describe("classify", () => {
  test.each([
    ["aws_s3_bucket.b.arn", { kind: "reference", mode: "managed", type: "aws_s3_bucket", name: "b", address: "aws_s3_bucket.b", attribute: ["arn"] }],
    ["aws_x.y[0].id", { kind: "reference", mode: "managed", type: "aws_x", name: "y", address: "aws_x.y", attribute: [0, "id"] }],
    ["aws_iam_role.r", { kind: "reference", mode: "managed", type: "aws_iam_role", name: "r", address: "aws_iam_role.r", attribute: [] }],
    ["data.aws_iam_policy_document.d.json", { kind: "reference", mode: "data", type: "aws_iam_policy_document", name: "d", address: "data.aws_iam_policy_document.d", attribute: ["json"] }],
    ["data.terraform_remote_state.s.outputs.policy", { kind: "remote-state", address: "data.terraform_remote_state.s", attribute: ["outputs", "policy"] }],
    ["var.cidrs[0]", { kind: "variable", name: "cidrs", attribute: [0] }],
    ['local.policies["admin"]', { kind: "local", name: "policies", attribute: ["admin"] }],
    ["module.iam.role_arn", { kind: "module", name: "iam", address: "module.iam", attribute: ["role_arn"] }],
    ["each.value.arn", { kind: "meta", root: "each", attribute: ["value", "arn"] }],
    ["count.index", { kind: "meta", root: "count", attribute: ["index"] }],
    ["self.id", { kind: "meta", root: "self", attribute: ["id"] }],
    ["path.module", { kind: "meta", root: "path", attribute: ["module"] }],
    ["terraform.workspace", { kind: "meta", root: "terraform", attribute: ["workspace"] }],
    ['"*"', { kind: "literal", value: "*" }],
    ["42", { kind: "literal", value: 42 }],
    ["jsonencode(local.p)", { kind: "function", name: "jsonencode" }],
    ['provider::aws::arn_parse("x").region', { kind: "function", name: "provider::aws::arn_parse" }],
    ['var.a ? "*" : "x"', { kind: "conditional" }],
    ["statement.value", { kind: "other", what: "the name statement" }],
    ["aws_x.y[var.i].id", { kind: "other", what: "a computed index" }],
    ["aws_x.y[*].arn", { kind: "other", what: "a splat" }],
    ['"arn:${var.p}"', { kind: "other", what: "a string template" }],
    ["[1]", { kind: "other", what: "a list" }],
    ["1 + 1", { kind: "other", what: "the operator +" }],
  ])("%s", (source, expected) => {
    expect(classify(parseExpression(source))).toEqual(expected);
  });
});

describe("references", () => {
  const addresses = (source: string) => referencesOf(parseExpression(source)).map((r) => addressOf(r) ?? `${r.kind}:${"name" in r ? r.name : "root" in r ? r.root : ""}`);

  test.each([
    ["jsonencode({Statement = [{Resource = aws_s3_bucket.b.arn}]})", ["aws_s3_bucket.b"]],
    ["aws_x.y[var.i].id", ["aws_x.y", "variable:i"]],
    ['var.public ? "*" : data.aws_iam_policy_document.d.json', ["variable:public", "data.aws_iam_policy_document.d"]],
    ['"${aws_iam_role.r.arn}/*"', ["aws_iam_role.r"]],
    ["[for r in aws_iam_role.all : r.arn]", ["aws_iam_role.all"]],
    ["module.m.out", ["module.m"]],
    ["data.terraform_remote_state.s.outputs.x", ["data.terraform_remote_state.s"]],
    ['upper("literal")', []],
  ])("%s", (source, expected) => {
    expect(addresses(source)).toEqual(expected);
  });
});
