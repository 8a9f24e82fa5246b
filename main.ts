import { App } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "./config/load";
import { AwsDeployerStack } from "./stacks/aws-deployer-stack";
import { AwsServiceStack } from "./stacks/aws-service-stack";
import { deployerSources } from "./stacks/deployer-identities";
import { GcpDeployerStack } from "./stacks/gcp-deployer-stack";
import { GcpServiceStack } from "./stacks/gcp-service-stack";
import { HcpTerraformStack } from "./stacks/hcp-terraform-stack";
import { awsRegionalStacks } from "./stacks/regions";
import { StateBootstrapStack } from "./stacks/state-bootstrap-stack";

// Composition only: the environments are the files config/<env>.ts; each gets one AWS stack per
// region (aws-<env>, aws-<env>-<region>) and, with a gcp section, gcp-<env>; plus the one-off state
// bootstrap. Where something deploys an environment (a GitHub repository, HCP Terraform), its deployer
// identities (deployer-aws-<env>, deployer-gcp-<env>) come after its stacks, whose permissions they
// are computed from; with HCP Terraform, the hcp-terraform stack comes last (one workspace per stack).
const app = new App({ stackTraces: false });
const environments = ENVIRONMENTS.map(loadConfig);

new StateBootstrapStack(app, "state-bootstrap", { environments });
for (const config of environments) {
  for (const { stackId, region } of awsRegionalStacks(config)) new AwsServiceStack(app, stackId, { config, region });
}
for (const config of environments) {
  if (config.gcp) new GcpServiceStack(app, `gcp-${config.environment}`, { config });
}
for (const config of environments) {
  const sources = deployerSources(config);
  if (!sources.github && !sources.hcp) continue;
  new AwsDeployerStack(app, `deployer-aws-${config.environment}`, { config });
  if (config.gcp) new GcpDeployerStack(app, `deployer-gcp-${config.environment}`, { config });
}
if (environments.some((e) => e.backend === "cloud")) new HcpTerraformStack(app, "hcp-terraform", { environments });

app.synth();
