import { grantedActions } from "../../../policy/action-patterns";
import { ACCOUNT_DESTRUCTIVE_ACTIONS } from "../../../policy/account-destructive-actions";
import { environmentTraits } from "../../../environment-traits";
import type { Rule } from "../../rule";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

const SHOWN = 6;

export const iamNoAccountDestructiveActions: Rule = {
  id: "iam-no-account-destructive-actions",
  title: "Identity policies grant no account-level destructive actions in protected environments",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (as its config declares it: `environmentTraits(environment).protected` in modules/core/environment-traits.ts; an environment no config declared counts as protected), no Allow statement of an identity policy grants an action that changes the whole account (`ACCOUNT_DESTRUCTIVE_ACTIONS` in modules/core/policy/account-destructive-actions.ts, from AWS's example SCPs and Stratus Red Team: `organizations:LeaveOrganization`, `s3:PutAccountPublicAccessBlock`, `ec2:DisableEbsEncryptionByDefault`, `iam:UpdateAccountPasswordPolicy`/`DeleteAccountPasswordPolicy`, GuardDuty, Security Hub, Access Analyzer, Macie, Inspector and Detective disabling, CloudTrail and Config stopping, flow log and DNS query log deletion, `account:CloseAccount`...), by name, by a wildcard or left in by `NotAction`, on any resource. A job that must (account vending, remediation) is a suppression whose reason says why, the same reason its `policyStatements` give.",
  appliesTo: IAM_POLICY_TYPES,
  check(resource, context) {
    if (!environmentTraits(context.environment).protected) return undefined;
    const problems: string[] = [];
    for (const s of permissionStatements(resource)) {
      if (s.effect !== "Allow" || s.principals.length > 0 || s.hasNotPrincipals) continue;
      const granted = grantedActions(s, ACCOUNT_DESTRUCTIVE_ACTIONS);
      if (granted.length === 0) continue;
      const shown = granted.length > SHOWN ? `${granted.slice(0, SHOWN).join(", ")} and ${granted.length - SHOWN} more` : granted.join(", ");
      problems.push(`${s.label} allows ${shown}`);
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}: each changes the whole account (its organization, public access block, default encryption, password policy, threat detection or audit trail), not one resource; leave them out, or suppress with the reason this principal must`;
  },
};
