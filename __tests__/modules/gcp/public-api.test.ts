import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
// Only the public API of modules/gcp, as DESIGN.md names it.
import { ArtifactRegistryRepository, CloudRunService } from "../../../modules/gcp";
import { grants, only, onlyId, type Json } from "./support";

/**
 * A stack written only from DESIGN.md's names: a repository with immutable tags and a service with its
 * image from `imageUrl`, port 3000, scaling 1..20, internal-and-cloud-load-balancing ingress, env,
 * labels and `repository`, with `project` left to the provider on both constructs.
 */
function userStack(): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "user");
  new GoogleProvider(stack, "google", { project: "acme-user", region: "us-central1" });
  const repository = new ArtifactRegistryRepository(stack, "Images", { repositoryId: "web", location: "us-central1", immutableTags: true });
  new CloudRunService(stack, "Web", {
    serviceName: "web",
    location: "us-central1",
    image: repository.imageUrl("web", "2024.06.1"),
    containerPort: 3000,
    minInstances: 1,
    maxInstances: 20,
    ingress: "internal-and-cloud-load-balancing",
    environment: { NODE_ENV: "production" },
    labels: { app: "web" },
    repository,
  });
  return JSON.parse(Testing.synth(stack));
}

describe("a stack written only from the public API", () => {
  const json = userStack();
  const repoId = onlyId(json, "google_artifact_registry_repository");
  const saId = onlyId(json, "google_service_account");

  test("synthesizes the repository with immutable tags and vulnerability scanning", () => {
    expect(only(json, "google_artifact_registry_repository")).toMatchObject({
      repository_id: "web",
      location: "us-central1",
      format: "DOCKER",
      docker_config: { immutable_tags: true },
      vulnerability_scanning_config: { enablement_config: "INHERITED" },
    });
  });

  test("synthesizes exactly the service asked for, running as its own service account", () => {
    const svc = only(json, "google_cloud_run_v2_service");
    expect(svc).toMatchObject({
      name: "web",
      location: "us-central1",
      ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
      labels: { app: "web" },
      template: {
        service_account: `\${google_service_account.${saId}.email}`,
        scaling: { min_instance_count: 1, max_instance_count: 20 },
        containers: [
          {
            // Valid without a project prop: Terraform fills the repository's project from the provider.
            image: `us-central1-docker.pkg.dev/\${google_artifact_registry_repository.${repoId}.project}/web/web:2024.06.1`,
            ports: { container_port: 3000 },
            env: [{ name: "NODE_ENV", value: "production" }],
          },
        ],
      },
    });
    expect(svc.project).toBeUndefined();
    expect(svc.invoker_iam_disabled).toBeUndefined();
  });

  test("the grants are artifactregistry.reader on the repository for the service's account, and publishing on the stack's alarm topic for Cloud Monitoring's notification agent: not public", () => {
    const projectId = Object.keys(json.data.google_project)[0];
    expect(Object.keys(json.data.google_project)).toEqual([projectId]);
    expect(grants(json)).toEqual([
      expect.objectContaining({
        type: "google_artifact_registry_repository_iam_member",
        role: "roles/artifactregistry.reader",
        member: `serviceAccount:\${google_service_account.${saId}.email}`,
        target: expect.objectContaining({ repository: `\${google_artifact_registry_repository.${repoId}.name}` }),
      }),
      {
        type: "google_pubsub_topic_iam_member",
        id: onlyId(json, "google_pubsub_topic_iam_member"),
        role: "roles/pubsub.publisher",
        member: `serviceAccount:service-\${data.google_project.${projectId}.number}@gcp-sa-monitoring-notification.iam.gserviceaccount.com`,
        target: { topic: `\${google_pubsub_topic.${onlyId(json, "google_pubsub_topic")}.id}` },
      },
    ]);
    expect(JSON.stringify(json)).not.toContain("allUsers");
  });
});
