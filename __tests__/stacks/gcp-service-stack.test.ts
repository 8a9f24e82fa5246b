import { Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig, type EnvironmentConfig, type EnvironmentName } from "../../config/load";
import { ValidationError } from "../../modules/core/validation";
import { GcpServiceStack } from "../../stacks/gcp-service-stack";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function synthText(config: EnvironmentConfig, id = `gcp-${config.environment}`): string {
  const stack = new GcpServiceStack(Testing.app(), id, { config });
  return Testing.synth(stack);
}
const synthEnv = (env: EnvironmentName): Json => JSON.parse(synthText(loadConfig(env)));

const byType = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const service = (json: Json, name: string): Json => byType(json, "google_cloud_run_v2_service").find((s) => s.name === name);
const allGrants = (json: Json): Json[] =>
  Object.entries<Record<string, Json>>(json.resource).flatMap(([type, byId]) =>
    Object.values(byId)
      .filter((r) => r.role !== undefined)
      .map((r) => ({ type, ...r })),
  );

describe.each(ENVIRONMENTS.filter((e) => loadConfig(e).gcp !== undefined))("gcp-%s", (env) => {
  const json = synthEnv(env);
  const cfg = loadConfig(env).gcp!;

  test("synthesizes to the same JSON as the reviewed snapshot", () => {
    expect(synthText(loadConfig(env))).toMatchSnapshot();
  });

  test("provider: the environment's project and region, default labels project, environment, managed-by, owner", () => {
    expect(json.provider.google).toEqual([
      {
        project: cfg.projectId,
        region: cfg.region,
        default_labels: { project: "svc", environment: env, "managed-by": "cdktf", owner: "platform-team" },
      },
    ]);
  });

  test("remote state on S3, key <project>/<env>/<stack>.tfstate, locked with the native lock file", () => {
    expect(json.terraform.backend).toEqual({
      s3: { bucket: "svc-terraform-state-eu-west-1", region: "eu-west-1", key: `svc/${env}/gcp-${env}.tfstate`, encrypt: true, use_lockfile: true },
    });
  });

  test("an Artifact Registry repository with vulnerability scanning and the environment's tag and cleanup settings", () => {
    const repos = byType(json, "google_artifact_registry_repository");
    expect(repos).toHaveLength(1);
    expect(repos[0]).toMatchObject({
      repository_id: cfg.repository.repositoryId,
      project: cfg.projectId,
      location: cfg.region,
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      vulnerability_scanning_config: { enablement_config: "INHERITED" },
      docker_config: { immutable_tags: cfg.repository.immutableTags },
      cleanup_policy_dry_run: cfg.repository.cleanupDryRun,
    });
  });

  test("two Cloud Run services pulling from that repository, each as its own service account", () => {
    const services = byType(json, "google_cloud_run_v2_service");
    expect(services.map((s) => s.name).sort()).toEqual([`svc-${env}-backend`, `svc-${env}-frontend`]);
    const accounts = byType(json, "google_service_account").map((a) => a.account_id);
    expect(accounts).toEqual(expect.arrayContaining([`svc-${env}-backend-run`, `svc-${env}-frontend-run`]));
    for (const s of services) {
      expect(s.template.containers[0].image).toMatch(new RegExp(`^europe-west1-docker\\.pkg\\.dev/${cfg.projectId}/svc-images/(frontend|backend):`));
      expect(s.template.service_account).toMatch(/^\$\{google_service_account\.(Frontend|Backend)_ServiceAccount_[0-9A-F]+\.email\}$/);
    }
    const readers = allGrants(json).filter((g) => g.role === "roles/artifactregistry.reader");
    expect(readers).toHaveLength(2);
    for (const r of readers) expect(r.type).toBe("google_artifact_registry_repository_iam_member");
  });

  test("frontend on 3000 (public as config says), backend on 8080 (internal, not public)", () => {
    const frontend = service(json, `svc-${env}-frontend`);
    const backend = service(json, `svc-${env}-backend`);
    expect(frontend.template.containers[0].ports.container_port).toBe(3000);
    expect(backend.template.containers[0].ports.container_port).toBe(8080);
    expect(frontend.ingress).toBe("INGRESS_TRAFFIC_ALL");
    expect(backend.ingress).toBe("INGRESS_TRAFFIC_INTERNAL_ONLY");
    const publicGrants = allGrants(json).filter((g) => g.member === "allUsers");
    expect(publicGrants).toHaveLength(cfg.services.frontend.public ? 1 : 0);
    for (const g of publicGrants) expect(g.name).toMatch(/google_cloud_run_v2_service\.Frontend_Service_/);
  });

  test("the frontend calls the backend as itself: run.invoker on the backend only, through Direct VPC egress", () => {
    const frontend = service(json, `svc-${env}-frontend`);
    expect(frontend.template.containers[0].env).toEqual([{ name: "BACKEND_URL", value: expect.stringMatching(/^\$\{google_cloud_run_v2_service\.Backend_Service_[0-9A-F]+\.uri\}$/) }]);
    expect(frontend.template.vpc_access.egress).toBe("ALL_TRAFFIC");
    const invokers = allGrants(json).filter((g) => g.role === "roles/run.invoker" && g.member !== "allUsers");
    expect(invokers).toEqual([
      expect.objectContaining({
        name: expect.stringMatching(/google_cloud_run_v2_service\.Backend_Service_/),
        member: expect.stringMatching(/^serviceAccount:\$\{google_service_account\.Frontend_ServiceAccount_/),
      }),
    ]);
  });

  test(`deletion protection ${loadConfig(env).protected ? "on" : "off"}, as the environment's config says (protected)`, () => {
    for (const s of byType(json, "google_cloud_run_v2_service")) expect(s.deletion_protection).toBe(loadConfig(env).protected);
  });

  test("no project-level grant, no basic or admin role anywhere", () => {
    expect(Object.keys(json.resource).filter((t) => /^google_(project|folder|organization)_iam/.test(t))).toEqual([]);
    const grants = allGrants(json);
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      expect(g.role).not.toMatch(/^roles\/(owner|editor|viewer)$/);
      expect(g.role).not.toMatch(/admin/i);
      expect(g.type).toMatch(/^google_(artifact_registry_repository|cloud_run_v2_service|secret_manager_secret|service_account)_iam_member$/);
    }
  });

  test("a deployer: run.developer on each service, serviceAccountUser on the runtime accounts, writer on the repository; images left to it", () => {
    // The deployer's account is the environment's apply account, which deployer-gcp-<env> creates.
    expect(byType(json, "google_service_account").map((a) => a.account_id)).not.toContain(cfg.deployer!.accountId);
    const deployerRoles = allGrants(json)
      .filter((g) => g.member === `serviceAccount:${cfg.deployer!.accountId}@${cfg.projectId}.iam.gserviceaccount.com`)
      .map((g) => `${g.type} ${g.role}`)
      .sort();
    expect(deployerRoles).toEqual([
      "google_artifact_registry_repository_iam_member roles/artifactregistry.writer",
      "google_cloud_run_v2_service_iam_member roles/run.developer",
      "google_cloud_run_v2_service_iam_member roles/run.developer",
      "google_service_account_iam_member roles/iam.serviceAccountUser",
      "google_service_account_iam_member roles/iam.serviceAccountUser",
    ]);
    for (const s of byType(json, "google_cloud_run_v2_service")) {
      expect(s.lifecycle.ignore_changes).toContain("template[0].containers[0].image");
    }
  });

  test("outputs: frontend_url, backend_url, repository_url, deployer_email", () => {
    expect(Object.keys(json.output).sort()).toEqual(["backend_url", "deployer_email", "frontend_url", "repository_url"]);
    expect(json.output.repository_url.value).toBe(`europe-west1-docker.pkg.dev/${cfg.projectId}/svc-images`);
  });

  test("deterministic: no absolute path, no timestamp, same bytes twice", () => {
    const text = synthText(loadConfig(env));
    expect(text).toBe(synthText(loadConfig(env)));
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

describe("GcpServiceStack options", () => {
  const base = loadConfig("dev");
  const withGcp = (gcp: Partial<NonNullable<EnvironmentConfig["gcp"]>>): EnvironmentConfig => ({ ...base, gcp: { ...base.gcp!, ...gcp } });

  test("stateBackend gcs: a GCS backend with prefix <project>/<env>/<stack>", () => {
    const json = JSON.parse(synthText(withGcp({ stateBackend: "gcs", gcsStateBucket: "acme-terraform-state" })));
    expect(json.terraform.backend).toEqual({ gcs: { bucket: "acme-terraform-state", prefix: "svc/dev/gcp-dev" } });
  });

  test("invokerIamDisabled: the public frontend turns the invoker check off instead of granting allUsers", () => {
    const json = JSON.parse(synthText(withGcp({ invokerIamDisabled: true })));
    expect(service(json, "svc-dev-frontend").invoker_iam_disabled).toBe(true);
    expect(service(json, "svc-dev-backend").invoker_iam_disabled).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain("allUsers");
  });

  test("a private frontend: no allUsers anywhere", () => {
    const gcp = base.gcp!;
    const json = JSON.parse(synthText(withGcp({ services: { ...gcp.services, frontend: { ...gcp.services.frontend, public: false } } })));
    expect(JSON.stringify(json)).not.toContain("allUsers");
  });

  test("without gcp.deployer: the environment's apply account (deployer-gcp-<env>) gets the grants, and Terraform owns the images", () => {
    const json = JSON.parse(synthText(withGcp({ deployer: undefined })));
    expect(byType(json, "google_service_account").map((a) => a.account_id).sort()).toEqual(["svc-dev-backend-run", "svc-dev-frontend-run"]);
    for (const s of byType(json, "google_cloud_run_v2_service")) expect(s.lifecycle).toBeUndefined();
    expect(json.output.deployer_email.value).toBe("svc-dev-apply@acme-svc-dev.iam.gserviceaccount.com");
  });

  test("without gcp.deployer and without deployer identities (no repository, no HCP Terraform): no deployer at all", () => {
    const json = JSON.parse(synthText({ ...withGcp({ deployer: undefined }), project: { name: "svc", owner: "platform-team" } }));
    expect(byType(json, "google_service_account").map((a) => a.account_id).sort()).toEqual(["svc-dev-backend-run", "svc-dev-frontend-run"]);
    expect(json.output.deployer_email).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain("iam.gserviceaccount.com\"");
  });

  test("without a VPC: no Direct VPC egress", () => {
    const json = JSON.parse(synthText(withGcp({ vpc: undefined })));
    expect(service(json, "svc-dev-frontend").template.vpc_access).toBeUndefined();
  });

  test("an environment without a gcp section is refused with a clear error", () => {
    const { gcp: _omitted, ...awsOnly } = base;
    void _omitted;
    let error: unknown;
    try {
      synthText(awsOnly);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: "gcp-dev", prop: "config.gcp", rule: expect.stringContaining("the gcp section of config/<env>.ts"), received: undefined },
    ]);
  });
});

describe("deletion protection follows the protected trait, not the environment's name", () => {
  const protection = (config: EnvironmentConfig): boolean[] => byType(JSON.parse(synthText(config, "gcp-traits")), "google_cloud_run_v2_service").map((s) => s.deletion_protection);

  test.each([
    ["prod", false],
    ["dev", true],
  ] as const)("%s config with protected: %p", (env, value) => {
    expect(protection({ ...loadConfig(env), protected: value })).toEqual([value, value]);
  });
});
