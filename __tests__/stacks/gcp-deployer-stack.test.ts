import { Testing } from "cdktf";
import { declareConfig, loadConfig, validateConfig, type EnvironmentConfig } from "../../config/load";
import { escalatingPermissions } from "../../modules/core/policy/gcp-escalation";
import { isPoolWidePrincipal } from "../../modules/core/policy/gcp-principals";
import { readPermissionsOf } from "../../modules/gcp/deployer-permissions";
import { GcpDeployerStack } from "../../stacks/gcp-deployer-stack";
import { GcpServiceStack } from "../../stacks/gcp-service-stack";
import { appStackJson } from "../app-output";

type Json = Record<string, any>;
const values = (tf: Json, type: string): Json[] => Object.values(tf.resource[type] ?? {});
const POOL = "projects/210000000001/locations/global/workloadIdentityPools/svc-dev-deployers";

describe("deployer-gcp-dev: the environment's deployers through workload identity federation", () => {
  const tf = appStackJson("deployer-gcp-dev");
  const service = appStackJson("gcp-dev");

  it("admits only the repository's dev and dev-plan jobs at the pool's GitHub provider", () => {
    const [pool] = values(tf, "google_iam_workload_identity_pool");
    expect(pool.workload_identity_pool_id).toBe("svc-dev-deployers");
    const providers = values(tf, "google_iam_workload_identity_pool_provider");
    expect(providers).toEqual([
      expect.objectContaining({
        workload_identity_pool_provider_id: "github",
        oidc: { issuer_uri: "https://token.actions.githubusercontent.com" },
        attribute_mapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
        attribute_condition:
          "assertion.repository == 'acme/svc-serverless' && assertion.sub in ['repo:acme/svc-serverless:environment:dev-plan', 'repo:acme/svc-serverless:environment:dev']",
      }),
    ]);
  });

  it("lets each account be impersonated by the exact subject of its phase, never by the pool", () => {
    const members = values(tf, "google_service_account_iam_member").map((m) => [m.role, m.member]);
    expect(members.sort()).toEqual(
      [
        ["roles/iam.workloadIdentityUser", `principal://iam.googleapis.com/${POOL}/subject/repo:acme/svc-serverless:environment:dev`],
        ["roles/iam.workloadIdentityUser", `principal://iam.googleapis.com/${POOL}/subject/repo:acme/svc-serverless:environment:dev-plan`],
      ].sort(),
    );
    for (const [, member] of members) expect(isPoolWidePrincipal(member)).toBe(false);
    const accounts = Object.fromEntries(Object.entries(tf.resource.google_service_account as Record<string, Json>).map(([id, a]) => [`\${google_service_account.${id}.name}`, a.account_id]));
    const byAccount = Object.fromEntries(values(tf, "google_service_account_iam_member").map((m) => [accounts[m.service_account_id], m.member.split("/subject/")[1]]));
    // The apply account is the environment's deployer (gcp.deployer.accountId), the plan account its own.
    expect(byAccount).toEqual({ "svc-dev-deployer": "repo:acme/svc-serverless:environment:dev", "svc-dev-plan": "repo:acme/svc-serverless:environment:dev-plan" });
  });

  it("grants both accounts one custom project role of reads: exactly what refreshing the environment's stacks needs, nothing that escalates", () => {
    const [role] = values(tf, "google_project_iam_custom_role");
    const serviceTypes = Object.keys(service.resource);
    const ownTypes = Object.keys(tf.resource);
    expect(role.permissions).toEqual(readPermissionsOf([...serviceTypes, ...ownTypes]));
    expect(role.permissions.every((p: string) => /\.(get|getIamPolicy)$/.test(p))).toBe(true);
    expect(escalatingPermissions(role.permissions)).toEqual([]);
    const grants = values(tf, "google_project_iam_member").map((m) => [m.role, m.member]);
    expect(grants.sort()).toEqual(
      [
        [`projects/acme-svc-dev/roles/${role.role_id}`, "serviceAccount:svc-dev-deployer@acme-svc-dev.iam.gserviceaccount.com"],
        [`projects/acme-svc-dev/roles/${role.role_id}`, "serviceAccount:svc-dev-plan@acme-svc-dev.iam.gserviceaccount.com"],
      ].sort(),
    );
  });

  it("leaves what the apply account may change to gcp-dev, on each resource: the environment's stack grants the identity stack's account and creates none", () => {
    const email = "svc-dev-deployer@acme-svc-dev.iam.gserviceaccount.com";
    expect(values(service, "google_service_account").map((a) => a.account_id)).not.toContain("svc-dev-deployer");
    const granted = ["google_cloud_run_v2_service_iam_member", "google_service_account_iam_member", "google_artifact_registry_repository_iam_member"].flatMap((t) =>
      values(service, t).filter((m) => m.member === `serviceAccount:${email}`).map((m) => m.role),
    );
    expect(granted.sort()).toEqual(["roles/artifactregistry.writer", "roles/iam.serviceAccountUser", "roles/iam.serviceAccountUser", "roles/run.developer", "roles/run.developer"]);
    expect(Object.keys(service.resource).filter((t) => t.startsWith("google_project_iam"))).toEqual([]);
  });
});

describe("GcpDeployerStack with HCP Terraform and a GCS state bucket", () => {
  const build = (config: EnvironmentConfig) => {
    declareConfig(config);
    const app = Testing.app();
    new GcpServiceStack(app, `gcp-${config.environment}`, { config });
    const stack = new GcpDeployerStack(app, `deployer-gcp-${config.environment}`, { config });
    return JSON.parse(Testing.synth(stack)) as Json;
  };
  const prod = loadConfig("prod");

  it("admits the project's workspaces of the organization, each account by its run phase", () => {
    const tf = build(validateConfig({ ...prod, backend: "cloud", cloud: { organization: "acme-platform", project: "Serverless Prod" } }, "test/prod"));
    const [provider] = values(tf, "google_iam_workload_identity_pool_provider");
    expect(provider.workload_identity_pool_provider_id).toBe("hcp-terraform");
    expect(provider.oidc).toEqual({ issuer_uri: "https://app.terraform.io" });
    expect(provider.attribute_condition).toBe(
      "assertion.terraform_organization_name == 'acme-platform' && assertion.sub in ['organization:acme-platform:project:Serverless Prod:workspace:svc-gcp-prod:run_phase:plan', 'organization:acme-platform:project:Serverless Prod:workspace:svc-gcp-prod:run_phase:apply']",
    );
    const subjects = values(tf, "google_service_account_iam_member").map((m) => m.member.split("/subject/")[1]).sort();
    expect(subjects).toEqual(["organization:acme-platform:project:Serverless Prod:workspace:svc-gcp-prod:run_phase:apply", "organization:acme-platform:project:Serverless Prod:workspace:svc-gcp-prod:run_phase:plan"]);
  });

  it("with GCS state: the plan account reads its prefix and writes only its lock file, the apply account reads and writes the prefix", () => {
    const tf = build(validateConfig({ ...prod, gcp: { ...prod.gcp!, stateBackend: "gcs", gcsStateBucket: "svc-tf-state" } }, "test/prod"));
    const objects = "projects/_/buckets/svc-tf-state/objects/svc/prod/";
    expect(values(tf, "google_storage_bucket_iam_member").map((m) => [m.member.split(":")[1].split("@")[0], m.role, m.condition.expression]).sort()).toEqual(
      [
        ["svc-prod-plan", "roles/storage.objectViewer", `resource.type == 'storage.googleapis.com/Bucket' || resource.name.startsWith('${objects}')`],
        ["svc-prod-plan", "roles/storage.objectUser", `resource.name.startsWith('${objects}') && resource.name.endsWith('.tflock')`],
        ["svc-prod-deployer", "roles/storage.objectUser", `resource.type == 'storage.googleapis.com/Bucket' || resource.name.startsWith('${objects}')`],
      ].sort(),
    );
    expect(tf.terraform.backend.gcs).toEqual({ bucket: "svc-tf-state", prefix: "svc/prod/deployer-gcp-prod" });
  });

  it("refuses an environment without its project number, naming the key", () => {
    const { projectNumber: _n, ...gcp } = prod.gcp!;
    expect(() => build({ ...prod, gcp } as EnvironmentConfig)).toThrow(/\[deployer-gcp-prod\] config\.gcp\.projectNumber: must be set: workload identity principals are named by the project's number/);
  });
});
