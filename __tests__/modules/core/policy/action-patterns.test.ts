import { actionCovers, coversEveryAction, grantedActions } from "../../../../modules/core/policy/action-patterns";

describe("action patterns", () => {
  test("a pattern covers actions as IAM matches them: * and ?, any case", () => {
    expect(actionCovers("iam:Put*", "iam:PutRolePolicy")).toBe(true);
    expect(actionCovers("IAM:putrolepolicy", "iam:PutRolePolicy")).toBe(true);
    expect(actionCovers("iam:?utRolePolicy", "iam:PutRolePolicy")).toBe(true);
    expect(actionCovers("iam:Get*", "iam:PutRolePolicy")).toBe(false);
  });

  test("grantedActions: what actions cover, or with NotAction everything not excluded", () => {
    expect(grantedActions({ actions: ["iam:*"] }, ["iam:PassRole", "s3:GetObject"])).toEqual(["iam:PassRole"]);
    expect(grantedActions({ actions: [], notActions: ["s3:*"] }, ["iam:PassRole", "s3:GetObject"])).toEqual(["iam:PassRole"]);
    expect(grantedActions({ actions: ["${var.action}"] }, ["iam:PassRole"])).toEqual([]);
  });

  test.each([["*", true], ["*:*", true], ["?*:*", true], ["**", true], ["iam:*", false], ["*:Get*", false], ["s3:*", false]])("coversEveryAction(%s) is %s", (pattern, expected) => {
    expect(coversEveryAction(pattern as string)).toBe(expected);
  });
});
