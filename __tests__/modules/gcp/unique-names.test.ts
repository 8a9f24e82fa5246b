import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  ArtifactRegistryRepository,
  CloudRunService,
  type CloudRunServiceProps,
  DeployerIdentity,
  deriveServiceAccountId,
} from "../../../modules/gcp";
import { expectRefused, newStack, problemsOf, resources, synth } from "./support";

// Names GCP needs unique plan fine twice in one stack and fail at apply (or two constructs manage one
// resource): they are refused at synth, naming the construct that has the name already.

const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/backend:1.0.0";
const service = (stack: TerraformStack, id: string, props: Partial<CloudRunServiceProps> = {}) =>
  new CloudRunService(stack, id, { serviceName: "svc-dev-backend", location: "europe-west1", image: IMAGE, ...props });
const repository = (stack: TerraformStack, id: string, props: { repositoryId?: string; location?: string; project?: string } = {}) =>
  new ArtifactRegistryRepository(stack, id, { repositoryId: "svc-images", location: "europe-west1", ...props });

describe("CloudRunService: one service name per location, one service account id, per stack", () => {
  test("serviceName: unique per location in the stack (the first construct is named)", () => {
    const stack = newStack();
    service(stack, "A", { serviceAccountId: "backend-a" });
    expectRefused(
      () => service(stack, "B", { serviceAccountId: "backend-b" }),
      "serviceName",
      "a Cloud Run service name in europe-west1 no other construct of the stack uses (test/A has it)",
      "svc-dev-backend",
    );
  });

  test("serviceName: the same name in another location or another explicit project is another service", () => {
    const stack = newStack();
    service(stack, "A", { serviceAccountId: "backend-a" });
    expect(() => service(stack, "B", { serviceAccountId: "backend-b", location: "us-central1" })).not.toThrow();
    expect(() => service(stack, "C", { serviceAccountId: "backend-c", project: "acme-other-dev" })).not.toThrow();
  });

  test("serviceAccountId: unique in the stack when given (one google_service_account each)", () => {
    const stack = newStack();
    service(stack, "A", { serviceName: "svc-a", serviceAccountId: "shared-sa" });
    expectRefused(
      () => service(stack, "B", { serviceName: "svc-b", serviceAccountId: "shared-sa" }),
      "serviceAccountId",
      "a service account id no other construct of the stack uses (test/A has it)",
      "shared-sa",
    );
  });

  test("serviceAccountId: unique in the stack when derived (the same service name in two locations needs serviceAccountId)", () => {
    const stack = newStack();
    service(stack, "Eu");
    const problems = problemsOf(() => service(stack, "Us", { location: "us-central1" }));
    expect(problems).toEqual([
      expect.objectContaining({
        prop: "serviceAccountId",
        rule: "a service account id no other construct of the stack uses (test/Eu has it)",
        received: deriveServiceAccountId("svc-dev-backend"),
      }),
    ]);
    const fixed = newStack();
    service(fixed, "Eu");
    expect(() => service(fixed, "Us", { location: "us-central1", serviceAccountId: "backend-us" })).not.toThrow();
  });

  test("serviceAccountId: a given id may not be another service's derived one", () => {
    const stack = newStack();
    service(stack, "A", { serviceName: "svc-a" });
    expectRefused(() => service(stack, "B", { serviceName: "svc-b", serviceAccountId: "svc-a-run" }), "serviceAccountId", "(test/A has it)", "svc-a-run");
  });

  test("names are claimed per stack: the same service in two stacks is fine", () => {
    const app = Testing.app();
    for (const name of ["one", "two"]) {
      const stack = new TerraformStack(app, name);
      new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
      expect(() => service(stack, "Svc")).not.toThrow();
    }
  });
});

describe("ArtifactRegistryRepository: one repository id per location, per stack", () => {
  test("repositoryId: unique per location in the stack (the first construct is named)", () => {
    const stack = newStack();
    repository(stack, "A");
    expectRefused(
      () => repository(stack, "B"),
      "repositoryId",
      "a repository id in europe-west1 no other construct of the stack uses (test/A has it)",
      "svc-images",
    );
  });

  test("repositoryId: the same id in another location or another explicit project is another repository", () => {
    const stack = newStack();
    repository(stack, "A");
    expect(() => repository(stack, "B", { location: "us" })).not.toThrow();
    expect(() => repository(stack, "C", { project: "acme-other-dev" })).not.toThrow();
    expect(Object.keys(resources(synth(stack), "google_artifact_registry_repository"))).toHaveLength(3);
  });
});

describe("DeployerIdentity: one service account id per stack", () => {
  function deployer(stack: TerraformStack, id: string, accountId: string, services: CloudRunService[], repo: ArtifactRegistryRepository) {
    return new DeployerIdentity(stack, id, { accountId, services, repository: repo });
  }

  test("accountId: unique in the stack (the first deployer is named)", () => {
    const stack = newStack();
    const repo = repository(stack, "Repo", { project: "acme-svc-dev" });
    const svc = service(stack, "Svc", { image: repo.imageUrl("backend", "1.0.0"), repository: repo });
    deployer(stack, "A", "svc-dev-deployer", [svc], repo);
    expectRefused(
      () => deployer(stack, "B", "svc-dev-deployer", [svc], repo),
      "accountId",
      "a service account id no other construct of the stack uses (test/A has it)",
      "svc-dev-deployer",
    );
  });

  test("accountId: not a service's runtime account id either", () => {
    const stack = newStack();
    const repo = repository(stack, "Repo", { project: "acme-svc-dev" });
    const svc = service(stack, "Svc", { image: repo.imageUrl("backend", "1.0.0"), repository: repo });
    expectRefused(() => deployer(stack, "Deployer", "svc-dev-backend-run", [svc], repo), "accountId", "(test/Svc has it)", "svc-dev-backend-run");
  });
});
