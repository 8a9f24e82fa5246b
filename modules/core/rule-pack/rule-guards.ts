import { UNSUPPRESSIBLE_GUARDS, type Rule, type RuleGuard } from "./rule";

/**
 * What each rule of the pack protects, by rule id (a rule may also say it itself, `Rule.guards`).
 * IAM, network and public-exposure findings cannot be suppressed: no reason makes an administrator
 * policy, an escalation path, a bucket readable by anyone or an open port acceptable. Endpoints an
 * API makes public on purpose (a route without authorization, a function URL, a Cloud Run service
 * anyone may invoke) are `public-endpoint`: suppressible with the reason, which every synth prints;
 * so are actions on the whole account's protections (`account-configuration`), which a job whose
 * purpose it is (account vending, remediation) needs, with the reason its statements give.
 */
export const RULE_GUARDS: Readonly<Record<string, RuleGuard>> = {
  "lambda-supported-runtime": "operations",
  "lambda-tracing": "operations",
  "lambda-dead-letter-queue": "operations",
  "lambda-sqs-source-redrive": "operations",
  "lambda-stream-on-failure": "operations",
  "lambda-concurrency-limit": "operations",
  "lambda-alarms": "operations",
  "lambda-rollout": "operations",
  "lambda-environment-kms": "data-protection",
  "lambda-environment-secrets": "data-protection",
  "lambda-permission-scoped": "iam",
  "lambda-s3-permission-source-account": "iam",
  "lambda-function-url-auth": "public-endpoint",
  "log-group-retention": "operations",
  "api-access-logging": "operations",
  "api-route-authorization": "public-endpoint",
  "ecr-immutable-tags": "supply-chain",
  "ecr-scan-on-push": "supply-chain",
  "ecr-kms-encryption": "data-protection",
  "s3-public-access-block": "public-exposure",
  "s3-versioning": "data-protection",
  "s3-kms-encryption": "data-protection",
  "sqs-encryption": "data-protection",
  "sns-encryption": "data-protection",
  "resource-policy-no-public-principal": "public-exposure",
  "aws-no-public-sharing": "public-exposure",
  "aws-data-egress": "data-protection",
  "ec2-no-public-ingress": "network",
  "iam-no-admin-access": "iam",
  "iam-no-aws-managed-policies": "iam",
  "iam-attached-policies-readable": "iam",
  "iam-runs-as-stack-role": "iam",
  "iam-no-wildcard-actions": "iam",
  "iam-no-wildcard-resources": "iam",
  "iam-no-privilege-escalation": "iam",
  "iam-no-role-self-modification": "iam",
  "iam-pass-role-to-service": "iam",
  "iam-no-account-destructive-actions": "account-configuration",
  "iam-no-resource-id-wildcards": "iam",
  "iam-trust-service-principals": "iam",
  "iam-deployer-bounded": "iam",
  "iam-role-permissions-boundary": "iam",
  "iam-no-users": "iam",
  "iam-no-long-lived-credentials": "iam",
  "aws-readable-security-values": "verifiability",
  "dynamodb-deletion-protection": "data-protection",
  "cloud-run-own-service-account": "iam",
  "cloud-run-no-public-access": "public-endpoint",
  "cloud-run-environment-secrets": "data-protection",
  "cloud-run-deletion-protection": "data-protection",
  "gcp-no-public-access": "public-exposure",
  "gcp-storage-no-public-acl": "public-exposure",
  "gcp-bigquery-no-public-acl": "public-exposure",
  "gcp-firewall-no-public-ingress": "network",
  "gcp-no-project-escalation-roles": "iam",
  "gcp-no-pool-wide-principals": "iam",
  "gcp-no-basic-roles": "iam",
  "gcp-no-project-admin-roles": "iam",
  "gcp-no-default-service-account-grants": "iam",
  "gcp-no-org-folder-grants": "iam",
  "gcp-no-service-account-keys": "iam",
  "gcp-custom-role-no-escalation": "iam",
  "gcp-readable-security-values": "verifiability",
  "artifact-registry-cmek": "data-protection",
  "unverifiable-blocks": "verifiability",
  "unverifiable-configuration": "verifiability",
  "aws-provider-as-configured": "iam",
  "lifecycle-no-ignored-security": "iam",
  "terraform-state-blocks": "verifiability",
};

/** What a rule protects: its own `guards`, else the table above. */
export function guardOf(rule: Rule): RuleGuard | undefined {
  return rule.guards ?? RULE_GUARDS[rule.id];
}

/** Whether a suppression may cover the rule's findings: not for `suppressible: false`, nor for IAM, network and public-exposure rules. */
export function isSuppressible(rule: Rule): boolean {
  const guard = guardOf(rule);
  return rule.suppressible !== false && !(guard !== undefined && UNSUPPRESSIBLE_GUARDS.includes(guard));
}
