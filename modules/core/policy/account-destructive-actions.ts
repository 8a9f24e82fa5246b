import { actionCovers } from "./action-patterns";

/**
 * Actions that change the whole account rather than one resource of a service: they switch off a
 * protection every workload of the account relies on (the organization's guardrails, the account's
 * S3 public access block, default EBS encryption, the password policy, threat detection, audit
 * trails, configuration recording), or hide what happens next. A function rarely needs one, and when
 * it does (a remediation or account-vending job), a reviewer must read why: props ask for a `reason`,
 * and the rule pack reports them in protected environments (`iam-no-account-destructive-actions`).
 *
 * Sources (each lists actions an attacker uses to blind or open up an account, or that AWS
 * recommends denying with a service control policy):
 * - AWS Organizations User Guide, "Example service control policies", and the examples AWS keeps in
 *   aws-samples/service-control-policy-examples: "Deny member accounts from leaving your AWS
 *   organization", "Deny disabling default EBS encryption", "Deny users from disabling block public
 *   access on AMIs", "Deny users from disabling Amazon GuardDuty or modifying its configuration",
 *   "Deny modifications to specific CloudTrail trails", "Deny enabling and disabling AWS Config",
 *   "Deny deletion or disassociation or updation to AWS SecurityHub", "Deny deletion of AWS Access
 *   Analyzer and findings in an account", "Protect disabling or deleting Amazon Macie", "Deny users
 *   from deleting Amazon VPC flow logs", "Deny account region enable and disable actions", "Deny
 *   billing modification action";
 * - Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage" (the account-level
 *   setting is `s3:PutAccountPublicAccessBlock`, which also removes it);
 * - IAM User Guide, "Set an account password policy for IAM users";
 * - Datadog Stratus Red Team, defense-evasion techniques: `aws.defense-evasion.organizations-leave`,
 *   `cloudtrail-stop`, `cloudtrail-delete`, `cloudtrail-event-selectors`, `vpc-remove-flow-logs`,
 *   `dns-delete-logs`.
 */
export const ACCOUNT_DESTRUCTIVE_ACTIONS: readonly string[] = [
  // The organization's guardrails (SCPs, RCPs, delegated services) stop applying.
  "organizations:LeaveOrganization",
  // Account-wide protections of data at rest and in public.
  "s3:PutAccountPublicAccessBlock",
  "ec2:DisableEbsEncryptionByDefault",
  "ec2:ModifyEbsDefaultKmsKeyId",
  "ec2:ResetEbsDefaultKmsKeyId",
  "ec2:DisableImageBlockPublicAccess",
  "ec2:DisableSnapshotBlockPublicAccess",
  "ec2:ModifyInstanceMetadataDefaults",
  "ec2:EnableSerialConsoleAccess",
  // The account's password policy.
  "iam:UpdateAccountPasswordPolicy",
  "iam:DeleteAccountPasswordPolicy",
  // Threat detection and security findings.
  "guardduty:DeleteDetector",
  "guardduty:UpdateDetector",
  "guardduty:DisassociateFromMasterAccount",
  "guardduty:DisassociateFromAdministratorAccount",
  "guardduty:StopMonitoringMembers",
  "guardduty:DeleteMembers",
  "guardduty:DisassociateMembers",
  "guardduty:CreateFilter",
  "guardduty:UpdateFilter",
  "guardduty:CreateIPSet",
  "guardduty:UpdateIPSet",
  "guardduty:DeletePublishingDestination",
  "securityhub:DisableSecurityHub",
  "securityhub:BatchDisableStandards",
  "securityhub:DisassociateFromMasterAccount",
  "securityhub:DisassociateFromAdministratorAccount",
  "securityhub:DeleteMembers",
  "securityhub:DisableImportFindingsForProduct",
  "access-analyzer:DeleteAnalyzer",
  "access-analyzer:CreateArchiveRule",
  "access-analyzer:UpdateArchiveRule",
  "access-analyzer:ApplyArchiveRule",
  "macie2:DisableMacie",
  "macie2:DisassociateFromAdministratorAccount",
  "macie2:UpdateMacieSession",
  "inspector2:Disable",
  "inspector2:DisassociateMember",
  "detective:DisassociateMembership",
  "detective:DeleteGraph",
  // Audit trails and configuration history.
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
  "cloudtrail:DeleteEventDataStore",
  "cloudtrail:StopEventDataStoreIngestion",
  "config:StopConfigurationRecorder",
  "config:DeleteConfigurationRecorder",
  "config:DeleteDeliveryChannel",
  "config:DeleteRetentionConfiguration",
  "config:DeleteConfigRule",
  "config:DeleteOrganizationConfigRule",
  "config:DeleteConfigurationAggregator",
  "ec2:DeleteFlowLogs",
  "route53resolver:DeleteResolverQueryLogConfig",
  "route53resolver:DisassociateResolverQueryLogConfig",
  // The account itself: its regions, its security contact, its existence.
  "account:CloseAccount",
  "account:DisableRegion",
  "account:PutAlternateContact",
  "account:DeleteAlternateContact",
];

/** The account-level destructive actions that `action` (a name or a wildcard pattern, any case) covers. */
export function accountDestructiveActionsOf(action: string): string[] {
  if (typeof action !== "string" || action.includes("${")) return [];
  return ACCOUNT_DESTRUCTIVE_ACTIONS.filter((a) => actionCovers(action, a));
}
