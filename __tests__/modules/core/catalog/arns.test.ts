import { catalogEntries, catalogEntry, type ProviderFacts } from "../../../../modules/core/catalog";

const AWS: ProviderFacts = { partition: "aws", region: "eu-west-1", accountId: "111111111111" };
const CN: ProviderFacts = { partition: "aws-cn", region: "cn-north-1", accountId: "222222222222" };
const GCP: ProviderFacts = { project: "acme-svc-prod", region: "europe-west1" };

/** Each entry's ARN (AWS) or resource name (GCP), as AWS and Google document them. */
const CASES: readonly [string, Record<string, unknown>, ProviderFacts, string | undefined][] = [
  ["aws_iam_role", { name: "svc-role" }, AWS, "arn:aws:iam::111111111111:role/svc-role"],
  ["aws_iam_role", { name: "svc-role", path: "/service/" }, CN, "arn:aws-cn:iam::222222222222:role/service/svc-role"],
  ["aws_iam_role", { name_prefix: "svc-" }, AWS, undefined],
  ["aws_iam_policy", { name: "p" }, AWS, "arn:aws:iam::111111111111:policy/p"],
  ["aws_iam_user", { name: "u" }, AWS, "arn:aws:iam::111111111111:user/u"],
  ["aws_iam_group", { name: "g", path: "/ops/" }, AWS, "arn:aws:iam::111111111111:group/ops/g"],
  ["aws_iam_instance_profile", { name: "ip" }, AWS, "arn:aws:iam::111111111111:instance-profile/ip"],
  ["aws_iam_openid_connect_provider", { url: "https://token.actions.githubusercontent.com" }, AWS, "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"],
  ["aws_lambda_function", { function_name: "f" }, AWS, "arn:aws:lambda:eu-west-1:111111111111:function:f"],
  ["aws_lambda_function", { function_name: "${var.name}" }, AWS, undefined],
  ["aws_lambda_alias", { function_name: "f", name: "live" }, AWS, "arn:aws:lambda:eu-west-1:111111111111:function:f:live"],
  ["aws_lambda_alias", { function_name: "arn:aws:lambda:us-east-1:333333333333:function:f", name: "live" }, AWS, "arn:aws:lambda:us-east-1:333333333333:function:f:live"],
  ["aws_lambda_alias", { function_name: "arn:aws:lambda:us-east-1:333333333333:function:f:7", name: "live" }, AWS, undefined],
  ["aws_lambda_layer_version", { layer_name: "shared" }, AWS, "arn:aws:lambda:eu-west-1:111111111111:layer:shared"],
  ["aws_cloudwatch_log_group", { name: "/aws/lambda/f" }, AWS, "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/f"],
  ["aws_cloudwatch_event_rule", { name: "nightly" }, AWS, "arn:aws:events:eu-west-1:111111111111:rule/nightly"],
  ["aws_cloudwatch_event_rule", { name: "r", event_bus_name: "orders" }, AWS, "arn:aws:events:eu-west-1:111111111111:rule/orders/r"],
  ["aws_cloudwatch_event_bus", { name: "orders" }, AWS, "arn:aws:events:eu-west-1:111111111111:event-bus/orders"],
  ["aws_scheduler_schedule", { name: "s" }, AWS, "arn:aws:scheduler:eu-west-1:111111111111:schedule/default/s"],
  ["aws_scheduler_schedule", { name: "s", group_name: "g" }, AWS, "arn:aws:scheduler:eu-west-1:111111111111:schedule/g/s"],
  ["aws_sqs_queue", { name: "q.fifo" }, AWS, "arn:aws:sqs:eu-west-1:111111111111:q.fifo"],
  ["aws_sns_topic", { name: "t" }, CN, "arn:aws-cn:sns:cn-north-1:222222222222:t"],
  ["aws_kinesis_stream", { name: "clicks" }, AWS, "arn:aws:kinesis:eu-west-1:111111111111:stream/clicks"],
  ["aws_dynamodb_table", { name: "users" }, AWS, "arn:aws:dynamodb:eu-west-1:111111111111:table/users"],
  ["aws_ecr_repository", { name: "app" }, AWS, "arn:aws:ecr:eu-west-1:111111111111:repository/app"],
  ["aws_s3_bucket", { bucket: "b" }, CN, "arn:aws-cn:s3:::b"],
  ["aws_ssm_parameter", { name: "/svc/param" }, AWS, "arn:aws:ssm:eu-west-1:111111111111:parameter/svc/param"],
  // Secrets Manager appends "-" and 6 random characters: one "?" each, so the pattern matches that one secret only.
  ["aws_secretsmanager_secret", { name: "svc/prod/orders/api-key" }, AWS, "arn:aws:secretsmanager:eu-west-1:111111111111:secret:svc/prod/orders/api-key-??????"],
  ["aws_secretsmanager_secret", { name_prefix: "svc-prod-" }, AWS, undefined],
  ["aws_dynamodb_table", { name: "users" }, { partition: "aws", region: "eu-west-1" }, undefined],
  ["google_service_account", { account_id: "app" }, GCP, "projects/acme-svc-prod/serviceAccounts/app@acme-svc-prod.iam.gserviceaccount.com"],
  ["google_cloud_run_v2_service", { name: "web", location: "europe-west1" }, GCP, "projects/acme-svc-prod/locations/europe-west1/services/web"],
  ["google_cloud_run_v2_job", { name: "j", location: "europe-west1", project: "other" }, GCP, "projects/other/locations/europe-west1/jobs/j"],
  ["google_cloud_run_service", { name: "v1", location: "us-central1" }, GCP, "projects/acme-svc-prod/locations/us-central1/services/v1"],
  ["google_artifact_registry_repository", { repository_id: "images", location: "europe-west1" }, GCP, "projects/acme-svc-prod/locations/europe-west1/repositories/images"],
  ["google_cloud_scheduler_job", { name: "nightly" }, GCP, "projects/acme-svc-prod/locations/europe-west1/jobs/nightly"],
  ["google_pubsub_topic", { name: "orders" }, GCP, "projects/acme-svc-prod/topics/orders"],
  ["google_pubsub_subscription", { name: "orders-push" }, GCP, "projects/acme-svc-prod/subscriptions/orders-push"],
  ["google_secret_manager_secret", { secret_id: "db" }, GCP, "projects/acme-svc-prod/secrets/db"],
  ["google_storage_bucket", { name: "acme-assets" }, GCP, "projects/_/buckets/acme-assets"],
  ["google_compute_firewall", { name: "allow-lb" }, GCP, "projects/acme-svc-prod/global/firewalls/allow-lb"],
  ["google_bigquery_dataset", { dataset_id: "events" }, GCP, "projects/acme-svc-prod/datasets/events"],
  ["google_bigquery_table", { dataset_id: "events", table_id: "clicks" }, GCP, "projects/acme-svc-prod/datasets/events/tables/clicks"],
  ["google_project_iam_custom_role", { role_id: "deployer" }, GCP, "projects/acme-svc-prod/roles/deployer"],
  ["google_organization_iam_custom_role", { role_id: "auditor", org_id: "123456789" }, GCP, "organizations/123456789/roles/auditor"],
  ["google_iam_workload_identity_pool", { workload_identity_pool_id: "github" }, GCP, "projects/acme-svc-prod/locations/global/workloadIdentityPools/github"],
];

test.each(CASES)("%s %j", (type, config, facts, expected) => {
  expect(catalogEntry(type)?.arn?.(config, facts)).toBe(expected);
});

test("every entry with an ARN form has a case above", () => {
  const covered = new Set(CASES.map(([type]) => type));
  expect(catalogEntries().filter((e) => e.arn && !covered.has(e.type)).map((e) => e.type)).toEqual([]);
});
