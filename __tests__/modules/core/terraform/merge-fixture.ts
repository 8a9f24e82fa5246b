const json = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** Statements as `sid effect actions` for comparison. */
export function shown(statements: readonly { sid?: string; effect: string; actions: readonly string[] }[]): string[] {
  return statements.map((s) => `${s.sid ?? "-"} ${s.effect} ${s.actions.join(",")}`);
}

/**
 * The provider's documented merge (aws_iam_policy_document): source_policy_documents merged in
 * order, then the document's own statements, then each override in order; a statement with a Sid
 * replaces the one with that Sid in place, any other is appended. The same fixture runs through
 * aws 5.100.0 itself in __tests__/terraform/policy-document-merge.test.ts.
 */
export const MERGE_FIXTURE = {
  data: {
    aws_iam_policy_document: {
      src1: { statement: [{ sid: "A", actions: ["s3:GetObject"], resources: ["*"] }, { actions: ["s3:ListBucket"], resources: ["*"] }] },
      src2: { statement: [{ sid: "B", actions: ["sqs:SendMessage"], resources: ["*"] }] },
      ovr: { statement: [{ sid: "A", effect: "Deny", actions: ["s3:*"], resources: ["*"] }, { sid: "C", actions: ["sns:Publish"], resources: ["*"] }] },
      ovr2: { statement: [{ sid: "C", actions: ["kms:Decrypt"], resources: ["*"] }] },
      main: {
        source_policy_documents: ["${data.aws_iam_policy_document.src1.json}", "${data.aws_iam_policy_document.src2.json}"],
        override_policy_documents: ["${data.aws_iam_policy_document.ovr.json}", "${data.aws_iam_policy_document.ovr2.json}"],
        statement: [{ sid: "B", actions: ["dynamodb:GetItem"], resources: ["*"] }, { sid: "D", actions: ["logs:PutLogEvents"], resources: ["*"] }, { actions: ["x:Y"], resources: ["*"] }],
      },
      literal: {
        source_policy_documents: [json([{ Sid: "L", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }])],
        statement: [{ sid: "L", effect: "Deny", actions: ["s3:GetObject"], resources: ["*"] }],
      },
      overrideOnly: {
        override_policy_documents: [json([{ Sid: "O", Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" }])],
        statement: [{ sid: "O", effect: "Deny", actions: ["iam:PassRole"], resources: ["*"] }],
      },
    },
  },
};

/** What aws 5.100.0 renders for MERGE_FIXTURE (checked against the provider itself). */
export const MERGE_EXPECTED: Readonly<Record<string, string[]>> = {
  main: ["A Deny s3:*", "- Allow s3:ListBucket", "B Allow dynamodb:GetItem", "D Allow logs:PutLogEvents", "- Allow x:Y", "C Allow kms:Decrypt"],
  literal: ["L Deny s3:GetObject"],
  overrideOnly: ["O Allow iam:PassRole"],
};

