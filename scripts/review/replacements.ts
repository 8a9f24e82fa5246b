/**
 * Arguments whose change makes Terraform destroy and re-create the resource (`ForceNew` in the
 * provider schema; `immutable` in Google's Magic Modules), for the resource types this project
 * synthesizes. Checked against hashicorp/aws 5.100 and hashicorp/google 6.x sources and docs.
 *
 * A change anywhere under a listed argument (nested blocks included) forces replacement.
 * `"*"` means the resource has no update at all: any argument change replaces it, except the
 * arguments in `except` (and Terraform meta-arguments such as `depends_on`, which never do).
 *
 * Keep this table next to the constructs: when a construct starts to synthesize a new resource
 * type, add its ForceNew arguments here (tests check the ones below).
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[] | { readonly all: true; readonly except: readonly string[] }>> = {
  // Lambda
  aws_lambda_function: ["function_name", "package_type"],
  aws_lambda_alias: ["function_name", "name"],
  aws_lambda_layer_version: { all: true, except: ["skip_destroy"] }, // any content change publishes a new version
  aws_lambda_permission: { all: true, except: [] }, // no update API: every argument forces a new statement
  aws_lambda_provisioned_concurrency_config: ["function_name", "qualifier"],
  aws_lambda_function_url: ["function_name", "qualifier"],
  aws_lambda_event_source_mapping: ["event_source_arn", "starting_position", "starting_position_timestamp", "self_managed_event_source", "topics", "queues"],
  // IAM
  aws_iam_role: ["name", "name_prefix", "path"],
  aws_iam_role_policy: ["name", "name_prefix", "role"],
  aws_iam_policy: ["name", "name_prefix", "path", "description"],
  aws_iam_role_policy_attachment: { all: true, except: [] },
  // Logs, queues, events
  aws_cloudwatch_log_group: ["name", "name_prefix", "log_group_class"],
  aws_sqs_queue: ["name", "name_prefix", "fifo_queue"],
  aws_sqs_queue_policy: ["queue_url"],
  aws_cloudwatch_event_rule: ["name", "name_prefix", "event_bus_name"],
  aws_cloudwatch_event_target: ["rule", "target_id", "event_bus_name"],
  aws_scheduler_schedule: ["name", "name_prefix", "group_name"],
  // Networking
  aws_security_group: ["name", "name_prefix", "description", "vpc_id"],
  aws_security_group_rule: { all: true, except: ["description"] },
  aws_vpc_security_group_ingress_rule: ["security_group_id"],
  aws_vpc_security_group_egress_rule: ["security_group_id"],
  // API Gateway v2
  aws_apigatewayv2_api: ["protocol_type"],
  aws_apigatewayv2_stage: ["api_id", "name"],
  aws_apigatewayv2_route: ["api_id"],
  aws_apigatewayv2_integration: ["api_id", "integration_type"],
  // Containers and storage
  aws_ecr_repository: ["name", "encryption_configuration"],
  aws_ecr_lifecycle_policy: ["repository"],
  aws_ecr_repository_policy: ["repository"],
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_s3_bucket_policy: ["bucket"],
  aws_s3_bucket_public_access_block: ["bucket"],
  aws_s3_bucket_ownership_controls: ["bucket"],
  aws_s3_bucket_versioning: ["bucket", "expected_bucket_owner"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket", "expected_bucket_owner"],
  aws_s3_bucket_lifecycle_configuration: ["bucket", "expected_bucket_owner"],
  aws_dynamodb_table: ["name", "hash_key", "range_key", "local_secondary_index"],
  // Google Cloud
  google_artifact_registry_repository: ["repository_id", "location", "format", "mode", "project", "kms_key_name", "remote_repository_config"],
  google_cloud_run_v2_service: ["name", "location", "project"],
  google_service_account: ["account_id", "project"],
  google_secret_manager_secret: ["secret_id", "project", "replication"],
  google_project_service: ["service", "project"],
};

/** Terraform meta-arguments: changing them never replaces the resource by itself. */
const META_ARGUMENTS = new Set(["depends_on", "provider", "lifecycle", "count", "for_each", "provisioner", "connection"]);

/** Whether a change at `path` (top-level argument first) of a resource of `type` forces its replacement. */
export function forcesReplacement(type: string, path: readonly (string | number)[]): boolean {
  const argument = String(path[0]);
  if (META_ARGUMENTS.has(argument)) return false;
  // IAM members are immutable by design; bindings update their members in place.
  if (/^google_.+_iam_member$/.test(type)) return true;
  if (/^google_.+_iam_binding$/.test(type)) return argument !== "members";
  const rule = FORCE_NEW[type];
  if (!rule) return false;
  if (Array.isArray(rule)) return rule.includes(argument);
  return !(rule as { except: readonly string[] }).except.includes(argument);
}
