import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformDataSource, TerraformHclModule, TerraformResource, TerraformVariable, type TerraformStack } from "cdktf";
import { ServerlessFunction } from "../../../../modules/aws";
import type { RuleCases } from "./cases";
import { CODE_DIR } from "./helpers";

/** A resource of any type, with its arguments written as overrides (what a raw block looks like). */
export function raw(stack: TerraformStack, type: string, id: string, args: Record<string, unknown>): TerraformResource {
  const r = new TerraformResource(stack, id, { terraformResourceType: type });
  for (const [k, v] of Object.entries(args)) r.addOverride(k, v);
  return r;
}

/** A data source of any type, the same way. */
export function rawData(stack: TerraformStack, type: string, id: string, args: Record<string, unknown>): TerraformDataSource {
  const d = new TerraformDataSource(stack, id, { terraformResourceType: type });
  for (const [k, v] of Object.entries(args)) d.addOverride(k, v);
  return d;
}

const fn = (s: TerraformStack) => new ServerlessFunction(s, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, tracing: true, reservedConcurrency: 1, logRetentionDays: 365 });

export const TERRAFORM_CASES: Readonly<Record<string, RuleCases>> = {
  "lifecycle-no-ignored-security": {
    compliant: {
      "a ServerlessFunction (nothing ignored)": fn,
      "ignore_changes on an argument that grants nothing (a queue's tags)": (s) => new SqsQueue(s, "Q", { name: "q", lifecycle: { ignoreChanges: ["tags"] } }),
    },
    noncompliant: {
      "ignore_changes on a role policy's policy": {
        build: (s) => fn(s).role.policy.addOverride("lifecycle", { ignore_changes: ["policy"] }),
        detail: /lifecycle.ignore_changes lists policy, which grants or exposes access on aws_iam_role_policy/,
      },
      'ignore_changes "all" on a role': {
        build: (s) => fn(s).role.role.addOverride("lifecycle", { ignore_changes: "all" }),
        detail: /lifecycle.ignore_changes is "all": no change made outside Terraform/,
      },
      "ignore_changes on a function's role": {
        build: (s) => fn(s).function.addOverride("lifecycle", { ignore_changes: ["role"] }),
        detail: /lists role, which grants or exposes access on aws_lambda_function/,
      },
      "ignore_changes on a nested trust argument of an unknown type": {
        build: (s) => raw(s, "aws_made_up", "X", { name: "x", trust_policy: "{}", lifecycle: { ignore_changes: ["trust_policy"] } }),
        detail: /lists trust_policy/,
      },
    },
  },
  "terraform-state-blocks": {
    compliant: {
      "a ServerlessFunction": fn,
      "a moved block renaming a queue (one type)": (s) => {
        new SqsQueue(s, "Q", { name: "q" });
        s.addOverride("moved", [{ from: "aws_sqs_queue.old", to: "aws_sqs_queue.Q" }]);
      },
    },
    noncompliant: {
      "a removed block for a policy, kept in the account": {
        build: (s) => {
          fn(s);
          s.addOverride("removed", [{ from: "aws_iam_role_policy.deny_guard", lifecycle: { destroy: false } }]);
        },
        detail: /removed block for aws_iam_role_policy.deny_guard: the resource leaves the state/,
      },
      "an import block adopting a role": {
        build: (s) => {
          new IamRole(s, "R", { name: "r", assumeRolePolicy: "{}" });
          s.addOverride("import", [{ to: "aws_iam_role.R", id: "OrganizationAccountAccessRole" }]);
        },
        detail: /import block into aws_iam_role.R \(id "OrganizationAccountAccessRole"\)/,
      },
      "a moved block between types": {
        build: (s) => {
          new SqsQueue(s, "Q", { name: "q" });
          s.addOverride("moved", [{ from: "aws_iam_role_policy.guard", to: "aws_sqs_queue.Q" }]);
        },
        detail: /moved block from aws_iam_role_policy.guard to aws_sqs_queue.Q: state moves only between addresses of one type/,
      },
    },
  },
  "unverifiable-blocks": {
    compliant: {
      "a ServerlessFunction (every type in the catalog, no module, no provisioner)": fn,
      "a terraform_data without a provisioner (unverifiable-configuration's, suppressible)": (s) => raw(s, "terraform_data", "Data", { input: "x" }),
      "an uncataloged type with no argument that can grant or expose": (s) => raw(s, "aws_cloudwatch_dashboard", "Dashboard", { dashboard_name: "d", dashboard_body: "{}" }),
    },
    noncompliant: {
      "an uncataloged type whose name says it grants, with innocent-looking arguments": {
        build: (s) => raw(s, "aws_ebs_snapshot_block_public_access", "Bpa", { state: "unblocked" }),
        detail: /cannot verify aws_ebs_snapshot_block_public_access at aws_ebs_snapshot_block_public_access.Bpa: the catalog does not describe this type, and its name \(aws_ebs_snapshot_block_public_access\) can grant or expose access/,
      },
      "an uncataloged type with a shared_ argument": {
        build: (s) => raw(s, "aws_made_up_snapshot", "Snap", { snapshot: "s", shared_with: ["all"] }),
        detail: /its shared_with can grant or expose access/,
      },
      "a module call (TerraformHclModule)": {
        build: (s) => new TerraformHclModule(s, "Iam", { source: "terraform-aws-modules/iam/aws//modules/iam-assumable-role", version: "5.39.0", variables: { create_role: true } }),
        detail: /cannot verify module "Iam" \(terraform-aws-modules\/iam\/aws\/\/modules\/iam-assumable-role\) at module.Iam: a module creates resources and policies this stack does not describe/,
      },
      "a local-exec provisioner on a bucket": {
        build: (s) => new S3Bucket(s, "Bucket", { bucket: "b", provisioners: [{ type: "local-exec", command: "aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/AdministratorAccess" }] }),
        detail: /cannot verify provisioner "local-exec" at aws_s3_bucket.Bucket.provisioner\[0\]: runs a command on the machine that applies, with its credentials/,
      },
      "a provisioner on a terraform_data": {
        build: (s) => raw(s, "terraform_data", "Hook", { provisioner: [{ "local-exec": { command: "./grant.sh" } }] }),
        detail: /cannot verify provisioner "local-exec" at terraform_data.Hook.provisioner\[0\]/,
      },
      "an external data source (a program run at plan)": {
        build: (s) => rawData(s, "external", "Policy", { program: ["bash", "policy.sh"] }),
        detail: /cannot verify data.external at data.external.Policy: it runs the program in its `program` argument on the machine that plans/,
      },
      "an uncataloged type with a policy argument": {
        build: (s) => raw(s, "aws_iot_policy", "Iot", { name: "p", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }),
        detail: /cannot verify aws_iot_policy at aws_iot_policy.Iot: the catalog does not describe this type, and its policy can grant or expose access/,
      },
      "an uncataloged type with ingress rules": {
        build: (s) => raw(s, "aws_networkfirewall_rule_group", "Fw", { name: "fw", capacity: 10, type: "STATEFUL", rule_group: { rules_source: { stateful_rule: [{ action: "PASS" }] } }, ingress: [{ cidr: "0.0.0.0/0" }] }),
        detail: /cannot verify aws_networkfirewall_rule_group at aws_networkfirewall_rule_group.Fw: the catalog does not describe this type, and its ingress/,
      },
      "a block added by a stack-level override, which no construct renders": {
        build: (s) => s.addOverride("resource.aws_iot_policy.injected", { name: "p", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }),
        detail: /cannot verify aws_iot_policy at aws_iot_policy.injected/,
      },
    },
  },
  "unverifiable-configuration": {
    compliant: {
      "a ServerlessFunction": fn,
      "a lifecycle rule written as a dynamic block over a literal list (expanded)": (s) => {
        const l = new S3BucketLifecycleConfiguration(s, "Lifecycle", { bucket: "b" });
        l.addOverride("dynamic.rule", { for_each: ["logs/", "tmp/"], content: { id: "${rule.value}", status: "Enabled", filter: { prefix: "${rule.value}" }, expiration: { days: 7 } } });
      },
    },
    noncompliant: {
      "an uncataloged type": {
        build: (s) => raw(s, "aws_cloudwatch_dashboard", "Dashboard", { dashboard_name: "d", dashboard_body: "{}" }),
        detail: /cannot verify aws_cloudwatch_dashboard at aws_cloudwatch_dashboard.Dashboard: the catalog does not describe this type, so no rule knows what it grants or exposes/,
      },
      "a terraform_data": {
        build: (s) => raw(s, "terraform_data", "Data", { input: "x" }),
        detail: /cannot verify terraform_data at terraform_data.Data: terraform_data holds values and replacement triggers outside any resource/,
      },
      "an http data source": {
        build: (s) => rawData(s, "http", "Feed", { url: "https://example.com/policy.json" }),
        detail: /cannot verify data.http at data.http.Feed: fetches a URL when Terraform plans/,
      },
      "a dynamic block over a list only Terraform knows, where it grants nothing": {
        build: (s) => {
          const prefixes = new TerraformVariable(s, "prefixes", { type: "list(string)", default: ["tmp/"] });
          const l = new S3BucketLifecycleConfiguration(s, "Lifecycle", { bucket: "b" });
          l.addOverride("dynamic.rule", { for_each: prefixes.listValue, content: { id: "${rule.value}", status: "Enabled", expiration: { days: 7 } } });
        },
        detail: /cannot verify dynamic "rule" at aws_s3_bucket_lifecycle_configuration.Lifecycle.dynamic.rule: its for_each/,
      },
    },
  },
};
