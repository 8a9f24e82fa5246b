import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactRegistryRepository, CloudRunService, DeployerIdentity } from "../../../modules/gcp";
import { grants, type Json, PROJECT, REGION } from "./support";

// The README recommends one stack per lifecycle (e.g. the registry apart from the services). A grant
// between two stacks must make references go one way only: the stack that uses something depends on
// the stack that has it, never the reverse, and the app synthesizes (cdktf refuses cycles).

const REPO_IAM = "google_artifact_registry_repository_iam_member";
const RUN_IAM = "google_cloud_run_v2_service_iam_member";
const SA_IAM = "google_service_account_iam_member";

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), "gcp-cross-stack-"));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

function stack(app: App, name: string): TerraformStack {
  const s = new TerraformStack(app, name);
  new LocalBackend(s, { path: `${name}.tfstate` });
  new GoogleProvider(s, "google", { project: PROJECT, region: REGION });
  return s;
}

function repositoryIn(s: TerraformStack, withProject: boolean): ArtifactRegistryRepository {
  return new ArtifactRegistryRepository(s, "Repo", { repositoryId: "web", location: REGION, ...(withProject ? { project: PROJECT } : {}) });
}

// The stacks' environment is not known (so they are watched): the alarm channel's grant is beside the point here.
const UNWATCHED = { enabled: false, reason: "These tests are about grants between stacks, not alert policies" };

function serviceIn(s: TerraformStack, repository: ArtifactRegistryRepository, name = "web-frontend"): CloudRunService {
  return new CloudRunService(s, name, { serviceName: name, location: REGION, image: repository.imageUrl(name, "1.2.3"), repository, alarms: UNWATCHED });
}

/** Synthesizes the app into a temporary outdir: each stack's JSON and its manifest dependencies. */
function synthApp(app: App): { stacks: Record<string, Json>; dependencies: Record<string, string[]> } {
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const stacks: Record<string, Json> = {};
  const dependencies: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries<Json>(manifest.stacks)) {
    stacks[name] = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8"));
    dependencies[name] = [...(entry.dependencies ?? [])].sort();
  }
  return { stacks, dependencies };
}

const grantsOf = (json: Json, type: string, role: string) => grants(json).filter((g) => g.type === type && g.role === role);
const pathOf = (json: Json, type: string, id: string): string => json.resource[type][id]["//"].metadata.path;

describe("CloudRunService with its repository in another stack", () => {
  test.each([
    ["without project on the repository", false],
    ["with project on the repository", true],
  ])("%s: synthesizes, the reader grant is in the service's stack, the registry stack depends on nothing", (_, withProject) => {
    const app = new App({ outdir });
    const repository = repositoryIn(stack(app, "registry"), withProject);
    const service = serviceIn(stack(app, "service"), repository);

    const { stacks, dependencies } = synthApp(app);

    expect(dependencies).toEqual({ registry: [], service: ["registry"] });
    expect(grants(stacks.registry)).toEqual([]);
    const [reader] = grantsOf(stacks.service, REPO_IAM, "roles/artifactregistry.reader");
    expect(reader).toBeDefined();
    expect(pathOf(stacks.service, REPO_IAM, reader.id)).toBe("service/web-frontend/RepositoryReader");
    expect(reader.member).toMatch(/^serviceAccount:\$\{google_service_account\.[^.]+\.email\}$/);
    // It names the repository through the registry stack's outputs (a reference to that stack only).
    expect(reader.target.repository).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-registry\.outputs\./);
    // Cloud Run checks the identity can pull at deploy time: the service waits for the grant, in its own stack.
    const run = Object.values<Json>(stacks.service.resource.google_cloud_run_v2_service)[0];
    expect(run.depends_on).toEqual([`${REPO_IAM}.${reader.id}`]);
    expect(service.serviceName).toBe("web-frontend");
  });

  test("in one stack, the grant stays the repository's (address unchanged)", () => {
    const app = new App({ outdir });
    const s = stack(app, "one");
    serviceIn(s, repositoryIn(s, false));
    const { stacks } = synthApp(app);
    const [reader] = grantsOf(stacks.one, REPO_IAM, "roles/artifactregistry.reader");
    expect(pathOf(stacks.one, REPO_IAM, reader.id)).toBe("one/Repo/reader-web-frontend");
  });
});

describe("DeployerIdentity across stacks", () => {
  function deployerGrants(json: Json) {
    const deployer = Object.entries<Json>(json.resource?.google_service_account ?? {}).find(([, r]) => r.account_id === "web-deployer");
    return deployer ? grants(json).filter((g) => g.member === `serviceAccount:\${google_service_account.${deployer[0]}.email}`) : [];
  }
  const where = (json: Json) =>
    grants(json)
      .filter((g) => g.role !== "roles/artifactregistry.reader")
      .map((g) => `${g.role} ${pathOf(json, g.type, g.id)}`)
      .sort();

  test("registry, services and deployer each in their own stack: every deployer grant is in the deployer's stack", () => {
    const app = new App({ outdir });
    const repository = repositoryIn(stack(app, "registry"), false);
    const services = stack(app, "services");
    const web = serviceIn(services, repository, "web-frontend");
    const api = serviceIn(services, repository, "web-api");
    new DeployerIdentity(stack(app, "ci"), "Deployer", { accountId: "web-deployer", services: [web, api], repository });

    const { stacks, dependencies } = synthApp(app);

    expect(dependencies).toEqual({ ci: ["registry", "services"], registry: [], services: ["registry"] });
    expect(where(stacks.registry)).toEqual([]);
    expect(where(stacks.services)).toEqual([]);
    expect(where(stacks.ci)).toEqual([
      "roles/artifactregistry.writer ci/Deployer/RepositoryWriter",
      "roles/iam.serviceAccountUser ci/Deployer/ActAs-web-api",
      "roles/iam.serviceAccountUser ci/Deployer/ActAs-web-frontend",
      "roles/run.developer ci/Deployer/Developer-web-api",
      "roles/run.developer ci/Deployer/Developer-web-frontend",
    ]);
    expect(deployerGrants(stacks.ci)).toHaveLength(5);
    expect(grantsOf(stacks.ci, RUN_IAM, "roles/run.developer").map((g) => g.target.name)).toEqual([
      expect.stringMatching(/cross-stack-reference-input-services/),
      expect.stringMatching(/cross-stack-reference-input-services/),
    ]);
  });

  test("deployer with the services, registry apart: the writer grant is in the services' stack", () => {
    const app = new App({ outdir });
    const repository = repositoryIn(stack(app, "registry"), false);
    const services = stack(app, "services");
    const web = serviceIn(services, repository);
    new DeployerIdentity(services, "Deployer", { accountId: "web-deployer", services: [web], repository });

    const { stacks, dependencies } = synthApp(app);

    expect(dependencies).toEqual({ registry: [], services: ["registry"] });
    expect(where(stacks.registry)).toEqual([]);
    expect(where(stacks.services)).toEqual([
      "roles/artifactregistry.writer services/Deployer/RepositoryWriter",
      "roles/iam.serviceAccountUser services/Deployer/ActAs-web-frontend",
      "roles/run.developer services/web-frontend/developer-web-deployer",
    ]);
  });

  test("deployer with the registry, services apart: the grants on the services are in the services' stack", () => {
    const app = new App({ outdir });
    const registry = stack(app, "registry");
    const repository = repositoryIn(registry, false);
    const web = serviceIn(stack(app, "services"), repository);
    new DeployerIdentity(registry, "Deployer", { accountId: "web-deployer", services: [web], repository });

    const { stacks, dependencies } = synthApp(app);

    expect(dependencies).toEqual({ registry: [], services: ["registry"] });
    expect(where(stacks.registry)).toEqual(["roles/artifactregistry.writer registry/Repo/writer-web-deployer"]);
    expect(where(stacks.services)).toEqual([
      "roles/iam.serviceAccountUser services/web-frontend/ActAs-web-deployer",
      "roles/run.developer services/web-frontend/developer-web-deployer",
    ]);
    expect(grantsOf(stacks.services, SA_IAM, "roles/iam.serviceAccountUser")[0].member).toMatch(/cross-stack-reference-input-registry/);
  });

  test("all in one stack: addresses unchanged", () => {
    const app = new App({ outdir });
    const s = stack(app, "one");
    const repository = repositoryIn(s, false);
    const web = serviceIn(s, repository);
    new DeployerIdentity(s, "Deployer", { accountId: "web-deployer", services: [web], repository });
    const { stacks } = synthApp(app);
    expect(where(stacks.one)).toEqual([
      "roles/artifactregistry.writer one/Repo/writer-web-deployer",
      "roles/iam.serviceAccountUser one/Deployer/ActAs-web-frontend",
      "roles/run.developer one/web-frontend/developer-web-deployer",
    ]);
  });
});
