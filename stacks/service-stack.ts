import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/load";
import { applyRulePack, type RulePack, type Suppression } from "../modules/core/rule-pack";
import { declareStackEnvironment } from "../modules/core/stack-environment";
import { checkAccountGlobalNames } from "./account-global-names";
import { useEnvironmentState, type RemoteStateChoice } from "./backends";
import { applyPermissionsBoundary } from "../modules/aws/deployer/permissions-boundary-aspect";
import { deployWithEnvironment } from "./deploy-environment";
import { deployerTraits } from "../config/deployers";
import { checkDeployOrder } from "./deploy-order";

/** What every service stack must say: the base refuses to build one without a provider or a state. */
export interface ServiceStackSetup {
  /** Adds the stack's provider(s), e.g. `(stack) => awsProvider(stack, config, region)`; called first. */
  readonly provider: (stack: TerraformStack) => void;
  /** Where the stack keeps its state, unless the environment runs on HCP Terraform (`backend: "cloud"`). */
  readonly state: RemoteStateChoice;
  /** Rule-pack findings the stack accepts on purpose, each with its reason. @default none */
  readonly suppressions?: readonly Suppression[];
}

/**
 * The base of every service stack: in its constructor, before the subclass adds a resource, it
 * configures the provider, the backend (S3, GCS or HCP Terraform as the environment says) and the
 * secure-by-default rule pack at the environment's severity, and registers the synth-time check that
 * no two stacks of the app create the same account-global name. A stack built on it cannot forget one.
 * The deploy workflow deploys it with its config's environment (stacks/deploy-order.ts), in that
 * environment's turn of the promotion order.
 */
export abstract class ServiceStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  public readonly rulePack: RulePack;

  protected constructor(scope: Construct, id: string, config: EnvironmentConfig, setup: ServiceStackSetup) {
    super(scope, id);
    this.config = config;
    setup.provider(this);
    useEnvironmentState(this, config, id, setup.state);
    // An aspect: it runs at synth, on everything the subclass adds after this line. The severity is
    // the one the environment's file declares, not one inferred from its name.
    this.rulePack = applyRulePack(this, { environment: config.environment, severity: config.rulePackSeverity ?? "error", suppressions: setup.suppressions });
    // Constructs' defaults (a table's deletion protection, a secret's recovery window) follow this config's traits.
    const deployer = deployerTraits(config);
    declareStackEnvironment(this, { environment: config.environment, protected: config.protected, rulePackSeverity: config.rulePackSeverity ?? "error", ...(deployer ? { deployer } : {}) });
    checkAccountGlobalNames(this);
    // Where the environment has deployer identities, every role of the stack carries its boundary:
    // the deployer may create roles only with it (stacks/aws-deployer-stack.ts).
    if (deployer) applyPermissionsBoundary(this, deployer.permissionsBoundaryArn);
    deployWithEnvironment(this, config.environment, `the config of ServiceStack (config/${config.environment}.ts)`);
    checkDeployOrder(this);
  }
}
