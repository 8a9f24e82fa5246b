/**
 * What a deployer must read to plan blocks of one Terraform type on Google Cloud: the permissions
 * the google provider's refresh of that type needs (`get`, and `getIamPolicy` for IAM members), by
 * type. The environment's plan service account gets exactly those of the types its stacks use, in
 * one custom role of the project: reading needs no admin role, and none of these permissions can
 * grant anything. A type without an entry stops the identity stack's synth, naming it.
 */
export const GCP_READ_PERMISSIONS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ["google_artifact_registry_repository", ["artifactregistry.repositories.get"]],
  ["google_artifact_registry_repository_iam_member", ["artifactregistry.repositories.getIamPolicy"]],
  ["google_cloud_run_v2_service", ["run.services.get", "run.operations.get"]],
  ["google_cloud_run_v2_service_iam_member", ["run.services.getIamPolicy"]],
  ["google_cloud_run_v2_job", ["run.jobs.get", "run.operations.get"]],
  ["google_cloud_run_v2_job_iam_member", ["run.jobs.getIamPolicy"]],
  ["google_service_account", ["iam.serviceAccounts.get"]],
  ["google_service_account_iam_member", ["iam.serviceAccounts.getIamPolicy"]],
  ["google_pubsub_topic", ["pubsub.topics.get"]],
  ["google_pubsub_topic_iam_member", ["pubsub.topics.getIamPolicy"]],
  ["google_pubsub_subscription", ["pubsub.subscriptions.get"]],
  ["google_pubsub_subscription_iam_member", ["pubsub.subscriptions.getIamPolicy"]],
  ["google_cloud_scheduler_job", ["cloudscheduler.jobs.get"]],
  ["google_secret_manager_secret", ["secretmanager.secrets.get"]],
  ["google_secret_manager_secret_iam_member", ["secretmanager.secrets.getIamPolicy"]],
  ["google_storage_bucket", ["storage.buckets.get"]],
  ["google_storage_bucket_iam_member", ["storage.buckets.getIamPolicy"]],
  ["google_project_service", ["serviceusage.services.get"]],
  // What the identity stack itself holds: both accounts plan it, so a deploy can stop while it has changes.
  ["google_iam_workload_identity_pool", ["iam.workloadIdentityPools.get"]],
  ["google_iam_workload_identity_pool_provider", ["iam.workloadIdentityPoolProviders.get"]],
  ["google_project_iam_custom_role", ["iam.roles.get"]],
  ["google_project_iam_member", ["resourcemanager.projects.getIamPolicy"]],
  ["data.google_client_config", []],
  ["data.google_project", ["resourcemanager.projects.get"]],
]);

/** The types of `types` no entry describes. */
export function typesWithoutReadPermissions(types: readonly string[]): string[] {
  return types.filter((t) => !GCP_READ_PERMISSIONS.has(t));
}

/** The read permissions of these types, sorted, each once. */
export function readPermissionsOf(types: readonly string[]): string[] {
  return [...new Set(types.flatMap((t) => GCP_READ_PERMISSIONS.get(t) ?? []))].sort();
}
