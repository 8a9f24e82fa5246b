import { covers, coveredBy, principalTexts, statementKey } from "../../../../modules/core/policy/statement-coverage";
import { documentStatement, jsonPolicyStatements, type IamStatement } from "../../../../modules/core/terraform/iam-statement";

const source = { address: "aws_iam_role_policy.p", attribute: "policy" };

/** An Allow (or Deny) in the house's one statement type, as a policy's JSON would give it. */
function statement(action: string | string[], resource: string | string[], extra: Record<string, unknown> = {}): IamStatement {
  return jsonPolicyStatements({ Statement: [{ Effect: "Allow", Action: action, Resource: resource, ...extra }] }, "policy.", source)[0];
}

describe("statement coverage (the review's question: does head allow anything base did not?)", () => {
  it("honours IAM wildcards in actions (any case) and resources (exact case)", () => {
    expect(covers(statement("s3:*", "*"), statement("s3:GetObject", "arn:aws:s3:::b/*"))).toBe(true);
    expect(covers(statement("s3:get*", "arn:aws:s3:::b/*"), statement("s3:GetObject", "arn:aws:s3:::b/key"))).toBe(true);
    expect(covers(statement("s3:GetObject", "arn:aws:s3:::b/*"), statement("s3:GetObject", "arn:aws:s3:::other/key"))).toBe(false);
    expect(covers(statement("s3:GetObject", "arn:aws:s3:::b/?"), statement("s3:GetObject", "arn:aws:s3:::b/ab"))).toBe(false);
    expect(covers(statement("s3:GetObject", "arn:aws:s3:::B/*"), statement("s3:GetObject", "arn:aws:s3:::b/key"))).toBe(false);
    expect(covers(statement("s3:GetObject", "arn:aws:s3:::b/*"), statement(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::b/*"))).toBe(false);
    expect(covers(statement("s3:GetObject", "arn:aws:s3:::b/*"), statement("s3:GetObject", "*"))).toBe(false);
  });

  it("treats a dropped condition as wider, an added one as narrower", () => {
    const conditioned = statement("sqs:SendMessage", "*", { Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } });
    expect(covers(conditioned, statement("sqs:SendMessage", "*"))).toBe(false);
    expect(covers(statement("sqs:SendMessage", "*"), conditioned)).toBe(true);
  });

  it("splits and merges: two statements together can cover one", () => {
    const both = statement(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::b/*");
    expect(coveredBy(both, [statement("s3:GetObject", "arn:aws:s3:::b/*"), statement("s3:PutObject", "arn:aws:s3:::b/*")])).toBe(true);
    expect(coveredBy(both, [statement("s3:GetObject", "arn:aws:s3:::b/*")])).toBe(false);
  });

  it("lets an account principal cover that account's roles, not another account's", () => {
    const account = statement("kms:Decrypt", "*", { Principal: { AWS: "arn:aws:iam::111111111111:root" } });
    expect(covers(account, statement("kms:Decrypt", "*", { Principal: { AWS: "arn:aws:iam::111111111111:role/app" } }))).toBe(true);
    expect(covers(account, statement("kms:Decrypt", "*", { Principal: { AWS: "arn:aws:iam::222222222222:role/app" } }))).toBe(false);
    expect(covers(account, statement("kms:Decrypt", "*", { Principal: "*" }))).toBe(false);
  });

  it("never lets an Allow cover a Deny, or a statement with other Not* lists", () => {
    expect(covers(statement("s3:*", "*"), { ...statement("s3:GetObject", "*"), effect: "Deny" })).toBe(false);
    expect(covers(statement("s3:*", "*"), statement([], "*", { NotAction: "iam:*" }))).toBe(false);
  });

  it("reads policy-document blocks and IAM JSON into the same content (the Sid and place left out)", () => {
    const fromBlock = documentStatement(
      {
        sid: "Read",
        effect: "Allow",
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::b/*"],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }],
      },
      "statement[0]",
      { address: "data.aws_iam_policy_document.d", attribute: "statement[0]" },
    );
    const [fromJson] = jsonPolicyStatements(
      { Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::b/*"], Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } } },
      "policy.",
      source,
    );
    expect(statementKey(fromJson)).toBe(statementKey(fromBlock));
    expect(principalTexts(fromBlock.principals)).toEqual(["*"]);
  });
});
