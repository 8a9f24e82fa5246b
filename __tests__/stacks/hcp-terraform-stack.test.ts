import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { declareConfig, loadConfig, validateConfig, type EnvironmentConfig, type HcpTerraformConfig } from "../../config/load";
import { AwsDeployerStack } from "../../stacks/aws-deployer-stack";
import { GcpDeployerStack } from "../../stacks/gcp-deployer-stack";
import { applyRulePack } from "../../modules/core/rule-pack";
import { ValidationError } from "../../modules/core/validation";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { GcpServiceStack } from "../../stacks/gcp-service-stack";
import { HcpTerraformStack } from "../../stacks/hcp-terraform-stack";
import { mayAssume, roleOf, type Decision } from "../modules/aws/deployer/iam-simulation";

type Json = Record<string, any>;

/** The arguments the tfe provider (0.71, @cdktf/provider-tfe 12.5.1) documents for each type this stack writes. */
const DOCUMENTED: Record<string, readonly string[]> = {
  tfe_project: ["name", "organization", "description", "auto_destroy_activity_duration", "tags", "ignore_additional_tags"],
  tfe_workspace: [
    "name", "organization", "description", "agent_pool_id", "allow_destroy_plan", "auto_apply", "auto_apply_run_trigger", "assessments_enabled",
    "file_triggers_enabled", "global_remote_state", "remote_state_consumer_ids", "project_id", "queue_all_runs", "source_name", "source_url",
    "speculative_enabled", "structured_run_output_enabled", "ssh_key_id", "tag_names", "tags", "terraform_version", "trigger_prefixes",
    "trigger_patterns", "working_directory", "vcs_repo", "force_delete",
  ],
  tfe_workspace_settings: ["workspace_id", "agent_pool_id", "execution_mode", "global_remote_state", "remote_state_consumer_ids", "auto_apply", "description", "tags", "assessments_enabled"],
  tfe_variable: ["key", "value", "category", "description", "hcl", "sensitive", "workspace_id", "variable_set_id"],
  tfe_run_trigger: ["workspace_id", "sourceable_id"],
};

const cloud = (c: HcpTerraformConfig) => c;
/** dev, stg and prod on HCP Terraform (dev auto-applies on agents; prod in a named project), one of each kind of setting. */
function onHcp(env: "dev" | "stg" | "prod", settings: HcpTerraformConfig): EnvironmentConfig {
  return validateConfig({ ...loadConfig(env), backend: "cloud", cloud: settings }, `test/${env}`);
}

function build(options: { stgRemote?: boolean } = {}) {
  const app = Testing.app();
  const dev = onHcp("dev", cloud({ organization: "acme-platform", executionMode: "agent", agentPoolId: "apool-AbCdEf123456", autoApply: true, terraformVersion: "~> 1.11.0" }));
  const stg = options.stgRemote ? loadConfig("stg") : onHcp("stg", cloud({ organization: "acme-platform" }));
  const prod = onHcp("prod", cloud({ organization: "acme-platform", project: "Serverless Prod" }));
  const environments = [dev, stg, prod];
  const stacks = new Map<string, TerraformStack>();
  for (const config of environments) {
    stacks.set(`aws-${config.environment}`, new AwsServiceStack(app, `aws-${config.environment}`, { config }));
    stacks.set(`gcp-${config.environment}`, new GcpServiceStack(app, `gcp-${config.environment}`, { config }));
  }
  // A stack that reads aws-dev's state: its workspace must be allowed to.
  const reader = new TerraformStack(app, "reader-dev");
  new AwsProvider(reader, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
  applyRulePack(reader, { environment: "dev" });
  reader.addDependency(stacks.get("aws-dev")!);
  const hcp = new HcpTerraformStack(app, "hcp-terraform", { environments });
  const tf = JSON.parse(Testing.synth(hcp)) as Json;
  return { app, tf, hcp };
}

const byName = (tf: Json, type: string): Record<string, Json> => tf.resource[type] ?? {};
const workspaces = (tf: Json): Record<string, Json> => Object.fromEntries(Object.entries(byName(tf, "tfe_workspace")).map(([id, w]) => [w.name, { id, ...w }]));
const ref = (type: string, id: string) => `\${${type}.${id}.id}`;

describe("HcpTerraformStack: HCP Terraform as code", () => {
  const { tf } = build();
  const ws = workspaces(tf);
  const settingsOf = (name: string) => Object.values(byName(tf, "tfe_workspace_settings")).find((s) => s.workspace_id === ref("tfe_workspace", ws[name].id))!;
  const variablesOf = (name: string): Record<string, Json> =>
    Object.fromEntries(Object.values(byName(tf, "tfe_variable")).filter((v) => v.workspace_id === ref("tfe_workspace", ws[name].id)).map((v) => [v.key, v]));

  it("declares one workspace per stack of the cloud environments, named as their cloud blocks name them, and none for stacks deployed by hand", () => {
    expect(Object.keys(ws).sort()).toEqual(["svc-aws-dev", "svc-aws-prod", "svc-aws-stg", "svc-gcp-dev", "svc-gcp-prod", "svc-gcp-stg", "svc-reader-dev"]);
    for (const [name, w] of Object.entries(ws)) {
      const stack = name.replace(/^svc-/, "");
      expect(w.working_directory).toBe(`cdktf.out/stacks/${stack}`);
      expect(w.organization).toBe("acme-platform");
      expect(w.queue_all_runs).toBe(false);
    }
  });

  it("applies automatically only where config says so, and keeps destroy plans out of protected environments", () => {
    expect(ws["svc-aws-dev"].auto_apply).toBe(true);
    expect(ws["svc-aws-stg"].auto_apply).toBe(false);
    expect(ws["svc-aws-prod"].auto_apply).toBe(false);
    expect(ws["svc-aws-dev"].allow_destroy_plan).toBe(true);
    expect(ws["svc-aws-prod"].allow_destroy_plan).toBe(false);
    expect(ws["svc-aws-dev"].terraform_version).toBe("~> 1.11.0");
    expect(ws["svc-aws-stg"].terraform_version).toBeUndefined();
  });

  it("sets the execution mode (and the agent pool) through tfe_workspace_settings, the provider's current place for them", () => {
    expect(settingsOf("svc-aws-dev")).toEqual(expect.objectContaining({ execution_mode: "agent", agent_pool_id: "apool-AbCdEf123456", global_remote_state: false }));
    expect(settingsOf("svc-aws-prod")).toEqual(expect.objectContaining({ execution_mode: "remote", global_remote_state: false }));
    expect(settingsOf("svc-aws-prod").agent_pool_id).toBeUndefined();
    for (const w of Object.values(ws)) expect(w.execution_mode).toBeUndefined();
  });

  it("creates the configured project and puts that environment's workspaces in it; the others stay in the default project", () => {
    const projects = Object.entries(byName(tf, "tfe_project"));
    expect(projects.map(([, p]) => [p.organization, p.name])).toEqual([["acme-platform", "Serverless Prod"]]);
    expect(ws["svc-aws-prod"].project_id).toBe(ref("tfe_project", projects[0][0]));
    expect(ws["svc-aws-dev"].project_id).toBeUndefined();
  });

  it("points each AWS workspace's plans and applies at its environment's HCP Terraform roles, and GCP workspaces at its service accounts", () => {
    const aws = variablesOf("svc-aws-prod");
    expect(Object.fromEntries(Object.entries(aws).map(([k, v]) => [k, [v.value, v.category]]))).toEqual({
      TFC_AWS_PROVIDER_AUTH: ["true", "env"],
      TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: ["aws.workload.identity", "env"],
      TFC_AWS_PLAN_ROLE_ARN: ["arn:aws:iam::333333333333:role/deployer/svc-prod-hcp-plan", "env"],
      TFC_AWS_APPLY_ROLE_ARN: ["arn:aws:iam::333333333333:role/deployer/svc-prod-hcp-apply", "env"],
    });
    const gcp = variablesOf("svc-gcp-prod");
    expect(Object.fromEntries(Object.entries(gcp).map(([k, v]) => [k, v.value]))).toEqual({
      TFC_GCP_PROVIDER_AUTH: "true",
      TFC_GCP_WORKLOAD_PROVIDER_NAME: "projects/230000000003/locations/global/workloadIdentityPools/svc-prod-deployers/providers/hcp-terraform",
      TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL: "svc-prod-plan@acme-svc-prod.iam.gserviceaccount.com",
      TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL: "svc-prod-deployer@acme-svc-prod.iam.gserviceaccount.com",
    });
    // Role ARNs are not secrets, and no credential is ever a variable.
    for (const v of Object.values(byName(tf, "tfe_variable"))) {
      expect(v.sensitive).toBeUndefined();
      expect(v.key).not.toMatch(/SECRET|ACCESS_KEY|CREDENTIALS|TOKEN/);
    }
  });

  it("queues runs in promotion order: each stack after the one before it, each environment after the one it is promoted from", () => {
    const name = (expression: string) => Object.entries(ws).find(([, w]) => expression === ref("tfe_workspace", w.id))![0];
    const triggers = Object.values(byName(tf, "tfe_run_trigger")).map((t) => `${name(t.sourceable_id)} -> ${name(t.workspace_id)}`);
    expect(triggers.sort()).toEqual([
      "svc-aws-dev -> svc-gcp-dev",
      "svc-aws-prod -> svc-gcp-prod",
      "svc-aws-stg -> svc-gcp-stg",
      "svc-gcp-dev -> svc-reader-dev",
      "svc-gcp-stg -> svc-aws-prod",
      "svc-reader-dev -> svc-aws-stg",
    ]);
  });

  it("shares a workspace's state only with the workspaces of the stacks that read it", () => {
    expect(settingsOf("svc-aws-dev").remote_state_consumer_ids).toEqual([ref("tfe_workspace", ws["svc-reader-dev"].id)]);
    expect(settingsOf("svc-aws-prod").remote_state_consumer_ids).toBeUndefined();
  });

  it("writes only arguments the tfe provider documents, and no token (TFE_TOKEN comes from the environment)", () => {
    for (const [type, blocks] of Object.entries(tf.resource as Record<string, Record<string, Json>>)) {
      expect(Object.keys(DOCUMENTED)).toContain(type);
      const used = [...new Set(Object.values(blocks).flatMap((b) => Object.keys(b)))].filter((k) => k !== "//" && k !== "depends_on");
      expect({ type, undocumented: used.filter((k) => !DOCUMENTED[type].includes(k)) }).toEqual({ type, undocumented: [] });
    }
    expect(tf.provider.tfe).toEqual([{}]);
    expect(JSON.stringify(tf)).not.toMatch(/"token"/);
    expect(tf.terraform.backend.local.path).toBe("../../../terraform.hcp-terraform.tfstate");
  });

  it("does not link environments that are not on HCP Terraform", () => {
    const { tf: partial } = build({ stgRemote: true });
    const names = Object.keys(workspaces(partial));
    expect(names).not.toContain("svc-aws-stg");
    const ids = Object.fromEntries(Object.entries(workspaces(partial)).map(([n, w]) => [ref("tfe_workspace", w.id), n]));
    const triggers = Object.values(byName(partial, "tfe_run_trigger")).map((t) => `${ids[t.sourceable_id]} -> ${ids[t.workspace_id]}`);
    // prod is promoted from stg, which HCP Terraform does not run: nothing triggers prod's first workspace.
    expect(triggers.sort()).toEqual(["svc-aws-dev -> svc-gcp-dev", "svc-aws-prod -> svc-gcp-prod", "svc-gcp-dev -> svc-reader-dev"]);
  });

  it("refuses an app without a cloud environment, and cloud environments on two hosts", () => {
    const refusal = (environments: EnvironmentConfig[]) => {
      try {
        new HcpTerraformStack(new App(), "hcp-terraform", { environments });
      } catch (e) {
        if (e instanceof ValidationError) return e.message;
        throw e;
      }
      return "";
    };
    expect(refusal([loadConfig("dev")])).toMatch(/environments: must be at least one environment with backend: "cloud"/);
    expect(refusal([onHcp("dev", { organization: "acme-platform" }), onHcp("prod", { organization: "acme-platform", hostname: "tfe.example.com" })])).toMatch(
      /environments\[\]\.cloud\.hostname: must be one HCP Terraform host for every cloud environment .*received \["app\.terraform\.io","tfe\.example\.com"\]/,
    );
  });
});

describe("an app on HCP Terraform, synthesized with every rule pack", () => {
  it("passes: the hcp-terraform stack, and deployer identities whose roles trust the workspaces' runs", () => {
    const app = Testing.app();
    const prod = onHcp("prod", { organization: "acme-platform", project: "Serverless Prod" });
    declareConfig(prod);
    new AwsServiceStack(app, "aws-prod", { config: prod });
    new GcpServiceStack(app, "gcp-prod", { config: prod });
    const aws = new AwsDeployerStack(app, "deployer-aws-prod", { config: prod });
    new GcpDeployerStack(app, "deployer-gcp-prod", { config: prod });
    new HcpTerraformStack(app, "hcp-terraform", { environments: [prod] });
    expect(() => app.synth()).not.toThrow();
    // The HCP Terraform roles, not GitHub's: the runs happen there.
    expect(aws.identities.roles.map((r) => `${r.source}-${r.phase}`)).toEqual(["hcp-plan", "hcp-apply"]);
    const trust = JSON.parse(Testing.synth(aws)).data.aws_iam_policy_document;
    const apply = Object.values(trust as Record<string, Json>).find((d) => d.statement[0].sid === "HcpTerraformApply")!;
    expect(apply.statement[0].condition).toEqual([
      { test: "StringEquals", variable: "app.terraform.io:aud", values: ["aws.workload.identity"] },
      { test: "StringEquals", variable: "app.terraform.io:sub", values: ["organization:acme-platform:project:Serverless Prod:workspace:svc-aws-prod:run_phase:apply"] },
    ]);
  });
});

describe("an app on HCP Terraform: who may assume the workspaces' roles (IAM evaluator)", () => {
  const app = Testing.app();
  const prod = onHcp("prod", { organization: "acme-platform", project: "Serverless Prod" });
  declareConfig(prod);
  new AwsServiceStack(app, "aws-prod", { config: prod });
  const aws = new AwsDeployerStack(app, "deployer-aws-prod", { config: prod });
  new HcpTerraformStack(app, "hcp-terraform", { environments: [prod] });
  const tf = JSON.parse(Testing.synth(aws)) as Json;
  const PROD = prod.aws.accountId;
  const apply = roleOf(tf, PROD, "svc-prod-hcp-apply");
  const plan = roleOf(tf, PROD, "svc-prod-hcp-plan");
  const run = (workspace: string, phase: string, organization = "acme-platform", project = "Serverless Prod") => `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${phase}`;
  const AUD = "aws.workload.identity";
  it.each<[string, "apply" | "plan", string, string, Decision]>([
    ["Compliance: an apply run of the aws-prod workspace assumes the apply role", "apply", run("svc-aws-prod", "apply"), AUD, "Allowed"],
    ["Compliance: a plan run of the aws-prod workspace assumes the plan role", "plan", run("svc-aws-prod", "plan"), AUD, "Allowed"],
    ["Noncompliance: a plan run on the apply role", "apply", run("svc-aws-prod", "plan"), AUD, "ImplicitlyDenied"],
    ["Noncompliance: an apply run on the plan role", "plan", run("svc-aws-prod", "apply"), AUD, "ImplicitlyDenied"],
    ["Noncompliance: another workspace of the project", "apply", run("svc-aws-prod-copy", "apply"), AUD, "ImplicitlyDenied"],
    ["Noncompliance: the same workspace name in another organization", "apply", run("svc-aws-prod", "apply", "acme-platform-fork"), AUD, "ImplicitlyDenied"],
    ["Noncompliance: the same workspace name in another project", "apply", run("svc-aws-prod", "apply", "acme-platform", "Sandbox"), AUD, "ImplicitlyDenied"],
    ["Noncompliance: a wildcard-looking subject is only text", "apply", run("*", "apply"), AUD, "ImplicitlyDenied"],
    ["Noncompliance: another audience", "apply", run("svc-aws-prod", "apply"), "sts.amazonaws.com", "ImplicitlyDenied"],
  ])("%s", async (_case, phase, sub, aud, expected) => {
    expect(await mayAssume(phase === "apply" ? apply : plan, PROD, "app.terraform.io", { sub, aud })).toBe(expected);
  });
  it("Noncompliance: a GitHub token with the run's subject", async () => {
    expect(await mayAssume(apply, PROD, "token.actions.githubusercontent.com", { sub: run("svc-aws-prod", "apply"), aud: AUD })).toBe("ImplicitlyDenied");
  });
});

describe("config: HCP Terraform settings", () => {
  const refuse = (settings: Record<string, unknown>): string => {
    try {
      validateConfig({ ...loadConfig("prod"), backend: "cloud", cloud: settings as never }, "config/prod");
    } catch (e) {
      if (e instanceof ValidationError) return e.message;
      throw e;
    }
    return "";
  };
  it.each([
    [{ organization: "acme", executionMode: "agent" }, /cloud\.agentPoolId: must be set when executionMode is "agent"; received undefined/],
    [{ organization: "acme", agentPoolId: "apool-AbCdEf123456" }, /cloud\.agentPoolId: must be unset unless executionMode is "agent"/],
    [{ organization: "acme", executionMode: "cloud" }, /cloud\.executionMode: must be one of "remote", "agent", "local"/],
    [{ organization: "acme", terraformVersion: "latest" }, /cloud\.terraformVersion: must be a Terraform version or constraint/],
    [{ organization: "acme", autoApply: "yes" }, /cloud\.autoApply: must be true or false/],
  ])("Noncompliance: %j", (settings, message) => {
    expect(refuse(settings)).toMatch(message);
  });
  it("Compliance: agents with their pool, a version constraint, auto-apply", () => {
    expect(refuse({ organization: "acme", executionMode: "agent", agentPoolId: "apool-AbCdEf123456", terraformVersion: "~> 1.11.0", autoApply: true })).toBe("");
  });
});
