import { TerraformModel } from "../../../../modules/core/terraform/model";
import { mergeConditions } from "../../../../modules/core/terraform/iam-statement";
import { documentStatements, policiesOf } from "../../../../modules/core/terraform/policies";
import { MERGE_EXPECTED, MERGE_FIXTURE, shown } from "./merge-fixture";

const json = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("policy documents merged by Sid as the provider does", () => {
  const model = TerraformModel.fromJson(MERGE_FIXTURE);
  test.each(Object.entries(MERGE_EXPECTED))("%s", (name, expected) => {
    expect(shown(documentStatements(model, `data.aws_iam_policy_document.${name}`).statements)).toEqual(expected);
  });

  test("the same Sid in two source documents is reported (the provider refuses the document)", () => {
    const m = TerraformModel.fromJson({
      data: { aws_iam_policy_document: { a: { statement: [{ sid: "X", actions: ["s3:GetObject"], resources: ["*"] }] }, dup: { source_policy_documents: ["${data.aws_iam_policy_document.a.json}", "${data.aws_iam_policy_document.a.json}"] } } },
    });
    expect(documentStatements(m, "data.aws_iam_policy_document.dup").unreadable.map((u) => u.why)).toEqual(["the same Sid in two source documents: the provider refuses the document"]);
  });

  test("a document that merges itself, or an unknown one, is unreadable", () => {
    const m = TerraformModel.fromJson({ data: { aws_iam_policy_document: { loop: { source_policy_documents: ["${data.aws_iam_policy_document.loop.json}"] } } } });
    expect(documentStatements(m, "data.aws_iam_policy_document.loop").unreadable.map((u) => u.why)).toContain("it merges itself");
  });

  test("mergeConditions: one operator and key merge (values ORed), others stay apart (ANDed)", () => {
    const c = (test: string, variable: string, ...values: string[]) => ({ test, variable, values });
    expect(mergeConditions([c("StringEquals", "aws:SourceAccount", "1"), c("StringEquals", "aws:SourceAccount", "2"), c("Bool", "aws:SecureTransport", "true")])).toEqual([
      c("StringEquals", "aws:SourceAccount", "1", "2"),
      c("Bool", "aws:SecureTransport", "true"),
    ]);
  });

  test("conditions with the same operator and key are merged, as the provider writes them", () => {
    const m = TerraformModel.fromJson({
      data: {
        aws_iam_policy_document: {
          d: {
            statement: [
              {
                actions: ["sqs:SendMessage"],
                resources: ["*"],
                principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
                condition: [
                  { test: "ArnEquals", variable: "aws:SourceArn", values: ["arn:aws:sns:eu-west-1:111111111111:a"] },
                  { test: "ArnEquals", variable: "aws:SourceArn", values: ["arn:aws:sns:eu-west-1:111111111111:b"] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(documentStatements(m, "data.aws_iam_policy_document.d").statements[0].conditions).toEqual([
      { test: "ArnEquals", variable: "aws:SourceArn", values: ["arn:aws:sns:eu-west-1:111111111111:a", "arn:aws:sns:eu-west-1:111111111111:b"] },
    ]);
  });
});

describe("the statements of every policy, wherever they come from", () => {
  const m = TerraformModel.fromJson({
    locals: { policy: json([{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }]) },
    variable: { policy: { default: "{}" } },
    resource: {
      aws_iam_role: {
        r: {
          name: "r",
          assume_role_policy: json([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }]),
          inline_policy: [{ name: "a", policy: json([{ Sid: "Inline", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]) }],
        },
      },
      aws_iam_role_policy: {
        literal: { role: "r", policy: json([{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "x" } } }]) },
        local: { role: "r", policy: "${local.policy}" },
        encoded: { role: "r", policy: '${jsonencode({Statement = [{Effect = "Allow", Action = "kms:Decrypt", Resource = aws_iam_role.r.arn}]})}' },
        document: { role: "r", policy: "${data.aws_iam_policy_document.d.json}" },
        variable: { role: "r", policy: "${var.policy}" },
      },
      aws_s3_bucket_policy: { b: { bucket: "b", policy: json([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/$${aws:username}/*", Principal: "*" }]) } },
    },
    data: { aws_iam_policy_document: { d: { statement: [{ actions: ["sns:Publish"], resources: ["*"] }] } } },
  });
  const read = (address: string) => policiesOf(m, address).map((p) => [p.kind, p.attribute, p.document, shown(p.statements), p.unreadable.map((u) => u.why)]);

  test("a role: its trust policy and its inline policies", () => {
    expect(read("aws_iam_role.r")).toEqual([
      ["trust", "assume_role_policy", undefined, ["- Allow sts:AssumeRole"], []],
      ["identity", "inline_policy[0].policy", undefined, ["Inline Allow s3:GetObject"], []],
    ]);
    expect(policiesOf(m, "aws_iam_role.r")[1].statements[0].label).toBe('inline_policy[0].Statement[0] (Sid "Inline")');
  });

  test("literal JSON, a local, jsonencode of known values, a document, a variable", () => {
    expect(read("aws_iam_role_policy.literal")).toEqual([["identity", "policy", undefined, ["- Allow dynamodb:GetItem"], []]]);
    expect(read("aws_iam_role_policy.local")).toEqual([["identity", "policy", undefined, ["- Allow sqs:SendMessage"], []]]);
    expect(read("aws_iam_role_policy.encoded")).toEqual([["identity", "policy", undefined, ["- Allow kms:Decrypt"], []]]);
    expect(policiesOf(m, "aws_iam_role_policy.encoded")[0].statements[0].resources).toEqual(["${aws_iam_role.r.arn}"]);
    expect(read("aws_iam_role_policy.document")).toEqual([["identity", "policy", "data.aws_iam_policy_document.d", ["- Allow sns:Publish"], []]]);
    expect(read("aws_iam_role_policy.variable")).toEqual([["identity", "policy", undefined, [], [expect.stringMatching(/^var.policy can be set when Terraform runs/)]]]);
  });

  test("a resource policy keeps IAM policy variables as written, and its principal", () => {
    const [p] = policiesOf(m, "aws_s3_bucket_policy.b");
    expect(p.kind).toBe("resource");
    expect(p.statements[0].resources).toEqual(["arn:aws:s3:::b/$${aws:username}/*"]);
    expect(p.statements[0].principals).toEqual([{ type: "*", identifiers: ["*"] }]);
  });

  test("conditions of a JSON statement", () => {
    expect(policiesOf(m, "aws_iam_role_policy.literal")[0].statements[0].conditions).toEqual([{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["x"] }]);
  });
});
