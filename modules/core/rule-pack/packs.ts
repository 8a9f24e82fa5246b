import type { Rule } from "./rule";
import { apiAccessLogging } from "./rules/aws/api-access-logging";
import { apiRouteAuthorization } from "./rules/aws/api-route-authorization";
import { awsProviderAsConfigured } from "./rules/aws/aws-provider-as-configured";
import { awsDataEgress } from "./rules/aws/aws-data-egress";
import { awsNoPublicSharing } from "./rules/aws/aws-no-public-sharing";
import { awsReadableSecurityValues } from "./rules/aws/aws-readable-security-values";
import { dynamodbDeletionProtection } from "./rules/aws/dynamodb-deletion-protection";
import { ec2NoPublicIngress } from "./rules/aws/ec2-no-public-ingress";
import { ecrImmutableTags } from "./rules/aws/ecr-immutable-tags";
import { ecrKmsEncryption } from "./rules/aws/ecr-kms-encryption";
import { ecrScanOnPush } from "./rules/aws/ecr-scan-on-push";
import { iamAttachedPoliciesReadable } from "./rules/aws/iam-attached-policies-readable";
import { iamNoAccountDestructiveActions } from "./rules/aws/iam-no-account-destructive-actions";
import { iamNoAdminAccess } from "./rules/aws/iam-no-admin-access";
import { iamNoAwsManagedPolicies } from "./rules/aws/iam-no-aws-managed-policies";
import { iamNoLongLivedCredentials } from "./rules/aws/iam-no-long-lived-credentials";
import { iamDeployerBounded } from "./rules/aws/iam-deployer-bounded";
import { iamNoPrivilegeEscalation } from "./rules/aws/iam-no-privilege-escalation";
import { iamNoResourceIdWildcards } from "./rules/aws/iam-no-resource-id-wildcards";
import { iamNoRoleSelfModification } from "./rules/aws/iam-no-role-self-modification";
import { iamNoUsers } from "./rules/aws/iam-no-users";
import { iamNoWildcardActions } from "./rules/aws/iam-no-wildcard-actions";
import { iamNoWildcardResources } from "./rules/aws/iam-no-wildcard-resources";
import { iamPassRoleToService } from "./rules/aws/iam-pass-role-to-service";
import { iamRolePermissionsBoundary } from "./rules/aws/iam-role-permissions-boundary";
import { iamRunsAsStackRole } from "./rules/aws/iam-runs-as-stack-role";
import { iamTrustServicePrincipals } from "./rules/aws/iam-trust-service-principals";
import { lambdaAlarms } from "./rules/aws/lambda-alarms";
import { lambdaConcurrencyLimit } from "./rules/aws/lambda-concurrency-limit";
import { lambdaDeadLetterQueue } from "./rules/aws/lambda-dead-letter-queue";
import { lambdaEnvironmentKms } from "./rules/aws/lambda-environment-kms";
import { lambdaEnvironmentSecrets } from "./rules/aws/lambda-environment-secrets";
import { lambdaFunctionUrlAuth } from "./rules/aws/lambda-function-url-auth";
import { lambdaPermissionScoped } from "./rules/aws/lambda-permission-scoped";
import { lambdaRollout } from "./rules/aws/lambda-rollout";
import { lambdaS3PermissionSourceAccount } from "./rules/aws/lambda-s3-permission-source-account";
import { lambdaSqsSourceRedrive } from "./rules/aws/lambda-sqs-source-redrive";
import { lambdaStreamOnFailure } from "./rules/aws/lambda-stream-on-failure";
import { lambdaSupportedRuntime } from "./rules/aws/lambda-supported-runtime";
import { lambdaTracing } from "./rules/aws/lambda-tracing";
import { logGroupRetention } from "./rules/aws/log-group-retention";
import { resourcePolicyNoPublicPrincipal } from "./rules/aws/resource-policy-no-public-principal";
import { s3KmsEncryption } from "./rules/aws/s3-kms-encryption";
import { s3PublicAccessBlock } from "./rules/aws/s3-public-access-block";
import { s3Versioning } from "./rules/aws/s3-versioning";
import { snsEncryption } from "./rules/aws/sns-encryption";
import { sqsEncryption } from "./rules/aws/sqs-encryption";
import { artifactRegistryCmek } from "./rules/gcp/artifact-registry-cmek";
import { cloudRunDeletionProtection } from "./rules/gcp/cloud-run-deletion-protection";
import { cloudRunEnvironmentSecrets } from "./rules/gcp/cloud-run-environment-secrets";
import { cloudRunNoPublicAccess } from "./rules/gcp/cloud-run-no-public-access";
import { cloudRunOwnServiceAccount } from "./rules/gcp/cloud-run-own-service-account";
import { gcpBigqueryNoPublicAcl } from "./rules/gcp/gcp-bigquery-no-public-acl";
import { gcpCustomRoleNoEscalation } from "./rules/gcp/gcp-custom-role-no-escalation";
import { gcpFirewallNoPublicIngress } from "./rules/gcp/gcp-firewall-no-public-ingress";
import { gcpNoBasicRoles } from "./rules/gcp/gcp-no-basic-roles";
import { gcpNoDefaultServiceAccountGrants } from "./rules/gcp/gcp-no-default-service-account-grants";
import { gcpNoOrgFolderGrants } from "./rules/gcp/gcp-no-org-folder-grants";
import { gcpNoPoolWidePrincipals } from "./rules/gcp/gcp-no-pool-wide-principals";
import { gcpNoProjectAdminRoles } from "./rules/gcp/gcp-no-project-admin-roles";
import { gcpNoProjectEscalationRoles } from "./rules/gcp/gcp-no-project-escalation-roles";
import { gcpNoPublicAccess } from "./rules/gcp/gcp-no-public-access";
import { gcpNoServiceAccountKeys } from "./rules/gcp/gcp-no-service-account-keys";
import { gcpReadableSecurityValues } from "./rules/gcp/gcp-readable-security-values";
import { gcpStorageNoPublicAcl } from "./rules/gcp/gcp-storage-no-public-acl";
import { lifecycleNoIgnoredSecurity } from "./rules/terraform/lifecycle-no-ignored-security";
import { terraformStateBlocks } from "./rules/terraform/terraform-state-blocks";
import { unverifiableBlocks } from "./rules/terraform/unverifiable-blocks";
import { unverifiableConfiguration } from "./rules/terraform/unverifiable-configuration";

/** Packs only compose rules: the rules themselves live one per file under rules/aws and rules/gcp. */

export const AWS_RULES: readonly Rule[] = [
  lambdaSupportedRuntime,
  lambdaTracing,
  lambdaDeadLetterQueue,
  lambdaSqsSourceRedrive,
  lambdaStreamOnFailure,
  lambdaConcurrencyLimit,
  lambdaAlarms,
  lambdaRollout,
  lambdaEnvironmentKms,
  lambdaEnvironmentSecrets,
  lambdaPermissionScoped,
  lambdaS3PermissionSourceAccount,
  lambdaFunctionUrlAuth,
  logGroupRetention,
  apiAccessLogging,
  apiRouteAuthorization,
  ecrImmutableTags,
  ecrScanOnPush,
  ecrKmsEncryption,
  s3PublicAccessBlock,
  s3Versioning,
  s3KmsEncryption,
  sqsEncryption,
  snsEncryption,
  resourcePolicyNoPublicPrincipal,
  awsNoPublicSharing,
  awsDataEgress,
  ec2NoPublicIngress,
  iamNoAdminAccess,
  iamNoAwsManagedPolicies,
  iamAttachedPoliciesReadable,
  iamRunsAsStackRole,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamNoPrivilegeEscalation,
  iamNoRoleSelfModification,
  iamPassRoleToService,
  iamNoAccountDestructiveActions,
  iamNoResourceIdWildcards,
  iamTrustServicePrincipals,
  iamDeployerBounded,
  iamRolePermissionsBoundary,
  iamNoUsers,
  iamNoLongLivedCredentials,
  awsReadableSecurityValues,
  dynamodbDeletionProtection,
];

export const GCP_RULES: readonly Rule[] = [
  cloudRunOwnServiceAccount,
  cloudRunNoPublicAccess,
  cloudRunEnvironmentSecrets,
  cloudRunDeletionProtection,
  gcpNoPublicAccess,
  gcpStorageNoPublicAcl,
  gcpBigqueryNoPublicAcl,
  gcpFirewallNoPublicIngress,
  gcpNoBasicRoles,
  gcpNoProjectEscalationRoles,
  gcpNoProjectAdminRoles,
  gcpNoDefaultServiceAccountGrants,
  gcpNoOrgFolderGrants,
  gcpNoPoolWidePrincipals,
  gcpNoServiceAccountKeys,
  gcpCustomRoleNoEscalation,
  gcpReadableSecurityValues,
  artifactRegistryCmek,
];

/**
 * Default deny, whatever the cloud: what the stack's model cannot read and the catalog does not
 * know is a finding ("cannot verify <what> at <address>").
 */
export const TERRAFORM_RULES: readonly Rule[] = [unverifiableBlocks, unverifiableConfiguration, awsProviderAsConfigured, lifecycleNoIgnoredSecurity, terraformStateBlocks];

/**
 * Every rule, AWS, GCP and default deny: rules only look at their own resource types, so one pack
 * fits every stack. Every pack runs all of them: a pack's `rules` add to them, never replace them.
 */
export const SECURE_BY_DEFAULT: readonly Rule[] = [...AWS_RULES, ...GCP_RULES, ...TERRAFORM_RULES];
