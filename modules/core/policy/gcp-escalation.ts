/**
 * GCP roles and permissions that let a member gain access it was not given: act as or mint tokens
 * for service accounts, change IAM, or run code (a build, a deployment, a job with new arguments, a
 * shell in a pod) as a service account that holds more. Granted on the project, a role reaches every
 * service account and secret in it, present and future.
 *
 * Sources (read for the paths they document):
 * - Rhino Security Labs, "Privilege Escalation in Google Cloud Platform" parts 1 and 2, and the
 *   exploit scripts of RhinoSecurityLabs/GCP-IAM-Privilege-Escalation (`cloudbuild.builds.create`,
 *   `deploymentmanager.deployments.create`, `iam.roles.update`, `iam.serviceAccountKeys.create`,
 *   `iam.serviceAccounts.getAccessToken`/`implicitDelegation`/`signBlob`/`signJwt`,
 *   `orgpolicy.policy.set`, `run.services.create`, `serviceusage.apiKeys.create`, `storage.hmacKeys.create`,
 *   `cloudfunctions.functions.create`/`update`, `compute.instances.create`);
 * - Datadog pathfinding.cloud GCP scenarios (`gcp-cloudfunctions-001`/`002`, `gcp-iam-001`);
 * - checkov CKV_GCP_41 and CKV_GCP_49 (roles that impersonate or manage service accounts at project
 *   level, service agent roles among them) and the CIS Google Cloud Foundations Benchmark 1.5/1.6;
 * - SonarSource rule S6408 (custom roles that allow privilege escalation);
 * - Google Cloud documentation: "Service account impersonation", "Service agents" (service agent
 *   roles are for Google's agents only), Cloud Run "Execute jobs" (`run.jobs.runWithOverrides`
 *   changes a job's command, arguments and environment, and the job runs as its service account),
 *   "Workload Identity Federation" (a pool provider decides which outside identities get in),
 *   GKE "Access control" (`container.pods.exec`, `container.serviceAccounts.createToken`).
 */

/** Predefined roles that escalate when granted on the whole project. Basic roles are `gcp-no-basic-roles`'. */
export const PROJECT_ESCALATION_ROLES: readonly string[] = [
  // Act as, or mint credentials for, every service account of the project.
  "roles/iam.serviceAccountUser",
  "roles/iam.serviceAccountTokenCreator",
  "roles/iam.serviceAccountOpenIdTokenCreator",
  "roles/iam.serviceAccountKeyAdmin",
  "roles/iam.serviceAccountAdmin",
  "roles/iam.workloadIdentityUser",
  "roles/iam.workloadIdentityPoolAdmin",
  "roles/storage.hmacKeyAdmin",
  "roles/serviceusage.apiKeysAdmin",
  // Change who holds what.
  "roles/iam.securityAdmin",
  "roles/iam.roleAdmin",
  "roles/iam.organizationRoleAdmin",
  "roles/iam.denyAdmin",
  "roles/resourcemanager.projectIamAdmin",
  "roles/orgpolicy.policyAdmin",
  // Run code as a service account that may hold more.
  "roles/cloudbuild.builds.editor",
  "roles/cloudbuild.builds.builder",
  "roles/deploymentmanager.editor",
  "roles/cloudfunctions.developer",
  "roles/cloudfunctions.admin",
  "roles/run.developer",
  "roles/run.sourceDeveloper",
  "roles/run.admin",
  "roles/container.developer",
  "roles/container.admin",
  "roles/compute.instanceAdmin",
  "roles/compute.instanceAdmin.v1",
  "roles/compute.admin",
  "roles/composer.admin",
  "roles/composer.worker",
  "roles/dataflow.developer",
  "roles/dataflow.admin",
  "roles/dataproc.editor",
  "roles/notebooks.admin",
  // Read every secret of the project (credentials for everything else).
  "roles/secretmanager.secretAccessor",
  "roles/secretmanager.admin",
];

const PROJECT_ROLES = new Set(PROJECT_ESCALATION_ROLES);

/** True for a role that escalates when granted on the project: one of `PROJECT_ESCALATION_ROLES`, or any service agent role (`roles/<service>.serviceAgent`). */
export function isProjectEscalationRole(role: string): boolean {
  return typeof role === "string" && (PROJECT_ROLES.has(role) || /^roles\/[A-Za-z0-9.]+\.serviceAgent$/.test(role) || /^roles\/[A-Za-z0-9.]+ServiceAgent$/.test(role));
}

/** Permissions a custom role may not hold: each lets the holder grant itself more or act as a service account. */
export const ESCALATION_PERMISSIONS: readonly RegExp[] = [
  // Change IAM.
  /\.setIamPolicy$/i,
  /^iam\.roles\.(create|update|undelete)$/i,
  /^iam\.denypolicies\.(create|update|delete)$/i,
  /^resourcemanager\.(projects|folders|organizations)\.setIamPolicy$/i,
  /^orgpolicy\.policy\.set$/i,
  // Act as, or mint credentials for, a service account or the project.
  /^iam\.serviceAccounts\.(actAs|getAccessToken|getOpenIdToken|signBlob|signJwt|implicitDelegation)$/i,
  /^iam\.serviceAccountKeys\.create$/i,
  /^iam\.workloadIdentityPoolProviders\.(create|update|undelete)$/i,
  /^iam\.workloadIdentityPoolProviderKeys\.create$/i,
  /^storage\.hmacKeys\.create$/i,
  /^serviceusage\.apiKeys\.(create|regenerate|getKeyString)$/i,
  /^apikeys\.keys\./i,
  /^secretmanager\.versions\.access$/i,
  // Run code as a service account.
  /^deploymentmanager\.deployments\.(create|update)$/i,
  /^cloudbuild\.builds\.(create|update)$/i,
  /^cloudfunctions\.functions\.(create|update|sourceCodeSet)$/i,
  /^run\.(services|jobs)\.(create|update)$/i,
  /^run\.jobs\.runWithOverrides$/i,
  /^compute\.instances\.(create|setMetadata|setServiceAccount)$/i,
  /^compute\.projects\.setCommonInstanceMetadata$/i,
  /^composer\.environments\.(create|update)$/i,
  /^dataflow\.jobs\.create$/i,
  /^dataproc\.(clusters|jobs)\.create$/i,
  /^notebooks\.instances\.create$/i,
  /^workflows\.workflows\.(create|update)$/i,
  /^aiplatform\.customJobs\.create$/i,
  // A shell or a token inside a GKE workload.
  /^container\.pods\.(exec|attach)$/i,
  /^container\.serviceAccounts\.createToken$/i,
  /^container\.secrets\.(get|list)$/i,
];

/** The permissions of a list that let the holder escalate. */
export function escalatingPermissions(permissions: readonly unknown[]): string[] {
  return permissions.filter((p): p is string => typeof p === "string" && ESCALATION_PERMISSIONS.some((re) => re.test(p)));
}
