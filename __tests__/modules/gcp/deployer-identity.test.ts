import type { TerraformStack } from "cdktf";
import { ArtifactRegistryRepository, CloudRunService, DeployerIdentity, type DeployerIdentityProps } from "../../../modules/gcp";
import { expectRefused, grants, newStack, resources, synth, type Json } from "./support";

const SA = "google_service_account";

function setup(props: Partial<DeployerIdentityProps> = {}, stack: TerraformStack = newStack()) {
  const repository = new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1", project: "acme-svc-dev" });
  const svc = (name: string) =>
    new CloudRunService(stack, name, {
      serviceName: `svc-dev-${name}`,
      location: "europe-west1",
      image: repository.imageUrl(name, "1.0.0"),
      repository,
    });
  const services = [svc("frontend"), svc("backend")];
  const deployer = new DeployerIdentity(stack, "Deployer", { accountId: "svc-dev-deployer", services, repository, ...props });
  return { stack, deployer, services, repository, json: synth(stack) };
}

const saIdOf = (json: Json, accountId: string) => Object.entries(resources(json, SA)).find(([, r]) => r.account_id === accountId)![0];

describe("DeployerIdentity: least-privilege deploys", () => {
  test("its own service account", () => {
    const { json } = setup();
    expect(resources(json, SA)[saIdOf(json, "svc-dev-deployer")]).toEqual({
      account_id: "svc-dev-deployer",
      display_name: "Deployer of svc-dev-frontend, svc-dev-backend",
      description: expect.stringContaining("only resource-level grants"),
    });
  });

  test("run.developer on each service, serviceAccountUser on each runtime account, writer on the repository, nothing else", () => {
    const { json } = setup();
    const deployer = `serviceAccount:\${${SA}.${saIdOf(json, "svc-dev-deployer")}.email}`;
    const mine = grants(json).filter((g) => g.member === deployer);
    const runtime = (name: string) => `\${${SA}.${saIdOf(json, `svc-dev-${name}-run`)}.name}`;
    expect(mine.map((g) => [g.type, g.role]).sort()).toEqual(
      [
        ["google_artifact_registry_repository_iam_member", "roles/artifactregistry.writer"],
        ["google_cloud_run_v2_service_iam_member", "roles/run.developer"],
        ["google_cloud_run_v2_service_iam_member", "roles/run.developer"],
        ["google_service_account_iam_member", "roles/iam.serviceAccountUser"],
        ["google_service_account_iam_member", "roles/iam.serviceAccountUser"],
      ].sort(),
    );
    // run.developer targets each service resource, never the project.
    const runTargets = mine.filter((g) => g.role === "roles/run.developer").map((g) => g.target.name);
    expect(runTargets.sort()).toEqual(
      Object.keys(resources(json, "google_cloud_run_v2_service"))
        .map((id) => `\${google_cloud_run_v2_service.${id}.name}`)
        .sort(),
    );
    const actAs = mine.filter((g) => g.role === "roles/iam.serviceAccountUser").map((g) => g.target.service_account_id);
    expect(actAs.sort()).toEqual([runtime("backend"), runtime("frontend")].sort());
  });

  test("no project-level, basic or admin role anywhere", () => {
    const { json } = setup({ workloadIdentityPrincipals: ["principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/svc"] });
    expect(Object.keys(json.resource).filter((t) => t.startsWith("google_project_iam"))).toEqual([]);
    for (const g of grants(json)) {
      expect(g.role).not.toMatch(/^roles\/(owner|editor|viewer)$|\.admin$|Admin$/);
    }
  });

  test("workloadIdentityPrincipals may impersonate the deployer (workloadIdentityUser on that account only)", () => {
    const principal = "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/svc";
    const { json } = setup({ workloadIdentityPrincipals: [principal] });
    const wi = grants(json).filter((g) => g.role === "roles/iam.workloadIdentityUser");
    expect(wi).toEqual([
      expect.objectContaining({ member: principal, target: { service_account_id: `\${${SA}.${saIdOf(json, "svc-dev-deployer")}.name}` } }),
    ]);
  });
});

describe("DeployerIdentity with an existing service account (the environment's identity stack creates it)", () => {
  const email = "svc-dev-apply@acme-svc-dev.iam.gserviceaccount.com";
  test("makes the same grants to that account, on each resource, and creates no account", () => {
    const { json, deployer } = setup({ accountId: "svc-dev-apply", project: "acme-svc-dev", existingServiceAccount: true });
    expect(deployer.email).toBe(email);
    expect(deployer.serviceAccount).toBeUndefined();
    expect(Object.values(resources(json, SA)).map((r) => r.account_id)).not.toContain("svc-dev-apply");
    const mine = grants(json).filter((g) => g.member === `serviceAccount:${email}`);
    expect(mine.map((g) => g.role).sort()).toEqual(["roles/artifactregistry.writer", "roles/iam.serviceAccountUser", "roles/iam.serviceAccountUser", "roles/run.developer", "roles/run.developer"]);
  });
  test("workload identity principals are granted on that account, by its name", () => {
    const principal = "principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/subject/repo:acme/svc:environment:dev";
    const { json } = setup({ accountId: "svc-dev-apply", project: "acme-svc-dev", existingServiceAccount: true, workloadIdentityPrincipals: [principal] });
    expect(grants(json).filter((g) => g.role === "roles/iam.workloadIdentityUser")).toEqual([
      expect.objectContaining({ member: principal, target: { service_account_id: `projects/acme-svc-dev/serviceAccounts/${email}` } }),
    ]);
  });
});

describe("DeployerIdentity props: every refusal, by rule", () => {
  const refused = (props: Partial<DeployerIdentityProps>, prop: string, rule: string, ...received: unknown[]): void => {
    expectRefused(() => setup(props), prop, rule, ...received);
  };

  test("unknown props: refused by name (misspelt)", () => {
    refused({ serviceAccountId: "svc-dev-deployer" } as never, "serviceAccountId", "one of the known props (accountId, project, displayName, services, repository, workloadIdentityPrincipals, disabled, existingServiceAccount)", "an unknown prop");
  });
  test("accountId: required", () => refused({ accountId: "" }, "accountId", "required", ""));
  test("accountId: the 6-30 service account id rule", () => {
    refused({ accountId: "ci" }, "accountId", "6 to 30", "ci");
    refused({ accountId: "Svc-deployer" }, "accountId", "6 to 30", "Svc-deployer");
  });
  test("project: the project id rule", () => refused({ project: "X" }, "project", "a project id", "X"));
  test("existingServiceAccount: needs the project, and no settings of an account created here", () => {
    refused({ existingServiceAccount: true }, "project", "set when existingServiceAccount is true", undefined);
    refused({ existingServiceAccount: true, project: "acme-svc-dev", displayName: "CI" }, "displayName", "unset when existingServiceAccount is true", "CI");
    refused({ existingServiceAccount: true, project: "acme-svc-dev", disabled: true }, "disabled", "unset when existingServiceAccount is true", true);
  });
  test("displayName: 1 to 100 characters", () => refused({ displayName: "d".repeat(101) }, "displayName", "1 to 100", "d".repeat(101)));
  test("services: a non-empty list", () => refused({ services: [] }, "services", "a non-empty list of CloudRunService", []));
  test("services: CloudRunService constructs", () => refused({ services: [{} as never] }, "services[0]", "a CloudRunService", {}));
  test("repository: an ArtifactRegistryRepository", () => refused({ repository: {} as never }, "repository", "an ArtifactRegistryRepository", {}));
  test("workloadIdentityPrincipals: principal:// or principalSet:// of iam.googleapis.com", () => {
    refused({ workloadIdentityPrincipals: ["user:ci@example.com"] }, "workloadIdentityPrincipals[0]", "Workload Identity Federation principal", "user:ci@example.com");
  });
  test.each([
    "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*",
    "principalSet://iam.googleapis.com/locations/global/workforcePools/staff/*",
    "principalSet://goog/public:all",
  ])("Noncompliance: workloadIdentityPrincipals refuses a whole pool (%s)", (principal) => {
    refused({ workloadIdentityPrincipals: [principal] }, "workloadIdentityPrincipals[0]", "a principal narrower than a whole identity pool", principal);
  });
  test("Compliance: one repository or one subject of the pool", () => {
    expect(() =>
      setup({
        workloadIdentityPrincipals: [
          "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/svc",
          "principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/subject/repo:acme/svc:environment:prod",
        ],
      }),
    ).not.toThrow();
  });
});
