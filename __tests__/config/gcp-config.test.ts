import { ENVIRONMENTS, loadConfig, validateConfig, type EnvironmentConfig, type GcpEnvironmentConfig, type GcpServiceConfig } from "../../config/load";
import { ValidationError, type ValidationProblem } from "../../modules/core/validation";

const base = loadConfig("dev");
const gcp = base.gcp!;

function problems(config: EnvironmentConfig): ValidationProblem[] {
  try {
    validateConfig(config, "config/test");
  } catch (e) {
    if (e instanceof ValidationError) return [...e.problems];
    throw e;
  }
  throw new Error("expected a ValidationError");
}
const withGcp = (change: Partial<GcpEnvironmentConfig>): EnvironmentConfig => ({ ...base, gcp: { ...gcp, ...change } as GcpEnvironmentConfig });
const withService = (name: "frontend" | "backend", change: Partial<GcpServiceConfig>) =>
  withGcp({ services: { ...gcp.services, [name]: { ...gcp.services[name], ...change } } });

function refused(config: EnvironmentConfig, prop: string, rule: string, received?: unknown): void {
  const all = problems(config);
  const match = all.find((p) => p.prop === prop && p.rule.includes(rule));
  if (!match) throw new Error(`no problem for ${prop} matching ${rule}; got ${JSON.stringify(all)}`);
  expect(match.path).toBe("config/test");
  if (arguments.length > 3) expect(match.received).toEqual(received);
}

describe("config: the gcp section of each environment", () => {
  test.each(ENVIRONMENTS)("%s has a valid gcp section: project, region, repository, a public frontend on 3000, an internal backend on 8080", (env) => {
    const config = loadConfig(env);
    expect(config.gcp).toMatchObject({
      projectId: `acme-svc-${env}`,
      region: "europe-west1",
      repository: { repositoryId: "svc-images" },
      services: {
        frontend: { port: 3000, ingress: "all", public: true },
        backend: { port: 8080, ingress: "internal", public: false },
      },
    });
  });

  // Facts of the shipped files, checked for those that exist (another environment may be added or one removed).
  const shipped = (facts: Record<string, unknown>) => ENVIRONMENTS.filter((e) => Object.hasOwn(facts, e)).map((e) => [e, facts[e]] as const);

  test.each(shipped({ dev: false, stg: true, prod: true }))("%s: immutable tags %s (dev re-pushes :dev)", (env, immutable) => {
    expect(loadConfig(env).gcp!.repository.immutableTags).toBe(immutable);
  });

  test.each(shipped({ dev: 0, stg: 0, prod: 1 }))("%s: the frontend keeps %s instance(s) warm (prod has no cold start)", (env, min) => {
    expect(loadConfig(env).gcp!.services.frontend.minInstances).toBe(min);
  });

  test("the AWS part still validates on its own (gcp is optional)", () => {
    const { gcp: _omitted, ...awsOnly } = base;
    void _omitted;
    expect(validateConfig(awsOnly, "config/test")).toBe(awsOnly);
  });
});

describe("config: every gcp refusal, by rule", () => {
  test("gcp: an object", () => refused({ ...base, gcp: "yes" as never }, "gcp", "the Google Cloud settings", "yes"));
  test("gcp.projectId: required and the project id rule", () => {
    refused(withGcp({ projectId: "" }), "gcp.projectId", "required", "");
    refused(withGcp({ projectId: "ACME" }), "gcp.projectId", "a project id", "ACME");
  });
  test("gcp.region: a region name", () => refused(withGcp({ region: "eu-west-1" }), "gcp.region", "a region name", "eu-west-1"));
  test("gcp.repository: an object", () => refused(withGcp({ repository: undefined as never }), "gcp.repository", "{ repositoryId"));
  test("gcp.repository.repositoryId: the repository id rule", () => {
    refused(withGcp({ repository: { ...gcp.repository, repositoryId: "Svc" } }), "gcp.repository.repositoryId", "1 to 63 lowercase", "Svc");
  });
  test("gcp.repository.immutableTags and cleanupDryRun: required booleans", () => {
    refused(withGcp({ repository: { ...gcp.repository, immutableTags: undefined as never } }), "gcp.repository.immutableTags", "required");
    refused(withGcp({ repository: { ...gcp.repository, cleanupDryRun: "no" as never } }), "gcp.repository.cleanupDryRun", "true or false", "no");
  });
  test("gcp.repository cleanup settings: integer ranges", () => {
    refused(withGcp({ repository: { ...gcp.repository, deleteUntaggedAfterDays: 0 } }), "gcp.repository.deleteUntaggedAfterDays", "from 1 to 3650", 0);
    refused(withGcp({ repository: { ...gcp.repository, keepMostRecent: 0 } }), "gcp.repository.keepMostRecent", "from 1 to 10000", 0);
  });
  test("gcp.services: frontend and backend", () => {
    refused(withGcp({ services: undefined as never }), "gcp.services", "{ frontend, backend }");
    refused(withGcp({ services: { frontend: gcp.services.frontend } as never }), "gcp.services.backend", "{ image, imageTag");
  });
  test("gcp.services.*.image and imageTag: image name and tag rules", () => {
    refused(withService("frontend", { image: "Frontend" }), "gcp.services.frontend.image", "an image name", "Frontend");
    refused(withService("frontend", { imageTag: "" }), "gcp.services.frontend.imageTag", "required", "");
    refused(withService("frontend", { imageTag: ".bad" }), "gcp.services.frontend.imageTag", "a tag", ".bad");
  });
  test("gcp.services.*.port: 1 to 65535", () => refused(withService("backend", { port: 70000 }), "gcp.services.backend.port", "from 1 to 65535", 70000));
  test("gcp.services.*.cpu and memory: Cloud Run formats", () => {
    refused(withService("backend", { cpu: "3" }), "gcp.services.backend.cpu", "a vCPU count", "3");
    refused(withService("backend", { memory: "1GB" }), "gcp.services.backend.memory", "a memory size", "1GB");
  });
  test("gcp.services.*: minInstances at most maxInstances", () => {
    refused(withService("frontend", { minInstances: 5, maxInstances: 3 }), "gcp.services.frontend.minInstances", "at most maxInstances (3)", 5);
  });
  test("gcp.services.*: concurrency 1-1000 and timeout 1-3600", () => {
    refused(withService("frontend", { concurrency: 1001 }), "gcp.services.frontend.concurrency", "from 1 to 1000", 1001);
    refused(withService("frontend", { timeout: 4000 }), "gcp.services.frontend.timeout", "from 1 to 3600", 4000);
  });
  test("gcp.services.*.ingress: the three ingress values", () => {
    refused(withService("backend", { ingress: "private" as never }), "gcp.services.backend.ingress", "one of", "private");
  });
  test("gcp.services.*: a public service is reachable from the internet", () => {
    refused(withService("frontend", { ingress: "internal" }), "gcp.services.frontend.ingress", "for a public service", "internal");
  });
  test("gcp.services.*.public: a required boolean", () => {
    refused(withService("backend", { public: undefined as never }), "gcp.services.backend.public", "required");
  });
  test("gcp.vpc: subnetwork required, network and egress formats", () => {
    refused(withGcp({ vpc: { subnetwork: "" } }), "gcp.vpc.subnetwork", "required", "");
    refused(withGcp({ vpc: { subnetwork: "sub", network: "Net" } }), "gcp.vpc.network", "a VPC network name", "Net");
    refused(withGcp({ vpc: { subnetwork: "sub", egress: "all" as never } }), "gcp.vpc.egress", "one of", "all");
  });
  test("gcp.invokerIamDisabled: a boolean", () => refused(withGcp({ invokerIamDisabled: "yes" as never }), "gcp.invokerIamDisabled", "true or false", "yes"));
  test("gcp.deployer: account id rule and Workload Identity principals", () => {
    refused(withGcp({ deployer: { accountId: "ci" } }), "gcp.deployer.accountId", "6 to 30", "ci");
    refused(withGcp({ deployer: { accountId: "svc-dev-deployer", workloadIdentityPrincipals: ["user:a@b.c"] } }), "gcp.deployer.workloadIdentityPrincipals[0]", "Workload Identity", "user:a@b.c");
    const pool = "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*";
    refused(withGcp({ deployer: { accountId: "svc-dev-deployer", workloadIdentityPrincipals: [pool] } }), "gcp.deployer.workloadIdentityPrincipals[0]", "narrower than a whole identity pool", pool);
  });
  test("gcp.stateBackend: s3 or gcs", () => refused(withGcp({ stateBackend: "local" as never }), "gcp.stateBackend", '"s3", "gcs"', "local"));
  test("gcp.gcsStateBucket: required for gcs, a GCS bucket name, unset otherwise", () => {
    refused(withGcp({ stateBackend: "gcs" }), "gcp.gcsStateBucket", "required");
    refused(withGcp({ stateBackend: "gcs", gcsStateBucket: "Bad Bucket" }), "gcp.gcsStateBucket", "a GCS bucket name", "Bad Bucket");
    refused(withGcp({ gcsStateBucket: "acme-state" }), "gcp.gcsStateBucket", 'unset unless stateBackend is "gcs"', "acme-state");
  });
  test("project.owner and project.name: valid GCP label values when the environment has a gcp section", () => {
    refused({ ...base, project: { ...base.project, owner: "Platform Team" } }, "project.owner", "the owner label on GCP", "Platform Team");
  });
});
