import { App } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "./config/load";
import { AwsServiceStack } from "./stacks/aws-service-stack";
import { GcpServiceStack } from "./stacks/gcp-service-stack";
import { awsRegionalStacks } from "./stacks/regions";
import { StateBootstrapStack } from "./stacks/state-bootstrap-stack";

// Composition only: the environments are the files config/<env>.ts; each gets one AWS stack per
// region (aws-<env>, aws-<env>-<region>) and, with a gcp section, gcp-<env>; plus the one-off state bootstrap.
const app = new App({ stackTraces: false });
const environments = ENVIRONMENTS.map(loadConfig);

new StateBootstrapStack(app, "state-bootstrap", { environments });
for (const config of environments) {
  for (const { stackId, region } of awsRegionalStacks(config)) new AwsServiceStack(app, stackId, { config, region });
}
for (const config of environments) {
  if (config.gcp) new GcpServiceStack(app, `gcp-${config.environment}`, { config });
}

app.synth();
