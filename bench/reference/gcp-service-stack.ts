// The project's GcpServiceStack (stacks/gcp-service-stack.ts), resource for resource, in stock style.
import * as google from "@cdktf/provider-google";
import { S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CloudRunSettings, defaultLabels, EnvironmentSettings, GcpSettings } from "./settings";

export class GcpServiceStack extends TerraformStack {
  constructor(scope: Construct, id: string, env: EnvironmentSettings) {
    super(scope, id);
    const gcp = env.gcp as GcpSettings;
    const name = (suffix: string) => `${env.project}-${env.name}-${suffix}`;

    const provider = new google.provider.GoogleProvider(this, "google", { project: gcp.projectId, region: gcp.region });
    provider.addOverride("default_labels", defaultLabels(env));
    new S3Backend(this, {
      bucket: env.stateBucket,
      region: env.stateRegion,
      key: `${env.project}/${env.name}/${id}.tfstate`,
      encrypt: true,
    });
    this.addOverride("terraform.backend.s3.use_lockfile", true);

    const repository = new google.artifactRegistryRepository.ArtifactRegistryRepository(this, "Repository", {
      repositoryId: "svc-images",
      location: gcp.region,
      project: gcp.projectId,
      description: `Container images of ${env.project} (${env.name})`,
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      dockerConfig: { immutableTags: gcp.immutableTags },
      cleanupPolicyDryRun: gcp.cleanupDryRun,
      cleanupPolicies: [
        { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "604800s" } },
        { id: "keep-most-recent", action: "KEEP", mostRecentVersions: { keepCount: 10 } },
      ],
      vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
    });
    const registry = `${gcp.region}-docker.pkg.dev/${gcp.projectId}/svc-images`;

    const service = (id: string, component: string, s: CloudRunSettings, env2?: { name: string; value: string }[]) => {
      const account = new google.serviceAccount.ServiceAccount(this, `${id}ServiceAccount`, {
        accountId: `${name(component)}-run`,
        displayName: `Cloud Run service ${name(component)}`,
        project: gcp.projectId,
      });
      const reader = new google.artifactRegistryRepositoryIamMember.ArtifactRegistryRepositoryIamMember(this, `${id}ImageReader`, {
        project: repository.project,
        location: repository.location,
        repository: repository.name,
        role: "roles/artifactregistry.reader",
        member: `serviceAccount:${account.email}`,
      });
      const run = new google.cloudRunV2Service.CloudRunV2Service(this, id, {
        name: name(component),
        location: gcp.region,
        project: gcp.projectId,
        ingress: s.ingress,
        deletionProtection: env.name === "prod",
        labels: { component },
        template: {
          serviceAccount: account.email,
          scaling: { minInstanceCount: s.minInstances, maxInstanceCount: s.maxInstances },
          maxInstanceRequestConcurrency: 80,
          timeout: "300s",
          containers: [
            {
              image: `${registry}/${s.image}:${s.imageTag}`,
              ports: { containerPort: s.port },
              resources: { limits: { cpu: s.cpu, memory: s.memory }, cpuIdle: true, startupCpuBoost: true },
              env: env2,
            },
          ],
          vpcAccess: env2 && gcp.vpc ? { egress: "ALL_TRAFFIC", networkInterfaces: [{ network: gcp.vpc.network, subnetwork: gcp.vpc.subnetwork }] } : undefined,
        },
        lifecycle: gcp.deployerAccountId ? { ignoreChanges: ["client", "client_version", "template[0].containers[0].image"] } : undefined,
        dependsOn: [reader],
      });
      if (s.public) {
        new google.cloudRunV2ServiceIamMember.CloudRunV2ServiceIamMember(this, `${id}PublicInvoker`, {
          project: run.project,
          location: run.location,
          name: run.name,
          role: "roles/run.invoker",
          member: "allUsers",
        });
      }
      return { account, run };
    };

    const backend = service("Backend", "backend", gcp.backend);
    const frontend = service("Frontend", "frontend", gcp.frontend, [{ name: "BACKEND_URL", value: backend.run.uri }]);
    new google.cloudRunV2ServiceIamMember.CloudRunV2ServiceIamMember(this, "BackendInvokerFrontend", {
      project: backend.run.project,
      location: backend.run.location,
      name: backend.run.name,
      role: "roles/run.invoker",
      member: `serviceAccount:${frontend.account.email}`,
    });

    if (gcp.deployerAccountId) {
      const deployer = new google.serviceAccount.ServiceAccount(this, "Deployer", {
        accountId: gcp.deployerAccountId,
        displayName: `Deployer of ${name("frontend")}, ${name("backend")}`,
        project: gcp.projectId,
      });
      for (const [key, svc] of [["Frontend", frontend], ["Backend", backend]] as const) {
        new google.cloudRunV2ServiceIamMember.CloudRunV2ServiceIamMember(this, `Deployer${key}Developer`, {
          project: svc.run.project,
          location: svc.run.location,
          name: svc.run.name,
          role: "roles/run.developer",
          member: `serviceAccount:${deployer.email}`,
        });
        new google.serviceAccountIamMember.ServiceAccountIamMember(this, `Deployer${key}ActAs`, {
          serviceAccountId: svc.account.name,
          role: "roles/iam.serviceAccountUser",
          member: `serviceAccount:${deployer.email}`,
        });
      }
      new google.artifactRegistryRepositoryIamMember.ArtifactRegistryRepositoryIamMember(this, "DeployerImageWriter", {
        project: repository.project,
        location: repository.location,
        repository: repository.name,
        role: "roles/artifactregistry.writer",
        member: `serviceAccount:${deployer.email}`,
      });
      new TerraformOutput(this, "deployer_email", { value: deployer.email, description: "Service account CI deploys as" });
    }

    new TerraformOutput(this, "frontend_url", { value: frontend.run.uri, description: "URL of the frontend service" });
    new TerraformOutput(this, "backend_url", { value: backend.run.uri, description: "URL of the backend service (internal ingress)" });
    new TerraformOutput(this, "repository_url", { value: registry, description: "Where CI pushes images" });
  }
}
