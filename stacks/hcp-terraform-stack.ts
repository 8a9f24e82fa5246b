import { Project } from "@cdktf/provider-tfe/lib/project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Aspects, LocalBackend, TerraformStack, type IAspect } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import type { EnvironmentConfig } from "../config/load";
import { HCP_AWS_AUDIENCE } from "../modules/aws/deployer-names";
import { HCP_TERRAFORM_HOST } from "../modules/core/deployer-subjects";
import { applyRulePack } from "../modules/core/rule-pack";
import { Validator } from "../modules/core/validation";
import { workspaceName } from "./backends";
import { deployManually, stackDeployment } from "./deploy-environment";
import { checkDeployOrder, deployOrderOf } from "./deploy-order";
import { providersOf } from "./environment-stacks";
import { awsDeployerRoleArn, deployerSources, gcpDeployerNames, gcpProviderName, gcpServiceAccountEmail } from "./deployer-identities";

export interface HcpTerraformStackProps {
  /** Every environment of the app; those with `backend: "cloud"` get workspaces. */
  readonly environments: readonly EnvironmentConfig[];
}

/** One workspace the stack declares: the app's stack it runs, and its environment. */
export interface HcpWorkspace {
  readonly stack: TerraformStack;
  readonly config: EnvironmentConfig;
  readonly workspace: Workspace;
  readonly settings: WorkspaceSettings;
}

/** The working directory of a stack's runs: where `cdktf synth` writes it, relative to the repository root. */
export function stackWorkingDirectory(stackId: string): string {
  return `cdktf.out/stacks/${stackId}`;
}

/**
 * HCP Terraform as code: for every stack of the app that an environment with `backend: "cloud"`
 * deploys, one workspace (`<project>-<stack>`, the name its `cloud` block uses) in the configured
 * project, with its working directory, execution mode, auto-apply only where config says so, the
 * dynamic-credential variables that point its plans and applies at the environment's deployer roles
 * (AWS) and service accounts (GCP), and remote state shared only with the workspaces of the stacks
 * that read it. Run triggers follow the deploy order: each stack's workspace after the stacks it is
 * deployed after, each environment's first after the last of the environment it is promoted from.
 *
 * Create it after every stack it declares workspaces for (main.ts creates it last): it reads the app's
 * stacks as they are when it is constructed. It is applied by hand by someone who administers the
 * organization (`TFE_TOKEN`), like the state bootstrap: its state is the local file
 * `terraform.hcp-terraform.tfstate` at the project root.
 */
export class HcpTerraformStack extends TerraformStack {
  public readonly workspaces: readonly HcpWorkspace[];

  constructor(scope: Construct, id: string, props: HcpTerraformStackProps) {
    super(scope, id);
    const cloudEnvironments = props.environments.filter((e) => e.backend === "cloud" && e.cloud !== undefined);
    const v = new Validator("HcpTerraformStack props", this.node.path);
    if (cloudEnvironments.length === 0) v.fail("environments", 'at least one environment with backend: "cloud"', props.environments.map((e) => e.environment));
    const hosts = [...new Set(cloudEnvironments.map((e) => e.cloud!.hostname ?? HCP_TERRAFORM_HOST))];
    if (hosts.length > 1) v.fail("environments[].cloud.hostname", "one HCP Terraform host for every cloud environment (one stack per host)", hosts);
    v.throwIfInvalid();

    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new TfeProvider(this, "tfe", { hostname: hosts[0] === HCP_TERRAFORM_HOST ? undefined : hosts[0] });

    const byEnvironment = new Map(cloudEnvironments.map((e) => [e.environment, e]));
    const projects = new Map<string, Project>();
    const projectOf = (config: EnvironmentConfig): Project | undefined => {
      const cloud = config.cloud!;
      if (cloud.project === undefined) return undefined;
      const key = `${cloud.organization}/${cloud.project}`;
      if (!projects.has(key)) {
        projects.set(key, new Project(this, `Project-${cloud.organization}-${cloud.project.replace(/[^A-Za-z0-9-]/g, "-")}`, {
          organization: cloud.organization,
          name: cloud.project,
          description: `Workspaces of ${config.project.name} (cdktf-serverless)`,
        }));
      }
      return projects.get(key);
    };

    // The stacks created so far (main.ts creates this stack last), each deployed with its environment.
    const stacks = this.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c) && c !== this);
    const workspaces: HcpWorkspace[] = [];
    for (const stack of stacks) {
      const deployment = stackDeployment(stack);
      const config = deployment.kind === "environment" ? byEnvironment.get(deployment.environment) : undefined;
      if (!config) continue;
      const cloud = config.cloud!;
      const name = workspaceName(config.project.name, stack.node.id);
      const workspace = new Workspace(this, `Workspace-${stack.node.id}`, {
        name,
        organization: cloud.organization,
        projectId: projectOf(config)?.id,
        description: `${stack.node.id}: the ${config.environment} environment's stack ${stack.node.id} (cdktf-serverless)`,
        workingDirectory: stackWorkingDirectory(stack.node.id),
        autoApply: cloud.autoApply ?? false,
        // Runs start from an uploaded configuration (cdktf deploy) or a run trigger, never on creation.
        queueAllRuns: false,
        terraformVersion: cloud.terraformVersion,
        // A protected environment's workspace cannot be destroyed from a destroy plan.
        allowDestroyPlan: !config.protected,
      });
      const settings = new WorkspaceSettings(this, `Settings-${stack.node.id}`, {
        workspaceId: workspace.id,
        executionMode: cloud.executionMode ?? "remote",
        agentPoolId: cloud.agentPoolId,
        globalRemoteState: false,
      });
      this.credentials(stack, config, workspace);
      workspaces.push({ stack, config, workspace, settings });
    }
    this.workspaces = workspaces;
    // Dependencies between stacks are known once cross-stack references are resolved (at synth):
    // remote state consumers and run triggers are added then.
    Aspects.of(this).add(new DeployOrderLinks(this, stacks, workspaces));

    // Shared by every cloud environment, so held to the strictest one.
    applyRulePack(this, { environment: "prod" });
    deployManually(
      this,
      "It creates the HCP Terraform workspaces every cloud environment's stacks run in, with the organization's token (TFE_TOKEN), before any of their runs; " +
        "apply it by hand (npx cdktf deploy hcp-terraform), again after adding a stack or an environment (docs/hcp-terraform.md).",
    );
    checkDeployOrder(this);
  }

  /** The dynamic-credential variables of a workspace: its runs assume the environment's deployer identities for their phase. */
  private credentials(stack: TerraformStack, config: EnvironmentConfig, workspace: Workspace): void {
    if (!deployerSources(config).hcp) return; // local execution: the workflow brings its own credentials
    const clouds = providersOf(stack);
    const variable = (key: string, value: string, description: string) =>
      new Variable(this, `${stack.node.id}-${key}`, { workspaceId: workspace.id, category: "env", key, value, description });
    if (clouds.has("aws")) {
      variable("TFC_AWS_PROVIDER_AUTH", "true", "Dynamic AWS credentials: each run assumes its phase's role through HCP Terraform's workload identity token");
      variable("TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", HCP_AWS_AUDIENCE, "The audience the roles' trust policies require");
      variable("TFC_AWS_PLAN_ROLE_ARN", awsDeployerRoleArn(config, "hcp", "plan"), "The read-only plan role of the environment");
      variable("TFC_AWS_APPLY_ROLE_ARN", awsDeployerRoleArn(config, "hcp", "apply"), "The apply role of the environment (creates roles only with its permissions boundary)");
    }
    const names = gcpDeployerNames(config);
    if (clouds.has("google") && names) {
      variable("TFC_GCP_PROVIDER_AUTH", "true", "Dynamic Google Cloud credentials through workload identity federation");
      variable("TFC_GCP_WORKLOAD_PROVIDER_NAME", gcpProviderName(names, "hcp"), "The workload identity provider that admits this organization's runs");
      variable("TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL", gcpServiceAccountEmail(names, "plan"), "The read-only plan service account of the environment");
      variable("TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL", gcpServiceAccountEmail(names, "apply"), "The apply service account of the environment");
    }
  }
}

/**
 * Adds, at synth, what the deploy order says about the workspaces: the run triggers in promotion
 * order, and each workspace's state shared with the workspaces of the stacks that read it (cdktf
 * cross-stack references read it through `terraform_remote_state`).
 */
class DeployOrderLinks implements IAspect {
  private done = false;

  constructor(
    private readonly stack: HcpTerraformStack,
    private readonly stacks: readonly TerraformStack[],
    private readonly workspaces: readonly HcpWorkspace[],
  ) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.stack) return;
    this.done = true;
    const byStack = new Map(this.workspaces.map((w) => [w.stack, w]));
    const byId = new Map(this.workspaces.map((w) => [w.stack.node.id, w]));
    const order = deployOrderOf(this.stacks, { prepare: false });
    let last = new Map<string, HcpWorkspace>();
    for (const stage of order.stages) {
      const ordered = stage.stacks.split(" ").flatMap((s) => (byId.has(s) ? [byId.get(s)!] : []));
      if (ordered.length === 0) continue;
      const previous = stage.promotedFrom ? last.get(stage.promotedFrom) : undefined;
      [previous, ...ordered].forEach((source, i) => {
        const target = ordered[i];
        if (source && target) {
          new RunTrigger(this.stack, `Trigger-${target.stack.node.id}-after-${source.stack.node.id}`, { workspaceId: target.workspace.id, sourceableId: source.workspace.id });
        }
      });
      last = new Map(last).set(stage.environment, ordered[ordered.length - 1]);
    }
    const consumers = new Map<HcpWorkspace, string[]>();
    for (const consumer of this.workspaces) {
      for (const dependency of consumer.stack.dependencies) {
        const producer = byStack.get(dependency as TerraformStack);
        if (producer) consumers.set(producer, [...(consumers.get(producer) ?? []), consumer.workspace.id]);
      }
    }
    for (const [producer, ids] of consumers) producer.settings.remoteStateConsumerIds = ids;
  }
}
