import type { Rule } from "./rule";
import { apiAccessLogging } from "./rules/aws/api-access-logging";
import { apiRouteAuthorization } from "./rules/aws/api-route-authorization";
import { dynamodbDeletionProtection } from "./rules/aws/dynamodb-deletion-protection";
import { ecrImmutableTags } from "./rules/aws/ecr-immutable-tags";
import { ecrKmsEncryption } from "./rules/aws/ecr-kms-encryption";
import { ecrScanOnPush } from "./rules/aws/ecr-scan-on-push";
import { iamNoAdminAccess } from "./rules/aws/iam-no-admin-access";
import { iamNoWildcardActions } from "./rules/aws/iam-no-wildcard-actions";
import { iamNoWildcardResources } from "./rules/aws/iam-no-wildcard-resources";
import { iamTrustServicePrincipals } from "./rules/aws/iam-trust-service-principals";
import { lambdaConcurrencyLimit } from "./rules/aws/lambda-concurrency-limit";
import { lambdaDeadLetterQueue } from "./rules/aws/lambda-dead-letter-queue";
import { lambdaEnvironmentKms } from "./rules/aws/lambda-environment-kms";
import { lambdaEnvironmentSecrets } from "./rules/aws/lambda-environment-secrets";
import { lambdaFunctionUrlAuth } from "./rules/aws/lambda-function-url-auth";
import { lambdaPermissionScoped } from "./rules/aws/lambda-permission-scoped";
import { lambdaSupportedRuntime } from "./rules/aws/lambda-supported-runtime";
import { lambdaTracing } from "./rules/aws/lambda-tracing";
import { logGroupRetention } from "./rules/aws/log-group-retention";
import { s3KmsEncryption } from "./rules/aws/s3-kms-encryption";
import { s3PublicAccessBlock } from "./rules/aws/s3-public-access-block";
import { s3Versioning } from "./rules/aws/s3-versioning";
import { sqsEncryption } from "./rules/aws/sqs-encryption";
import { artifactRegistryCmek } from "./rules/gcp/artifact-registry-cmek";
import { cloudRunDeletionProtection } from "./rules/gcp/cloud-run-deletion-protection";
import { cloudRunEnvironmentSecrets } from "./rules/gcp/cloud-run-environment-secrets";
import { cloudRunNoPublicAccess } from "./rules/gcp/cloud-run-no-public-access";
import { cloudRunOwnServiceAccount } from "./rules/gcp/cloud-run-own-service-account";
import { gcpNoBasicRoles } from "./rules/gcp/gcp-no-basic-roles";
import { gcpNoDefaultServiceAccountGrants } from "./rules/gcp/gcp-no-default-service-account-grants";
import { gcpNoProjectAdminRoles } from "./rules/gcp/gcp-no-project-admin-roles";
import { gcpNoPublicAccess } from "./rules/gcp/gcp-no-public-access";

/** Packs only compose rules: the rules themselves live one per file under rules/aws and rules/gcp. */

export const AWS_RULES: readonly Rule[] = [
  lambdaSupportedRuntime,
  lambdaTracing,
  lambdaDeadLetterQueue,
  lambdaConcurrencyLimit,
  lambdaEnvironmentKms,
  lambdaEnvironmentSecrets,
  lambdaPermissionScoped,
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
  iamNoAdminAccess,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamTrustServicePrincipals,
  dynamodbDeletionProtection,
];

export const GCP_RULES: readonly Rule[] = [
  cloudRunOwnServiceAccount,
  cloudRunNoPublicAccess,
  cloudRunEnvironmentSecrets,
  cloudRunDeletionProtection,
  gcpNoPublicAccess,
  gcpNoBasicRoles,
  gcpNoProjectAdminRoles,
  gcpNoDefaultServiceAccountGrants,
  artifactRegistryCmek,
];

/** Every rule, AWS and GCP: rules only look at their own resource types, so one pack fits every stack. */
export const SECURE_BY_DEFAULT: readonly Rule[] = [...AWS_RULES, ...GCP_RULES];
