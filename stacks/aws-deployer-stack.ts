import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/load";
import { uncoveredResources } from "../modules/aws/deployer/coverage";
import { heldStatementsOf } from "../modules/aws/deployer/held-statements";
import { boundaryStatements } from "../modules/aws/deployer/boundary-statements";
import { DeployerIdentities } from "../modules/aws/deployer/deployer-identities";
import { deployerStatements } from "../modules/aws/deployer/deployer-statements";
import { applyRulePack } from "../modules/core/rule-pack";
import { Validator } from "../modules/core/validation";
import { checkAccountGlobalNames } from "./account-global-names";
import { awsProvider } from "./aws-provider";
import { environmentStatePrefix, useRemoteState, workspaceName } from "./backends";
import { deployManually } from "./deploy-environment";
import { checkDeployOrder } from "./deploy-order";
import { awsDeployerRoleArn, awsDeployerScope, deployerAccount, deployerSources, hcpHost } from "./deployer-identities";
import { registerDeployerFacts } from "./deployer-facts";
import { environmentStacks, typesOf } from "./environment-stacks";

export interface AwsDeployerStackProps {
  /** The environment whose AWS account gets the identities. */
  readonly config: EnvironmentConfig;
}

/**
 * The deployer identities of one environment on AWS (`deployer-aws-<env>`): the OIDC providers of
 * GitHub Actions and HCP Terraform, the plan and apply roles of each source that runs the
 * environment's Terraform (stacks/deployer-identities.ts: `deployerSources`), and the permissions
 * boundary every role of the environment carries. Their permissions are computed from the
 * environment's AWS stacks as the app creates them: the types they use (what the roles may plan
 * and apply) and what their roles hold (the boundary).
 *
 * Create it after the environment's stacks (main.ts creates it after every service stack). An
 * administrator of the account applies it by hand, before the environment's first deploy and after
 * any change to it (the deploy workflow refuses to deploy while it has changes): the apply role can
 * change neither itself, nor the plan role, nor the boundary. Its state is kept in the environment's
 * S3 prefix whatever the environment's backend, so that an HCP Terraform run (which assumes these
 * very roles) never applies it.
 */
export class AwsDeployerStack extends TerraformStack {
  public readonly identities: DeployerIdentities;
  /** The environment's stacks its permissions are computed from. */
  public readonly deployed: readonly TerraformStack[];

  constructor(scope: Construct, id: string, props: AwsDeployerStackProps) {
    super(scope, id);
    const { config } = props;
    const sources = deployerSources(config);
    const v = new Validator("AwsDeployerStack props", this.node.path);
    if (!sources.github && !sources.hcp) {
      v.fail("config", 'an environment whose Terraform runs somewhere: project.repository (GitHub Actions) or backend "cloud" (HCP Terraform)', config.environment);
    }
    v.throwIfInvalid();

    awsProvider(this, config);
    useRemoteState(this, { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion }, config.project.name, config.environment, id);

    // The environment's AWS stacks, as created so far (their permissions are read at synth).
    const deployed = environmentStacks(this, config.environment, "aws", this);
    this.deployed = deployed;
    const types = [...new Set(deployed.flatMap(typesOf))].sort();
    const permissionScope = awsDeployerScope(config, types);
    const account = deployerAccount(config);
    this.identities = new DeployerIdentities(this, "Identities", {
      account,
      github: sources.github
        ? { repository: config.project.repository!, state: config.backend === "cloud" ? undefined : { bucket: config.aws.stateBucket, keyPrefix: environmentStatePrefix(config.project.name, config.environment) } }
        : undefined,
      hcp: sources.hcp
        ? {
            host: hcpHost(config),
            workspaces: deployed.map((s) => ({ organization: config.cloud!.organization, project: config.cloud!.project, workspace: workspaceName(config.project.name, s.node.id) })),
          }
        : undefined,
      statements: deployerStatements(this.node.path, permissionScope),
      // Read at synth, once the environment's stacks are complete: what their roles hold.
      boundary: () => boundaryStatements(permissionScope, heldStatementsOf(deployed, permissionScope)),
    });
    if (sources.github) {
      registerDeployerFacts(this, {
        cloud: "aws",
        environment: config.environment,
        region: config.aws.region,
        planRoleArn: awsDeployerRoleArn(config, "github", "plan"),
        applyRoleArn: awsDeployerRoleArn(config, "github", "apply"),
      });
    }

    // The deployer roles trust OIDC subjects and create roles under the boundary: the pack judges them.
    // At synth, once the environment's stacks are complete: each named resource must be one the apply role may manage.
    this.node.addValidation({ validate: () => uncoveredResources(deployed, permissionScope) });

    applyRulePack(this, { environment: config.environment, severity: "error" });
    checkAccountGlobalNames(this);
    deployManually(
      this,
      `It creates the roles the ${config.environment} deploys assume and the boundary of every role they create, which those roles may not change; ` +
        `an administrator of account ${config.aws.accountId} applies it (npx cdktf deploy ${id}) before the first deploy and after each change to it (docs/deploying.md).`,
    );
    checkDeployOrder(this);
  }
}

