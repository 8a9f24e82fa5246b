import {
  CloudRunV2Service,
  type CloudRunV2ServiceTemplateContainersEnv,
  type CloudRunV2ServiceTemplateVpcAccess,
} from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ArtifactRegistryRepository } from "./artifact-registry-repository";
import { CLOUD_RUN_SERVICE_PROPS, deriveServiceAccountId, INVOKER_SUFFIX, type CloudRunServiceProps } from "./cloud-run-service-props";
import { inSameStack, repositoryGrantIn, serviceGrantIn } from "./cross-stack";
import { createCloudRunEvents } from "./events/cloud-run-event";
import { INGRESS, parseCpu, VPC_EGRESS } from "./gcp-limits";
import { grantId, ROLES } from "./iam";
import { useRelativeLocalState } from "../core/relative-local-state";
import type { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { createCloudRunAlarms } from "./cloud-run-alarms";
import { probeConfig } from "./cloud-run-probes";
import { INITIAL_TRAFFIC, rolloutOutput } from "./cloud-run-rollout";

export type {
  CloudRunEvent,
  CloudRunIngress,
  CloudRunPubsubEvent,
  CloudRunScheduleEvent,
  CloudRunSecretEnv,
  CloudRunServiceProps,
  CloudRunVpcAccess,
  VpcEgress,
} from "./cloud-run-service-props";
export { deriveServiceAccountId } from "./cloud-run-service-props";
export type { CloudRunAlarmsProps, CloudRunLatencyAlarm, CloudRunServerErrorsAlarm } from "./cloud-run-alarms";
export type { CloudRunProbe } from "./cloud-run-probes";
export type { CloudRunRollout } from "./cloud-run-rollout";

const DEFAULTS = {
  containerPort: 8080,
  cpu: "1",
  memory: "512Mi",
  minInstances: 0,
  maxInstances: 100,
  concurrency: 80,
  timeout: 300,
  ingress: "all",
} as const;

/**
 * One Cloud Run (v2) service with everything it needs: its own service account (never the default
 * compute account) holding only resource-level grants (reader on its repository, accessor on each of
 * its secrets), autoscaling, billing and network settings, and, when asked, public access.
 */
export class CloudRunService extends Construct {
  /** The service's URL (`https://<name>-<hash>-<region>.a.run.app`), known after apply. */
  public readonly uri: string;
  /** Email of the service's own runtime service account. */
  public readonly serviceAccountEmail: string;
  /** The service name, as given. */
  public readonly serviceName: string;
  /** Timeout in seconds, as configured. */
  public readonly timeout: number;
  public readonly service: CloudRunV2Service;
  public readonly serviceAccount: ServiceAccount;
  /** The repository its image comes from, when given (its stack is one this service's stack depends on). */
  public readonly repository?: ArtifactRegistryRepository;
  /** The account whose OIDC tokens the service's `events` push with (`run.invoker` on this service only); none without events. */
  public readonly invokerServiceAccount?: ServiceAccount;
  /** Its email, when the service has `events`. */
  public readonly invokerServiceAccountEmail?: string;
  /** The service's alert policies (none where it is not watched). */
  public readonly alarms: readonly MonitoringAlertPolicy[];

  constructor(scope: Construct, id: string, props: CloudRunServiceProps) {
    super(scope, id);
    useRelativeLocalState(this);
    CLOUD_RUN_SERVICE_PROPS.validate(this, props);

    const name = props.serviceName;
    this.serviceName = name;
    this.repository = props.repository;
    this.timeout = props.timeout ?? DEFAULTS.timeout;
    const cpu = props.cpu ?? DEFAULTS.cpu;

    this.serviceAccount = new ServiceAccount(this, "ServiceAccount", {
      accountId: props.serviceAccountId ?? deriveServiceAccountId(name),
      project: props.project,
      displayName: `Cloud Run service ${name}`,
      description: `Runtime identity of the Cloud Run service ${name}; holds only resource-level grants.`,
    });
    this.serviceAccountEmail = this.serviceAccount.email;
    const member = `serviceAccount:${this.serviceAccountEmail}`;

    // Cloud Run checks at deploy time that the identity can read its secrets: grant first.
    const grants: ITerraformDependable[] = this.grantSecretAccess(props, member);
    if (props.repository) {
      // In the repository's stack, the repository's own grant. A repository in another stack is granted
      // here, in the service's stack, so references go from this stack to the repository's only.
      grants.push(
        inSameStack(props.repository, this)
          ? props.repository.grantReader(member, `reader-${name}`)
          : repositoryGrantIn(this, "RepositoryReader", props.repository, ROLES.artifactReader, member),
      );
    }

    this.service = new CloudRunV2Service(this, "Service", {
      name,
      location: props.location,
      project: props.project,
      description: props.description,
      ingress: INGRESS[props.ingress ?? DEFAULTS.ingress],
      invokerIamDisabled: props.allowUnauthenticated && props.invokerIamDisabled ? true : undefined,
      deletionProtection: props.deletionProtection ?? true,
      labels: props.labels ? { ...props.labels } : undefined,
      template: {
        serviceAccount: this.serviceAccountEmail,
        timeout: `${this.timeout}s`,
        maxInstanceRequestConcurrency: props.concurrency ?? ((parseCpu(cpu) ?? 1) < 1 ? 1 : DEFAULTS.concurrency),
        scaling: {
          minInstanceCount: props.minInstances ?? DEFAULTS.minInstances,
          maxInstanceCount: props.maxInstances ?? DEFAULTS.maxInstances,
        },
        vpcAccess: vpcAccess(props),
        containers: [
          {
            image: props.image,
            ports: { containerPort: props.containerPort ?? DEFAULTS.containerPort },
            resources: {
              limits: { cpu, memory: props.memory ?? DEFAULTS.memory },
              cpuIdle: props.requestBasedBilling ?? true,
              startupCpuBoost: props.startupCpuBoost ?? true,
            },
            env: environment(props),
            startupProbe: props.startupProbe ? probeConfig(props.startupProbe) : undefined,
            livenessProbe: props.livenessProbe ? probeConfig(props.livenessProbe) : undefined,
          },
        ],
      },
      traffic: props.rollout ? INITIAL_TRAFFIC : undefined,
      lifecycle: ignoredChanges(props),
      dependsOn: grants.length > 0 ? grants : undefined,
    });
    this.uri = this.service.uri;
    if (props.rollout) rolloutOutput(this, this.service, props, props.rollout);

    if (props.allowUnauthenticated && !props.invokerIamDisabled) {
      new CloudRunV2ServiceIamMember(this, "PublicInvoker", this.iamMember(ROLES.runInvoker, "allUsers"));
    }

    if (props.events && props.events.length > 0) {
      // One identity for every event source of this service: it may invoke this service and nothing else.
      this.invokerServiceAccount = new ServiceAccount(this, "InvokerServiceAccount", {
        accountId: deriveServiceAccountId(name, INVOKER_SUFFIX),
        project: props.project,
        displayName: `Invoker of Cloud Run service ${name}`,
        description: `Identity Pub/Sub pushes and Cloud Scheduler jobs call ${name} as; holds run.invoker on that service only.`,
      });
      this.invokerServiceAccountEmail = this.invokerServiceAccount.email;
      const invokerGrant = this.grantInvoker(`serviceAccount:${this.invokerServiceAccountEmail}`, "invoker-events");
      createCloudRunEvents(
        { scope: this, serviceName: name, location: props.location, project: props.project, uri: this.uri, timeout: this.timeout, invokerEmail: this.invokerServiceAccountEmail, invokerGrant },
        props.events,
      );
    }
    this.alarms = createCloudRunAlarms({ scope: this, serviceName: name, project: props.project, timeout: this.timeout, labels: props.labels ? { ...props.labels } : undefined }, props.alarms);
  }

  /**
   * Lets `member` call this service: `roles/run.invoker` on this service only. Pass `id` when the
   * member is a reference (e.g. another service's account email) to keep its address stable.
   */
  public grantInvoker(member: string, id?: string): CloudRunV2ServiceIamMember {
    return this.grant(ROLES.runInvoker, "invoker", member, id);
  }

  /** Lets `member` deploy new revisions of this service: `roles/run.developer` on this service only. */
  public grantDeveloper(member: string, id?: string): CloudRunV2ServiceIamMember {
    return this.grant(ROLES.runDeveloper, "developer", member, id);
  }

  private grant(role: string, prefix: string, member: string, id: string | undefined): CloudRunV2ServiceIamMember {
    return serviceGrantIn(this, grantId(this, prefix, member, id), this, role, member);
  }

  private iamMember(role: string, member: string) {
    return { project: this.service.project, location: this.service.location, name: this.service.name, role, member };
  }

  /** `secretmanager.secretAccessor` on each distinct secret the environment reads, nothing wider. */
  private grantSecretAccess(props: CloudRunServiceProps, member: string): SecretManagerSecretIamMember[] {
    const secrets = [...new Set(Object.values(props.secrets ?? {}).map((s) => s.secret))].sort();
    return secrets.map(
      (secret) =>
        new SecretManagerSecretIamMember(this, grantId(this, "SecretAccessor", secret, undefined), {
          secretId: secret,
          // A bare id lives in the service's project; a full name carries its own project.
          project: secret.startsWith("projects/") ? undefined : props.project,
          role: ROLES.secretAccessor,
          member,
        }),
    );
  }
}

/**
 * What Terraform leaves to others after creating the service: the image and the client fields
 * `gcloud run deploy` sets (`ignoreImageChanges`), the traffic split (`rollout`: `npm run rollout` moves it).
 */
function ignoredChanges(props: CloudRunServiceProps): { ignoreChanges: string[] } | undefined {
  const ignored = [...(props.ignoreImageChanges ? ["client", "client_version", "template[0].containers[0].image"] : []), ...(props.rollout ? ["traffic"] : [])];
  return ignored.length > 0 ? { ignoreChanges: ignored } : undefined;
}

function environment(props: CloudRunServiceProps): CloudRunV2ServiceTemplateContainersEnv[] | undefined {
  const plain = Object.entries(props.environment ?? {}).map(([name, value]) => ({ name, value }));
  const secret = Object.entries(props.secrets ?? {}).map(([name, ref]) => ({
    name,
    valueSource: { secretKeyRef: { secret: ref.secret, version: ref.version ?? "latest" } },
  }));
  const all = [...plain, ...secret];
  return all.length > 0 ? all : undefined;
}

function vpcAccess(props: CloudRunServiceProps): CloudRunV2ServiceTemplateVpcAccess | undefined {
  const vpc = props.vpcAccess;
  if (!vpc) return undefined;
  return {
    egress: VPC_EGRESS[vpc.egress ?? "private-ranges-only"],
    networkInterfaces: [
      {
        network: vpc.network,
        subnetwork: vpc.subnetwork,
        tags: vpc.networkTags && vpc.networkTags.length > 0 ? [...vpc.networkTags] : undefined,
      },
    ],
  };
}
