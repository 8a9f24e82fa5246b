import { DataAwsIamPolicy } from "@cdktf/provider-aws/lib/data-aws-iam-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { App, Aspects, DataTerraformRemoteState, TerraformElement, TerraformHclModule, TerraformLocal, TerraformStack, TerraformVariable, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../../../config/load";
import { applyRulePack } from "../../../../modules/core/rule-pack";
import { AwsServiceStack } from "../../../../stacks/aws-service-stack";
import { raw, rawData } from "./cases-terraform";
import { tempDirs } from "./helpers";

// Issue 16's classes, each a table of failing cases and their safe twins (cdk-nag's
// Noncompliance/Compliance), each through a real synth of a prod stack with the default pack:
// a failing case fails synth with the expected findings and nothing is written for the stack; its
// twin synthesizes and is written.

const tempDir = tempDirs();
const ACCOUNT = "111111111111";
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/users`;
const LAMBDA_TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] });
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] });
const SCOPED = policy({ Action: "dynamodb:GetItem", Resource: TABLE });
const ADMIN = policy({ Action: "*", Resource: "*" });

type Build = (stack: TerraformStack) => void;
interface Failing {
  readonly build: Build;
  /** `[rule-id]` and what the finding says, each expected in the synth error. */
  readonly findings: readonly (readonly [string, RegExp])[];
}
interface ClassCases {
  readonly noncompliant: Readonly<Record<string, Failing>>;
  readonly compliant: Readonly<Record<string, Build>>;
}

/** A role trusted by Lambda (what a policy is put on). */
function role(stack: TerraformStack, id = "Role"): IamRole {
  return new IamRole(stack, id, { name: `svc-${id.toLowerCase()}`, assumeRolePolicy: LAMBDA_TRUST });
}

function doc(stack: TerraformStack, id: string, statement: DataAwsIamPolicyDocument["statement"] extends unknown ? Parameters<DataAwsIamPolicyDocument["putStatement"]>[0] : never): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(stack, id, { statement });
}

/** Synthesizes a prod stack built by `build`: the error ("" when it passed) and whether the stack was written. */
function synthProd(build: Build): { error: string; written: boolean } {
  const outdir = tempDir();
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "svc");
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  applyRulePack(stack, { environment: "prod", log: () => undefined });
  build(stack);
  let error = "";
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  return { error, written: existsSync(join(outdir, "stacks", "svc", "cdk.tf.json")) };
}

const CLASSES: Readonly<Record<string, ClassCases>> = {
  "data sources as policies": {
    noncompliant: {
      "an inline policy read from data.aws_iam_policy (AdministratorAccess, looked up by name)": {
        build: (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: new DataAwsIamPolicy(s, "Admin", { name: "AdministratorAccess" }).policy }),
        findings: [["aws-readable-security-values", /cannot verify \$\{data.aws_iam_policy.Admin.policy\} at aws_iam_role_policy.Policy.policy: data.aws_iam_policy.Admin.policy is read from the cloud when Terraform plans/]],
      },
      "a policy ARN from data.aws_iam_policy looked up by name": {
        build: (s) => new IamRolePolicyAttachment(s, "Attach", { role: role(s).name, policyArn: new DataAwsIamPolicy(s, "Admin", { name: "AdministratorAccess" }).arn }),
        findings: [["aws-readable-security-values", /cannot verify \$\{data.aws_iam_policy.Admin.arn\} at aws_iam_role_policy_attachment.Attach.policy_arn/]],
      },
      "a policy ARN from data.aws_iam_policy given the admin ARN (read through to the ARN)": {
        build: (s) => new IamRolePolicyAttachment(s, "Attach", { role: role(s).name, policyArn: new DataAwsIamPolicy(s, "Admin", { arn: "arn:aws:iam::aws:policy/AdministratorAccess" }).arn }),
        findings: [["iam-no-admin-access", /policy_arn attaches arn:aws:iam::aws:policy\/AdministratorAccess/]],
      },
      "managed_policy_arns from a data source": {
        build: (s) => new IamRole(s, "Role", { name: "svc-role", assumeRolePolicy: LAMBDA_TRUST, managedPolicyArns: [new DataAwsIamPolicy(s, "Admin", { name: "AdministratorAccess" }).arn] }),
        findings: [["aws-readable-security-values", /at aws_iam_role.Role.managed_policy_arns\[0\]/]],
      },
      "a policy document merging a data source's policy": {
        build: (s) => {
          const d = new DataAwsIamPolicyDocument(s, "Doc", { sourcePolicyDocuments: [new DataAwsIamPolicy(s, "Admin", { name: "AdministratorAccess" }).policy], statement: [{ actions: ["dynamodb:GetItem"], resources: [TABLE] }] });
          new IamRolePolicy(s, "Policy", { role: role(s).name, policy: d.json });
        },
        findings: [["aws-readable-security-values", /at data.aws_iam_policy_document.Doc.source_policy_documents\[0\]: data.aws_iam_policy.Admin.policy is read from the cloud/]],
      },
    },
    compliant: {
      "an inline policy from a policy document of the stack": (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: doc(s, "Doc", [{ actions: ["dynamodb:GetItem"], resources: [TABLE] }]).json }),
      "a policy ARN of a policy the stack defines": (s) => new IamRolePolicyAttachment(s, "Attach", { role: role(s).name, policyArn: new IamPolicy(s, "Own", { name: "svc-own", policy: SCOPED }).arn }),
    },
  },
  "blocks nobody reads": {
    noncompliant: {
      "a dynamic statement over a list only Terraform knows": {
        build: (s) => {
          const d = new DataAwsIamPolicyDocument(s, "Doc", {});
          d.addOverride("dynamic.statement", { for_each: new TerraformVariable(s, "statements", { type: "any", default: [] }).listValue, content: { actions: "${statement.value.actions}", resources: ["*"] } });
          new IamRolePolicy(s, "Policy", { role: role(s).name, policy: d.json });
        },
        findings: [["aws-readable-security-values", /cannot verify dynamic "statement" at data.aws_iam_policy_document.Doc.dynamic.statement: its for_each: \$\{var.statements\}/]],
      },
      "a dynamic statement over a literal list: expanded and judged (admin)": {
        build: (s) => {
          const d = new DataAwsIamPolicyDocument(s, "Doc", {});
          d.addOverride("dynamic.statement", { for_each: [{ a: ["*"] }], iterator: "st", content: { actions: "${st.value.a}", resources: ["*"] } });
          new IamRolePolicy(s, "Policy", { role: role(s).name, policy: d.json });
        },
        findings: [["iam-no-admin-access", /statement\[0\] allows every action on every resource/]],
      },
      "a dynamic ingress over a literal list: expanded and judged (the whole internet)": {
        build: (s) => {
          const g = new SecurityGroup(s, "Sg", { name: "sg", description: "x", vpcId: "vpc-1" });
          g.addOverride("dynamic.ingress", { for_each: ["0.0.0.0/0"], content: { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["${ingress.value}"] } });
        },
        findings: [["ec2-no-public-ingress", /ingress\[0\] allows tcp port 443 from 0.0.0.0\/0/]],
      },
      "a dynamic ingress over a variable": {
        build: (s) => {
          const g = new SecurityGroup(s, "Sg", { name: "sg", description: "x", vpcId: "vpc-1" });
          g.addOverride("dynamic.ingress", { for_each: new TerraformVariable(s, "cidrs", { type: "list(string)" }).listValue, content: { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["${ingress.value}"] } });
        },
        findings: [["aws-readable-security-values", /cannot verify dynamic "ingress" at aws_security_group.Sg.dynamic.ingress/]],
      },
      "a module (TerraformHclModule)": {
        build: (s) => new TerraformHclModule(s, "Admin", { source: "terraform-aws-modules/iam/aws//modules/iam-policy", version: "5.39.0", variables: { policy: ADMIN } }),
        findings: [["unverifiable-blocks", /cannot verify module "Admin" .* at module.Admin/]],
      },
      "a provisioner": {
        build: (s) => new S3Bucket(s, "Bucket", { bucket: "b", provisioners: [{ type: "local-exec", command: "./grant-admin.sh" }] }),
        findings: [["unverifiable-blocks", /cannot verify provisioner "local-exec" at aws_s3_bucket.Bucket.provisioner\[0\]/]],
      },
      "a terraform_data": { build: (s) => raw(s, "terraform_data", "Hold", { input: ADMIN }), findings: [["unverifiable-configuration", /cannot verify terraform_data at terraform_data.Hold/]] },
      "a terraform_data carrying a policy": {
        build: (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: `\${${raw(s, "terraform_data", "Hold", { input: ADMIN }).fqn}.output}` }),
        findings: [["iam-no-admin-access", /policy.Statement\[0\] allows every action on every resource/]],
      },
      "an external data source": { build: (s) => rawData(s, "external", "Run", { program: ["./policy.sh"] }), findings: [["unverifiable-blocks", /cannot verify data.external at data.external.Run: it runs the program/]] },
      "an http data source as a policy": {
        build: (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: `\${${rawData(s, "http", "Feed", { url: "https://example.com/p.json" }).fqn}.response_body}` }),
        findings: [
          ["unverifiable-configuration", /cannot verify data.http at data.http.Feed/],
          ["aws-readable-security-values", /at aws_iam_role_policy.Policy.policy: data.http.Feed.response_body is read from the cloud/],
        ],
      },
    },
    compliant: {
      "a dynamic statement over a literal list of scoped statements": (s) => {
        const d = new DataAwsIamPolicyDocument(s, "Doc", {});
        d.addOverride("dynamic.statement", { for_each: [{ a: ["dynamodb:GetItem"] }], iterator: "st", content: { actions: "${st.value.a}", resources: [TABLE] } });
        new IamRolePolicy(s, "Policy", { role: role(s).name, policy: d.json });
      },
      "a dynamic ingress over a literal list of private ranges": (s) => {
        const g = new SecurityGroup(s, "Sg", { name: "sg", description: "x", vpcId: "vpc-1" });
        g.addOverride("dynamic.ingress", { for_each: ["10.0.0.0/8"], content: { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["${ingress.value}"] } });
      },
    },
  },
  "late changes": {
    noncompliant: {
      "a stack-level addOverride that widens a policy document": {
        build: (s) => {
          new IamRolePolicy(s, "Policy", { role: role(s).name, policy: doc(s, "Doc", [{ actions: ["dynamodb:GetItem"], resources: [TABLE] }]).json });
          s.addOverride("data.aws_iam_policy_document.Doc.statement", [{ actions: ["*"], resources: ["*"] }]);
        },
        findings: [["iam-no-admin-access", /statement\[\d\] allows every action on every resource.* at svc\/Doc \(data.aws_iam_policy_document.Doc\)/]],
      },
      "a stack-level addOverride that adds a policy no construct renders": {
        build: (s) => s.addOverride("resource.aws_iam_policy.Injected", { name: "injected", policy: ADMIN }),
        findings: [["iam-no-admin-access", /at svc \(aws_iam_policy.Injected\)/]],
      },
      "a construct that renders its own resource block": {
        build: (s) => {
          class Sneaky extends TerraformElement {
            public toTerraform(): unknown {
              return { resource: { aws_iam_policy: { sneaky: { name: "sneaky", policy: ADMIN } } } };
            }
          }
          new Sneaky(s, "Sneaky");
        },
        findings: [["iam-no-admin-access", /aws_iam_policy.sneaky/]],
      },
      "a validation below the stack that widens a policy after the pack has rendered": {
        build: (s) => {
          const p = new IamRolePolicy(s, "Policy", { role: role(s).name, policy: SCOPED });
          p.node.addValidation({
            validate: () => {
              p.policy = ADMIN;
              return [];
            },
          });
        },
        findings: [["iam-no-admin-access", /aws_iam_role_policy.Policy/]],
      },
      "an aspect added after the pack that widens a policy": {
        build: (s) => {
          const p = new IamRolePolicy(s, "Policy", { role: role(s).name, policy: SCOPED });
          const widen: IAspect = { visit: (node: IConstruct) => (node === p ? (p.policy = ADMIN) : undefined) };
          Aspects.of(s).add(widen);
        },
        findings: [["iam-no-admin-access", /aws_iam_role_policy.Policy/]],
      },
    },
    compliant: {
      "a stack-level addOverride that narrows a policy": (s) => {
        new IamRolePolicy(s, "Policy", { role: role(s).name, policy: ADMIN });
        s.addOverride("resource.aws_iam_role_policy.Policy.policy", SCOPED);
      },
      "a validation that changes nothing": (s) => {
        const p = new IamRolePolicy(s, "Policy", { role: role(s).name, policy: SCOPED });
        p.node.addValidation({ validate: () => [] });
      },
    },
  },
  "values from elsewhere": {
    noncompliant: {
      "a policy carried through a local (folded, then judged)": {
        build: (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: new TerraformLocal(s, "policy", ADMIN).asString }),
        findings: [["iam-no-admin-access", /aws_iam_role_policy.Policy/]],
      },
      "a policy from a variable whose default is narrow (it can be set when Terraform runs)": {
        build: (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: new TerraformVariable(s, "policy", { type: "string", default: SCOPED }).stringValue }),
        findings: [["aws-readable-security-values", /cannot verify \$\{var.policy\} at aws_iam_role_policy.Policy.policy: var.policy can be set when Terraform runs .*; its default is /]],
      },
      "a variable default that widens a policy document reading it": {
        build: (s) => {
          const actions = new TerraformVariable(s, "actions", { type: "list(string)", default: ["*"] });
          new IamRolePolicy(s, "Policy", { role: role(s).name, policy: doc(s, "Doc", [{ actions: actions.listValue, resources: ["*"] }]).json });
        },
        findings: [["aws-readable-security-values", /cannot verify \$\{var.actions\} at data.aws_iam_policy_document.Doc.statement\[0\].actions: .*its default is \["\*"\]/]],
      },
      "a principal from remote state (another stack's output)": {
        build: (s) => {
          const other = new DataTerraformRemoteState(s, "Other", { organization: "acme", workspaces: { name: "other" } });
          new SqsQueuePolicy(s, "QueuePolicy", { queueUrl: "https://sqs.eu-west-1.amazonaws.com/111111111111/q", policy: doc(s, "Doc", [{ actions: ["sqs:SendMessage"], resources: ["*"], principals: [{ type: "AWS", identifiers: [other.getString("caller")] }] }]).json });
        },
        findings: [["aws-readable-security-values", /at data.aws_iam_policy_document.Doc.statement\[0\].principals\[0\].identifiers\[0\]: an output of another stack or workspace/]],
      },
      "an ingress CIDR from a module output": {
        build: (s) => {
          const m = new TerraformHclModule(s, "Net", { source: "terraform-aws-modules/vpc/aws", version: "5.0.0" });
          new SecurityGroupRule(s, "Rule", { type: "ingress", securityGroupId: "sg-1", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [m.getString("cidr")] });
        },
        findings: [
          ["unverifiable-blocks", /module.Net/],
          ["aws-readable-security-values", /at aws_security_group_rule.Rule.cidr_blocks\[0\]: an output of module "Net"/],
        ],
      },
    },
    compliant: {
      "a scoped policy carried through a local": (s) => new IamRolePolicy(s, "Policy", { role: role(s).name, policy: new TerraformLocal(s, "policy", SCOPED).asString }),
      "a principal that is a role of the stack": (s) =>
        new SqsQueuePolicy(s, "QueuePolicy", {
          queueUrl: "https://sqs.eu-west-1.amazonaws.com/111111111111/q",
          policy: doc(s, "Doc", [{ actions: ["sqs:SendMessage"], resources: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:q`], principals: [{ type: "AWS", identifiers: [role(s).arn] }] }]).json,
        }),
    },
  },
  "types the catalog does not describe": {
    noncompliant: {
      "a policy-like argument on an unknown type": {
        build: (s) => raw(s, "aws_iot_policy", "Iot", { name: "p", policy: ADMIN }),
        findings: [["unverifiable-blocks", /cannot verify aws_iot_policy at aws_iot_policy.Iot: the catalog does not describe this type, and its policy can grant or expose access/]],
      },
      "an unknown type without such arguments": {
        build: (s) => raw(s, "aws_cloudwatch_dashboard", "Dash", { dashboard_name: "d", dashboard_body: "{}" }),
        findings: [["unverifiable-configuration", /cannot verify aws_cloudwatch_dashboard at aws_cloudwatch_dashboard.Dash/]],
      },
    },
    compliant: {
      "the same kind of resource through cataloged types": (s) => new IamPolicy(s, "Own", { name: "svc-own", policy: SCOPED }),
    },
  },
};

describe.each(Object.entries(CLASSES))("%s", (_class, cases) => {
  test.each(Object.entries(cases.noncompliant))("Noncompliant: %s", (_name, c) => {
    const { error, written } = synthProd(c.build);
    for (const [ruleId, detail] of c.findings) {
      expect(error).toContain(`[${ruleId}]`);
      expect(error).toMatch(detail);
    }
    expect(written).toBe(false);
  });

  test.each(Object.entries(cases.compliant))("Compliant: %s", (_name, build) => {
    expect(synthProd(build)).toEqual({ error: "", written: true });
  });
});

describe("an app written the plain way: new App(); new AwsServiceStack(app, ...); app.synth()", () => {
  function synthService(change: (stack: TerraformStack) => void): { error: string; written: boolean } {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = new AwsServiceStack(app, "aws-prod", { config: loadConfig("prod") });
    change(stack);
    let error = "";
    try {
      app.synth();
    } catch (e) {
      error = (e as Error).message;
    }
    return { error, written: existsSync(join(outdir, "stacks", "aws-prod", "cdk.tf.json")) };
  }

  test("Noncompliant: a stack-level override that gives a function's role administrator access", () => {
    const attack = synthService((s) => {
      // The address the stack renders for the first function's policy, overridden from the stack.
      const [policy] = Object.keys((s.toTerraform() as { resource: Record<string, Record<string, unknown>> }).resource.aws_iam_role_policy);
      s.addOverride(`resource.aws_iam_role_policy.${policy}.policy`, ADMIN);
    });
    expect(attack.error).toMatch(/\[aws-prod\] \[iam-no-admin-access\] IAM policies grant no full administrator access: policy.Statement\[0\] allows every action on every resource/);
    expect(attack.written).toBe(false);
  });

  test("Noncompliant: a resource added by a stack-level override", () => {
    const { error, written } = synthService((s) => s.addOverride("resource.aws_iam_user.backdoor", { name: "backdoor" }));
    expect(error).toContain("[iam-no-users]");
    expect(written).toBe(false);
  });

  test("Compliant: the stack as it is", () => {
    expect(synthService(() => undefined)).toEqual({ error: "", written: true });
  });
});
