import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig, GcpEnvironmentConfig, GcpServiceConfig } from "../config/load";
import { resourceName } from "../modules/core/naming";
import type { Suppression } from "../modules/core/rule-pack";
import { Validator } from "../modules/core/validation";
import { ArtifactRegistryRepository, CloudRunService, type CloudRunServiceProps, DeployerIdentity } from "../modules/gcp";
import type { RemoteStateChoice } from "./backends";
import { deployerSources, gcpDeployerNames } from "./deployer-identities";
import { googleProvider } from "./gcp-provider";
import { ServiceStack } from "./service-stack";

export interface GcpServiceStackProps {
  /** A validated environment config with a `gcp` section. */
  readonly config: EnvironmentConfig;
}

/**
 * The sample service on Google Cloud for one environment: an Artifact Registry repository, an internal
 * backend (port 8080) and a frontend (port 3000, public where config says so) that calls the backend
 * through Direct VPC egress with its own identity, each on Cloud Run with its own service account,
 * an optional deployer identity for CI, and remote state on S3 or GCS.
 */
export class GcpServiceStack extends ServiceStack {
  public readonly repository: ArtifactRegistryRepository;
  public readonly frontend: CloudRunService;
  public readonly backend: CloudRunService;
  public readonly deployer?: DeployerIdentity;

  constructor(scope: Construct, id: string, props: GcpServiceStackProps) {
    const { config } = props;
    // Before super: the provider and the state need the gcp section.
    const gcp = requireGcp(scope.node.path ? `${scope.node.path}/${id}` : id, config);
    super(scope, id, config, {
      provider: (stack) => googleProvider(stack, config, gcp),
      state: gcpStateChoice(config, gcp),
      suppressions: configuredExceptions(gcp),
    });
    const env = config.environment;
    const name = (suffix: string) => resourceName(config.project.name, env, suffix);

    this.repository = new ArtifactRegistryRepository(this, "Repository", {
      repositoryId: gcp.repository.repositoryId,
      location: gcp.region,
      project: gcp.projectId,
      description: `Container images of ${config.project.name} (${env})`,
      immutableTags: gcp.repository.immutableTags,
      cleanupDryRun: gcp.repository.cleanupDryRun,
      cleanupPolicies: {
        deleteUntaggedAfterDays: gcp.repository.deleteUntaggedAfterDays,
        keepMostRecent: gcp.repository.keepMostRecent,
      },
      vulnerabilityScanning: true,
      kmsKeyName: gcp.repository.kmsKeyName,
    });

    // With a deployer, CI rolls images with `gcloud run deploy`; Terraform then leaves the image alone.
    const common = (component: string, s: GcpServiceConfig): CloudRunServiceProps => ({
      serviceName: name(component),
      location: gcp.region,
      project: gcp.projectId,
      image: this.repository.imageUrl(s.image, s.imageTag),
      repository: this.repository,
      containerPort: s.port,
      cpu: s.cpu,
      memory: s.memory,
      minInstances: s.minInstances,
      maxInstances: s.maxInstances,
      concurrency: s.concurrency,
      timeout: s.timeout,
      ingress: s.ingress,
      allowUnauthenticated: s.public,
      invokerIamDisabled: s.public && gcp.invokerIamDisabled ? true : undefined,
      requestBasedBilling: true,
      deletionProtection: config.protected,
      ignoreImageChanges: gcp.deployer !== undefined,
      labels: { component },
    });

    this.backend = new CloudRunService(this, "Backend", {
      ...common("backend", gcp.services.backend),
      description: "Sample backend API",
    });

    this.frontend = new CloudRunService(this, "Frontend", {
      ...common("frontend", gcp.services.frontend),
      description: "Sample web frontend",
      environment: { BACKEND_URL: this.backend.uri },
      vpcAccess: gcp.vpc
        ? { network: gcp.vpc.network, subnetwork: gcp.vpc.subnetwork, egress: gcp.vpc.egress ?? "all-traffic" }
        : undefined,
    });
    // The frontend calls the backend as itself: run.invoker on the backend service only.
    this.backend.grantInvoker(`serviceAccount:${this.frontend.serviceAccountEmail}`, "invoker-frontend");

    // With deployer identities (deployer-gcp-<env>), their apply account is the one granted here.
    const sources = deployerSources(config);
    const identities = sources.github || sources.hcp ? gcpDeployerNames(config) : undefined;
    if (gcp.deployer || identities) {
      this.deployer = new DeployerIdentity(this, "Deployer", {
        accountId: identities?.accountIds.apply ?? gcp.deployer!.accountId,
        project: gcp.projectId,
        services: [this.frontend, this.backend],
        repository: this.repository,
        workloadIdentityPrincipals: gcp.deployer?.workloadIdentityPrincipals,
        existingServiceAccount: identities ? true : undefined,
      });
      new TerraformOutput(this, "deployer_email", { value: this.deployer.email, description: "Service account CI deploys as" });
    }

    new TerraformOutput(this, "frontend_url", { value: this.frontend.uri, description: "URL of the frontend service" });
    new TerraformOutput(this, "backend_url", { value: this.backend.uri, description: "URL of the backend service (internal ingress)" });
    new TerraformOutput(this, "repository_url", { value: this.repository.repositoryUrl, description: "Where CI pushes images" });
  }
}

/** The rule-pack findings an environment's config asks for on purpose, each with its reason. */
function configuredExceptions(gcp: GcpEnvironmentConfig): Suppression[] {
  const exceptions: Suppression[] = [];
  if (gcp.services.frontend.public) {
    exceptions.push({ ruleId: "cloud-run-no-public-access", path: "Frontend", reason: "The frontend is the public web site (config: services.frontend.public); the backend stays internal." });
  }
  if (!gcp.repository.kmsKeyName) {
    exceptions.push({
      ruleId: "artifact-registry-cmek",
      path: "Repository",
      reason: "Images are not secret; Google-managed encryption is chosen until config sets repository.kmsKeyName (which replaces the repository).",
    });
  }
  return exceptions;
}

function requireGcp(path: string, config: EnvironmentConfig): GcpEnvironmentConfig {
  const gcp = config?.gcp;
  if (gcp === undefined || gcp === null) {
    new Validator("GcpServiceStack props", path)
      .fail("config.gcp", "the Google Cloud settings of the environment (the gcp section of config/<env>.ts)", gcp)
      .throwIfInvalid();
  }
  return gcp!;
}

/** Where an environment's GCP stacks keep their state: its GCS bucket, or the AWS state bucket. */
export function gcpStateChoice(config: EnvironmentConfig, gcp: GcpEnvironmentConfig): RemoteStateChoice {
  if (gcp.stateBackend === "gcs") return { type: "gcs", bucket: gcp.gcsStateBucket! };
  return { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion };
}
