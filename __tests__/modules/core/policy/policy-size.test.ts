import { Token } from "cdktf";
import { estimatePolicySize, ROLE_INLINE_POLICY_MAX_CHARS, UNRESOLVED_VALUE_CHARS } from "../../../../modules/core/policy/policy-size";
import type { PolicyDocumentStatement } from "../../../../modules/core/policy/policy-statement";

const TABLE = "arn:aws:dynamodb:eu-west-1:111111111111:table/users";

describe("estimatePolicySize", () => {
  test("is the length of the IAM JSON without whitespace, lists as lists", () => {
    const statements: PolicyDocumentStatement[] = [
      { sid: "Code1", effect: "Allow", actions: ["dynamodb:GetItem"], resources: [TABLE] },
      {
        effect: "Allow",
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        condition: [
          { test: "StringEquals", variable: "cloudwatch:namespace", values: ["orders"] },
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
        ],
      },
    ];
    const expected = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Code1", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [TABLE] },
        {
          Effect: "Allow",
          Action: ["cloudwatch:PutMetricData"],
          Resource: ["*"],
          Condition: { StringEquals: { "cloudwatch:namespace": ["orders"], "aws:SourceAccount": ["111111111111"] } },
        },
      ],
    });
    expect(estimatePolicySize(statements)).toBe(expected.length);
  });

  test("counts every reference (Terraform expression or cdktf token) as UNRESOLVED_VALUE_CHARS", () => {
    const base = estimatePolicySize([{ effect: "Allow", actions: ["dynamodb:GetItem"], resources: [""] }]);
    const token = Token.asString({ Ref: "table.arn" });
    expect(estimatePolicySize([{ effect: "Allow", actions: ["dynamodb:GetItem"], resources: [token] }])).toBe(base + UNRESOLVED_VALUE_CHARS);
    expect(estimatePolicySize([{ effect: "Allow", actions: ["dynamodb:GetItem"], resources: [`${token}/index/*`] }])).toBe(base + UNRESOLVED_VALUE_CHARS + 8);
    expect(estimatePolicySize([{ effect: "Allow", actions: ["dynamodb:GetItem"], resources: ["${aws_dynamodb_table.t.arn}"] }])).toBe(base + UNRESOLVED_VALUE_CHARS);
  });

  test("IAM's limit is 10,240 characters", () => {
    expect(ROLE_INLINE_POLICY_MAX_CHARS).toBe(10240);
  });
});
