import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { ArtifactRegistryRepository, CloudRunService, type CloudRunServiceProps, deriveServiceAccountId } from "../../../modules/gcp";
import { expectRefused, grants, newStack, only, onlyId, resources, synth, type Json } from "./support";

const RUN = "google_cloud_run_v2_service";
const RUN_IAM = "google_cloud_run_v2_service_iam_member";
const SA = "google_service_account";
const SECRET_IAM = "google_secret_manager_secret_iam_member";
const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/backend:1.0.0";

function service(props: Partial<CloudRunServiceProps> = {}, stack: TerraformStack = newStack()) {
  const s = new CloudRunService(stack, "Svc", { serviceName: "svc-dev-backend", location: "europe-west1", image: IMAGE, ...props });
  return { stack, service: s, json: synth(stack) };
}

const container = (json: Json) => only(json, RUN).template.containers[0];

describe("CloudRunService: the service and its defaults", () => {
  test("defaults: port 8080, 1 vCPU, 512Mi, 0..100 instances, concurrency 80, 300 s, ingress all, request-based billing, startup boost, deletion protection", () => {
    const { json } = service();
    const saId = onlyId(json, SA);
    expect(only(json, RUN)).toEqual({
      name: "svc-dev-backend",
      location: "europe-west1",
      ingress: "INGRESS_TRAFFIC_ALL",
      deletion_protection: true,
      template: {
        service_account: `\${${SA}.${saId}.email}`,
        timeout: "300s",
        max_instance_request_concurrency: 80,
        scaling: { min_instance_count: 0, max_instance_count: 100 },
        containers: [
          {
            image: IMAGE,
            ports: { container_port: 8080 },
            resources: { limits: { cpu: "1", memory: "512Mi" }, cpu_idle: true, startup_cpu_boost: true },
          },
        ],
      },
    });
  });

  test("by default: not public, no grant at all, nothing at project level", () => {
    const { json } = service();
    expect(grants(json)).toEqual([]);
    expect(Object.keys(json.resource).sort()).toEqual([RUN, SA]);
  });

  test("every option is written where Cloud Run reads it", () => {
    const { json } = service({
      project: "acme-svc-dev",
      description: "Backend",
      containerPort: 3000,
      cpu: "2",
      memory: "2Gi",
      minInstances: 1,
      maxInstances: 20,
      concurrency: 250,
      timeout: 60,
      ingress: "internal",
      requestBasedBilling: false,
      startupCpuBoost: false,
      environment: { NODE_ENV: "production", LOG_LEVEL: "info" },
      labels: { component: "backend" },
      deletionProtection: false,
    });
    const svc = only(json, RUN);
    expect(svc).toMatchObject({
      project: "acme-svc-dev",
      description: "Backend",
      ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      deletion_protection: false,
      labels: { component: "backend" },
      template: { timeout: "60s", max_instance_request_concurrency: 250, scaling: { min_instance_count: 1, max_instance_count: 20 } },
    });
    expect(container(json)).toEqual({
      image: IMAGE,
      ports: { container_port: 3000 },
      resources: { limits: { cpu: "2", memory: "2Gi" }, cpu_idle: false, startup_cpu_boost: false },
      env: [
        { name: "NODE_ENV", value: "production" },
        { name: "LOG_LEVEL", value: "info" },
      ],
    });
    expect(only(json, SA).project).toBe("acme-svc-dev");
  });

  test.each([
    ["all", "INGRESS_TRAFFIC_ALL"],
    ["internal", "INGRESS_TRAFFIC_INTERNAL_ONLY"],
    ["internal-and-cloud-load-balancing", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"],
  ] as const)("ingress %s is %s", (ingress, value) => {
    expect(only(service({ ingress }).json, RUN).ingress).toBe(value);
  });

  test("below 1 vCPU the concurrency defaults to 1 (Cloud Run requires it)", () => {
    const { json } = service({ cpu: "0.5", memory: "512Mi" });
    expect(only(json, RUN).template.max_instance_request_concurrency).toBe(1);
  });

  test("Direct VPC egress: network interface in the subnetwork, private ranges only by default", () => {
    const { json } = service({ vpcAccess: { subnetwork: "svc-dev-europe-west1" } });
    expect(only(json, RUN).template.vpc_access).toEqual({
      egress: "PRIVATE_RANGES_ONLY",
      network_interfaces: [{ subnetwork: "svc-dev-europe-west1" }],
    });
    const all = service({ vpcAccess: { network: "svc-dev", subnetwork: "svc-dev-europe-west1", networkTags: ["run"], egress: "all-traffic" } }).json;
    expect(only(all, RUN).template.vpc_access).toEqual({
      egress: "ALL_TRAFFIC",
      network_interfaces: [{ network: "svc-dev", subnetwork: "svc-dev-europe-west1", tags: ["run"] }],
    });
  });

  test("ignoreImageChanges leaves the image (and gcloud's client fields) to the deploy pipeline", () => {
    expect(only(service({ ignoreImageChanges: true }).json, RUN).lifecycle).toEqual({
      ignore_changes: ["client", "client_version", "template[0].containers[0].image"],
    });
    expect(only(service().json, RUN).lifecycle).toBeUndefined();
  });

  test("exposes uri and serviceAccountEmail as references", () => {
    const { stack, service: s } = service();
    new TerraformOutput(stack, "uri", { value: s.uri });
    new TerraformOutput(stack, "email", { value: s.serviceAccountEmail });
    const json = synth(stack);
    expect(json.output.uri.value).toBe(`\${${RUN}.${onlyId(json, RUN)}.uri}`);
    expect(json.output.email.value).toBe(`\${${SA}.${onlyId(json, SA)}.email}`);
  });
});

describe("CloudRunService: its own service account", () => {
  test("account id <serviceName>-run, described, in the service's project", () => {
    const { json } = service({ project: "acme-svc-dev" });
    expect(only(json, SA)).toEqual({
      account_id: "svc-dev-backend-run",
      project: "acme-svc-dev",
      display_name: "Cloud Run service svc-dev-backend",
      description: expect.stringContaining("Runtime identity of the Cloud Run service svc-dev-backend"),
    });
  });

  test("a long service name gives a shortened, hashed, valid account id of at most 30 characters", () => {
    const name = "svc-production-customer-facing-frontend-service";
    const id = deriveServiceAccountId(name);
    expect(id).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(id.length).toBeLessThanOrEqual(30);
    expect(id).toBe(deriveServiceAccountId(name));
    expect(id).not.toBe(deriveServiceAccountId(`${name}s`));
    expect(only(service({ serviceName: name }).json, SA).account_id).toBe(id);
  });

  test("serviceAccountId overrides the derived id", () => {
    expect(only(service({ serviceAccountId: "backend-runtime" }).json, SA).account_id).toBe("backend-runtime");
  });
});

describe("CloudRunService: grants on resources only", () => {
  test("with a repository, its service account gets artifactregistry.reader on that repository, before the service exists", () => {
    const stack = newStack();
    const repo = new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1", project: "acme-svc-dev" });
    const { json } = service({ repository: repo, image: repo.imageUrl("backend", "1.0.0") }, stack);
    const sa = onlyId(json, SA);
    const repoId = onlyId(json, "google_artifact_registry_repository");
    const g = grants(json);
    expect(g).toEqual([
      {
        type: "google_artifact_registry_repository_iam_member",
        id: expect.stringContaining("reader-svc-dev-backend"),
        role: "roles/artifactregistry.reader",
        member: `serviceAccount:\${${SA}.${sa}.email}`,
        target: {
          project: `\${google_artifact_registry_repository.${repoId}.project}`,
          location: `\${google_artifact_registry_repository.${repoId}.location}`,
          repository: `\${google_artifact_registry_repository.${repoId}.name}`,
        },
      },
    ]);
    expect(only(json, RUN).depends_on).toEqual([`google_artifact_registry_repository_iam_member.${g[0].id}`]);
  });

  test("a repository in another stack: the reader grant lives in the service's stack (references go to the repository's stack only), granted before the service", () => {
    const app = Testing.app();
    const shared = new TerraformStack(app, "shared");
    new GoogleProvider(shared, "google", { project: "acme-shared", region: "europe-west1" });
    const repo = new ArtifactRegistryRepository(shared, "Repo", { repositoryId: "svc-images", location: "europe-west1", project: "acme-shared" });
    const stack = new TerraformStack(app, "svc");
    new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
    new CloudRunService(stack, "Svc", { serviceName: "svc-dev-backend", location: "europe-west1", image: repo.imageUrl("backend", "1.0.0"), repository: repo, alarms: { enabled: false, reason: "This test is about the reader grant, not the alarm channel's" } });
    const json = synth(stack);
    const reader = grants(json);
    expect(reader).toEqual([expect.objectContaining({ type: "google_artifact_registry_repository_iam_member", role: "roles/artifactregistry.reader" })]);
    expect(only(json, RUN).depends_on).toEqual([`google_artifact_registry_repository_iam_member.${reader[0].id}`]);
    expect(grants(synth(shared))).toEqual([]);
  });

  test("secrets: env from secret_key_ref (latest by default), secretAccessor on each secret only, granted before the service", () => {
    const { json } = service({
      project: "acme-svc-dev",
      secrets: {
        DB_PASSWORD: { secret: "db-password" },
        API_KEY: { secret: "projects/acme-shared/secrets/api-key", version: "3" },
        DB_PASSWORD_COPY: { secret: "db-password", version: "2" },
      },
    });
    expect(container(json).env).toEqual([
      { name: "DB_PASSWORD", value_source: { secret_key_ref: { secret: "db-password", version: "latest" } } },
      { name: "API_KEY", value_source: { secret_key_ref: { secret: "projects/acme-shared/secrets/api-key", version: "3" } } },
      { name: "DB_PASSWORD_COPY", value_source: { secret_key_ref: { secret: "db-password", version: "2" } } },
    ]);
    const member = `serviceAccount:\${${SA}.${onlyId(json, SA)}.email}`;
    const accessors = Object.entries(resources(json, SECRET_IAM));
    expect(accessors.map(([, r]) => r)).toEqual([
      { secret_id: "db-password", project: "acme-svc-dev", role: "roles/secretmanager.secretAccessor", member },
      { secret_id: "projects/acme-shared/secrets/api-key", role: "roles/secretmanager.secretAccessor", member },
    ]);
    expect(only(json, RUN).depends_on.sort()).toEqual(accessors.map(([id]) => `${SECRET_IAM}.${id}`).sort());
  });

  test("allowUnauthenticated grants run.invoker to allUsers on this service", () => {
    const { json } = service({ allowUnauthenticated: true });
    const run = onlyId(json, RUN);
    expect(grants(json)).toEqual([
      {
        type: RUN_IAM,
        id: expect.stringContaining("PublicInvoker"),
        role: "roles/run.invoker",
        member: "allUsers",
        target: { project: `\${${RUN}.${run}.project}`, location: `\${${RUN}.${run}.location}`, name: `\${${RUN}.${run}.name}` },
      },
    ]);
    expect(only(json, RUN).invoker_iam_disabled).toBeUndefined();
  });

  test("with invokerIamDisabled, a public service turns the invoker check off instead of granting allUsers", () => {
    const { json } = service({ allowUnauthenticated: true, invokerIamDisabled: true });
    expect(only(json, RUN).invoker_iam_disabled).toBe(true);
    expect(grants(json)).toEqual([]);
  });

  test("grantInvoker: run.invoker on this service for one principal", () => {
    const { stack, service: s } = service();
    s.grantInvoker("serviceAccount:caller@acme-svc-dev.iam.gserviceaccount.com");
    const json = synth(stack);
    expect(grants(json)).toEqual([
      expect.objectContaining({ type: RUN_IAM, role: "roles/run.invoker", member: "serviceAccount:caller@acme-svc-dev.iam.gserviceaccount.com" }),
    ]);
  });

  test("grantInvoker refuses allUsers (public is allowUnauthenticated's job)", () => {
    const { service: s } = service();
    expectRefused(() => s.grantInvoker("allUsers"), "member", "allowUnauthenticated", "allUsers");
  });
});
