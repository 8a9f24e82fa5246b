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

/** Values the JSON does not tell: each pair widens in a way that depends on them. */
const UNKNOWN: [string, Json, Json][] = [
  (() => {
    const cfg = (resource: string) => ({ resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow("s3:GetObject", resource)) } } } });
    return ["a variable in a policy resource", cfg(`${BUCKET}/*`), cfg("${var.bucket_arn}/*")] as [string, Json, Json];
  })(),
  ["a policy built by a function", { resource: { aws_iam_role: role() } }, { resource: { aws_iam_role: role(), aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: "${jsonencode(local.policy)}" } } } }],
  (() => {
    const cfg = (principal: string) => ({
      resource: {
        aws_lambda_function: { F: { function_name: "f" } },
        aws_lambda_permission: { P: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", principal } },
      },
    });
    return ["a local as a Lambda permission principal", cfg("events.amazonaws.com"), cfg("${local.invoker}")] as [string, Json, Json];
  })(),
  (() => {
    const cfg = (cidr: string) => ({ resource: { aws_security_group: { G: { name: "g", vpc_id: "vpc-1", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: [cidr] }] } } } });
    return ["a variable as a CIDR", cfg("10.0.0.0/16"), cfg("${var.allowed_cidr}")] as [string, Json, Json];
  })(),
  (() => {
    const cfg = (auth: string) => ({ resource: { aws_lambda_function: { F: { function_name: "f" } }, aws_lambda_function_url: { U: { function_name: "${aws_lambda_function.F.function_name}", authorization_type: auth } } } });
    return ["a variable as a function URL's auth", cfg("AWS_IAM"), cfg("${var.url_auth}")] as [string, Json, Json];
  })(),
  (() => {
    const cfg = (member: string) => ({ resource: { google_project_iam_member: { M: { project: "p", role: "roles/viewer", member } } } });
    return ["a variable as a GCP member", cfg("user:a@example.com"), cfg("${var.viewer}")] as [string, Json, Json];
  })(),
];

describe.each(UNKNOWN)("may broaden: %s", (_form, base, head) => {
  it("Noncompliance: is marked may broaden and fails the gate", () => {
    const items = gate(base, head);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.kind === "may-broaden")).toBe(true);
  });
});
