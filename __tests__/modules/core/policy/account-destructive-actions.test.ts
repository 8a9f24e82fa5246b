import { ACCOUNT_DESTRUCTIVE_ACTIONS, accountDestructiveActionsOf } from "../../../../modules/core/policy/account-destructive-actions";
import { lookupAction } from "../../../../modules/core/policy/iam-actions";

describe("account-level destructive actions", () => {
  test("every listed action exists in the Service Authorization Reference, once", () => {
    expect(ACCOUNT_DESTRUCTIVE_ACTIONS.filter((a) => !lookupAction(a))).toEqual([]);
    expect(new Set(ACCOUNT_DESTRUCTIVE_ACTIONS.map((a) => a.toLowerCase())).size).toBe(ACCOUNT_DESTRUCTIVE_ACTIONS.length);
  });

  test.each([
    ["organizations:LeaveOrganization", ["organizations:LeaveOrganization"]],
    ["S3:putaccountpublicaccessblock", ["s3:PutAccountPublicAccessBlock"]],
    ["cloudtrail:Stop*", ["cloudtrail:StopLogging", "cloudtrail:StopEventDataStoreIngestion"]],
    ["iam:*AccountPasswordPolicy", ["iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy"]],
  ])("%s covers %j", (action, covered) => expect(accountDestructiveActionsOf(action)).toEqual(covered));

  test.each(["s3:GetAccountPublicAccessBlock", "guardduty:GetFindings", "cloudtrail:LookupEvents", "${var.action}"])("%s covers none", (action) => {
    expect(accountDestructiveActionsOf(action)).toEqual([]);
  });
});
