import { ESCALATION_ACTIONS, isEscalationAction } from "../../../../modules/core/policy/escalation-actions";
import { lookupAction } from "../../../../modules/core/policy/iam-actions";

describe("ESCALATION_ACTIONS", () => {
  test("every entry is a real action, written with the reference's casing, once", () => {
    for (const action of ESCALATION_ACTIONS) expect(lookupAction(action)?.name).toBe(action);
    expect(new Set(ESCALATION_ACTIONS.map((a) => a.toLowerCase())).size).toBe(ESCALATION_ACTIONS.length);
  });

  test("holds the classic escalation paths", () => {
    for (const action of ["iam:PassRole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:CreateAccessKey", "iam:UpdateAssumeRolePolicy", "sts:AssumeRole", "lambda:CreateFunction", "lambda:UpdateFunctionCode"]) {
      expect(isEscalationAction(action)).toBe(true);
    }
  });

  test("compares case-insensitively, as IAM does, and leaves data actions out", () => {
    expect(isEscalationAction("IAM:passrole")).toBe(true);
    expect(isEscalationAction("dynamodb:GetItem")).toBe(false);
    expect(isEscalationAction(42 as unknown as string)).toBe(false);
  });
});
