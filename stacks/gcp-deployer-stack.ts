import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig, GcpEnvironmentConfig } from "../config/load";
import { githubSubject, GITHUB_ACTIONS_ISSUER_HOST, hcpSubject, type DeployerPhase } from "../modules/core/deployer-subjects";
import { applyRulePack } from "../modules/core/rule-pack";
import { Validator } from "../modules/core/validation";
import { readPermissionsOf, typesWithoutReadPermissions } from "../modules/gcp/deployer-permissions";
import { ROLES } from "../modules/gcp/iam";
import { checkAccountGlobalNames } from "./account-global-names";
import { statePrefix, useRemoteState, workspaceName } from "./backends";
import { deployManually } from "./deploy-environment";
import { checkDeployOrder } from "./deploy-order";
import { registerDeployerFacts } from "./deployer-facts";
import { DEPLOYER_PHASES, deployerSources, gcpDeployerNames, gcpProviderName, gcpServiceAccountEmail, gcpSubjectPrincipal, hcpHost, type GcpDeployerNames } from "./deployer-identities";
import { googleProvider } from "./gcp-provider";
import { gcpStateChoice } from "./gcp-service-stack";
import { environmentStacks, typesOf } from "./environment-stacks";

export interface GcpDeployerStackProps {
  /** An environment with a `gcp` section, its `projectNumber`, and a source of deploys (a GitHub repository or HCP Terraform). */
  readonly config: EnvironmentConfig;
}

/** Google's limit on `google.subject`: a token whose subject is longer is refused by the pool. */
const SUBJECT_MAX_BYTES = 127;

/**
 * The deployer identities of one environment on Google Cloud (`deployer-gcp-<env>`), through
 * Workload Identity Federation:
 * - a pool with one provider per source (GitHub Actions, HCP Terraform), each admitting only the
 *   environment's exact subjects (`attribute_condition`), never a whole repository or organization;
 * - a plan and an apply service account, each impersonable (`roles/iam.workloadIdentityUser` on the
 *   account itself) by the exact subjects of its phase only, never by the pool (`principalSet://.../*`);
 * - what they may read to plan, as one custom role of the project with the read permissions of the
 *   types the environment's GCP stacks use (no basic, admin or escalating role: a custom role of
 *   `get` and `getIamPolicy` permissions is the only project-level grant, since resources that do
 *   not exist yet cannot be read through grants on them);
 * - with a GCS state bucket, read (plan: and lock) or read-write access to the environment's prefix only.
 * What the apply account may change is granted on the resources themselves, by the environment's
 * stack (`DeployerIdentity`: new revisions of its Cloud Run services, acting as their runtime
 * accounts, pushing to its repository). Google Cloud has no permissions boundary: creating services,
 * service accounts or IAM grants takes project-level roles that reach every account of the project,
 * which the rule pack refuses; an administrator applies such changes (docs/deploying.md).
 *
 * Applied by hand by an administrator of the project, like the AWS identity stack.
 */
export class GcpDeployerStack extends TerraformStack {
  public readonly names: GcpDeployerNames;
  public readonly serviceAccounts: Readonly<Record<DeployerPhase, ServiceAccount>>;

  constructor(scope: Construct, id: string, props: GcpDeployerStackProps) {
    super(scope, id);
    const { config } = props;
    const gcp = config.gcp as GcpEnvironmentConfig | undefined;
    const names = gcp ? gcpDeployerNames(config) : undefined;
    const sources = deployerSources(config);
    const v = new Validator("GcpDeployerStack props", this.node.path);
    if (!gcp) v.fail("config.gcp", "the Google Cloud settings of the environment", gcp);
    else if (!names) v.fail("config.gcp.projectNumber", "set: workload identity principals are named by the project's number", gcp.projectNumber);
    if (!sources.github && !sources.hcp) v.fail("config", 'an environment whose Terraform runs somewhere: project.repository (GitHub Actions) or backend "cloud" (HCP Terraform)', config.environment);
    v.throwIfInvalid();
    this.names = names!;

    googleProvider(this, config, gcp!);
    useRemoteState(this, gcpStateChoice(config, gcp!), config.project.name, config.environment, id);

    const deployed = environmentStacks(this, config.environment, "google", this);
    const types = [...new Set(deployed.flatMap(typesOf))].sort();
    const unknown = typesWithoutReadPermissions(types);
    if (unknown.length > 0) {
      v.fail("types", "Terraform types whose read permissions are known (modules/gcp/deployer-permissions.ts)", unknown).throwIfInvalid();
    }

    // Who may become each account: the exact subjects of its phase, per source.
    const subjects: Record<"github" | "hcp", Record<DeployerPhase, string[]>> = {
      github: { plan: [], apply: [] },
      hcp: { plan: [], apply: [] },
    };
    for (const phase of DEPLOYER_PHASES) {
      if (sources.github) subjects.github[phase].push(githubSubject(config.project.repository!, config.environment, phase));
      if (sources.hcp) {
        for (const s of deployed) subjects.hcp[phase].push(hcpSubject({ organization: config.cloud!.organization, project: config.cloud!.project, workspace: workspaceName(config.project.name, s.node.id) }, phase));
      }
    }
    for (const subject of [...Object.values(subjects.github), ...Object.values(subjects.hcp)].flat()) {
      if (Buffer.byteLength(subject) > SUBJECT_MAX_BYTES) v.fail("subjects", `token subjects of at most ${SUBJECT_MAX_BYTES} bytes (Google's limit on google.subject): shorten the organization, project or workspace names`, subject);
    }
    v.throwIfInvalid();

    const pool = new IamWorkloadIdentityPool(this, "Pool", {
      project: names!.projectId,
      workloadIdentityPoolId: names!.poolId,
      displayName: `${config.project.name} ${config.environment} deployers`.slice(0, 32),
      description: `GitHub Actions and HCP Terraform runs that plan and apply ${config.project.name} ${config.environment}`,
    });
    const quoted = (values: readonly string[]) => `[${values.map((s) => `'${s}'`).join(", ")}]`;
    if (sources.github) {
      new IamWorkloadIdentityPoolProvider(this, "GitHubProvider", {
        project: names!.projectId,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: names!.providerIds.github,
        displayName: "GitHub Actions",
        attributeMapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
        attributeCondition: `assertion.repository == '${config.project.repository}' && assertion.sub in ${quoted([...subjects.github.plan, ...subjects.github.apply])}`,
        oidc: { issuerUri: `https://${GITHUB_ACTIONS_ISSUER_HOST}` },
      });
    }
    if (sources.hcp) {
      new IamWorkloadIdentityPoolProvider(this, "HcpTerraformProvider", {
        project: names!.projectId,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: names!.providerIds.hcp,
        displayName: "HCP Terraform",
        attributeMapping: { "google.subject": "assertion.sub", "attribute.terraform_workspace_name": "assertion.terraform_workspace_name" },
        attributeCondition: `assertion.terraform_organization_name == '${config.cloud!.organization}' && assertion.sub in ${quoted([...subjects.hcp.plan, ...subjects.hcp.apply])}`,
        oidc: { issuerUri: `https://${hcpHost(config)}` },
      });
    }

    const readRoleId = `${config.project.name}_${config.environment}_deployer_read`.replace(/-/g, "_");
    const reader = new ProjectIamCustomRole(this, "ReadRole", {
      project: names!.projectId,
      roleId: readRoleId,
      title: `${config.project.name} ${config.environment}: read what Terraform refreshes`,
      description: "get and getIamPolicy on the types of the environment's stacks: what a plan refreshes",
      permissions: [], // set below, once every type of this stack is known
    });
    const accounts = {} as Record<DeployerPhase, ServiceAccount>;
    for (const phase of DEPLOYER_PHASES) {
      const account = new ServiceAccount(this, `${phase}-account`, {
        project: names!.projectId,
        accountId: names!.accountIds[phase],
        displayName: `${config.project.name} ${config.environment} ${phase}`,
        description:
          phase === "plan"
            ? "Plans the environment: reads its resources and their IAM policies, nothing else"
            : "Applies the environment: reads like the plan account, changes what its stack grants it on each resource",
      });
      accounts[phase] = account;
      for (const subject of [...subjects.github[phase], ...subjects.hcp[phase]].sort()) {
        new ServiceAccountIamMember(this, `${phase}-${subject.replace(/[^A-Za-z0-9]+/g, "-")}`, {
          serviceAccountId: account.name,
          role: ROLES.workloadIdentityUser,
          member: gcpSubjectPrincipal(names!, subject),
        });
      }
      new ProjectIamMember(this, `${phase}-read`, {
        project: names!.projectId,
        // Written out (not a reference) so that the rule pack reads exactly which role is granted.
        role: `projects/${names!.projectId}/roles/${readRoleId}`,
        member: `serviceAccount:${gcpServiceAccountEmail(names!, phase)}`,
        dependsOn: [reader, account],
      });
    }
    this.serviceAccounts = accounts;

    if (gcp!.stateBackend === "gcs" && sources.github) {
      const bucket = gcp!.gcsStateBucket!;
      const objects = `projects/_/buckets/${bucket}/objects/${statePrefix(config.project.name, config.environment, "")}`;
      const grant = (id: string, phase: DeployerPhase, role: string, expression: string, title: string) =>
        new StorageBucketIamMember(this, id, {
          bucket,
          role,
          member: `serviceAccount:${gcpServiceAccountEmail(names!, phase)}`,
          condition: { title, expression },
          dependsOn: [accounts[phase]],
        });
      // Listing is checked on the bucket; objects only under the environment's prefix.
      const own = `resource.type == 'storage.googleapis.com/Bucket' || resource.name.startsWith('${objects}')`;
      grant("plan-state", "plan", "roles/storage.objectViewer", own, "environment state, read");
      grant("plan-lock", "plan", "roles/storage.objectUser", `resource.name.startsWith('${objects}') && resource.name.endsWith('.tflock')`, "environment state lock");
      grant("apply-state", "apply", "roles/storage.objectUser", own, "environment state, read and write");
    }

    // Read what the environment's stacks hold, and this stack too (the deploy job plans it).
    reader.permissions = readPermissionsOf([...types, ...typesOf(this)]);

    if (sources.github) {
      registerDeployerFacts(this, {
        cloud: "gcp",
        environment: config.environment,
        workloadIdentityProvider: gcpProviderName(names!, "github"),
        planServiceAccount: gcpServiceAccountEmail(names!, "plan"),
        applyServiceAccount: gcpServiceAccountEmail(names!, "apply"),
      });
    }

    applyRulePack(this, { environment: config.environment, severity: "error" });
    checkAccountGlobalNames(this);
    deployManually(
      this,
      `It creates the workload identity pool and the service accounts the ${config.environment} deploys become, which they may not change; ` +
        `an administrator of project ${names!.projectId} applies it (npx cdktf deploy ${id}) before the first deploy and after each change to it (docs/deploying.md).`,
    );
    checkDeployOrder(this);
  }
}

