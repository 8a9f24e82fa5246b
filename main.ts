import { App } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "./config/load";
import { AwsServiceStack } from "./stacks/aws-service-stack";
import { GcpServiceStack } from "./stacks/gcp-service-stack";
import { StateBootstrapStack } from "./stacks/state-bootstrap-stack";

// Composition only: one stack per cloud and environment, plus the one-off state bootstrap.
const app = new App({ stackTraces: false });
const environments = ENVIRONMENTS.map(loadConfig);

new StateBootstrapStack(app, "state-bootstrap", { environments });
for (const config of environments) {
  new AwsServiceStack(app, `aws-${config.environment}`, { config });
}
for (const config of environments) {
  new GcpServiceStack(app, `gcp-${config.environment}`, { config });
}

app.synth();
