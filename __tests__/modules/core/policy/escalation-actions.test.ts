import { ESCALATION_ACTIONS, isEscalationAction } from "../../../../modules/core/policy/escalation-actions";
import { lookupAction } from "../../../../modules/core/policy/iam-actions";

describe("escalation actions", () => {
  test("every listed action exists in the Service Authorization Reference, once", () => {
    expect(ESCALATION_ACTIONS.filter((a) => !lookupAction(a))).toEqual([]);
    expect(new Set(ESCALATION_ACTIONS.map((a) => a.toLowerCase())).size).toBe(ESCALATION_ACTIONS.length);
  });

  test.each(["iam:PassRole", "IAM:passrole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "sts:AssumeRole", "lambda:UpdateFunctionCode", "iam:Put*", "iam:*", "*", "lambda:Update*"])(
    "%s can escalate",
    (action) => expect(isEscalationAction(action)).toBe(true),
  );

  test.each(["s3:GetObject", "dynamodb:GetItem", "iam:GetRole", "iam:List*", "lambda:Get*", "${var.action}", "logs:PutLogEvents"])("%s cannot", (action) =>
    expect(isEscalationAction(action)).toBe(false),
  );
});
