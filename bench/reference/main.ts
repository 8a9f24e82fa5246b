// The benchmark's stock-style reference: the same stacks and resources as the project's main.ts,
// written the way the cdktf docs and examples do (provider barrel, one esbuild call per function,
// cdktf ARCHIVE assets, `npx ts-node` with type checking). Never imported by project code; not
// type-checked by `npm test` (tsconfig.json excludes bench/reference). See bench/README.md.
import { App } from "cdktf";
import * as fs from "fs";
import { AwsServiceStack } from "./aws-service-stack";
import { GcpServiceStack } from "./gcp-service-stack";
import { BUILD_ROOT } from "./nodejs-function";
import { ENVIRONMENTS } from "./settings";
import { StateBootstrapStack } from "./state-bootstrap-stack";

const app = new App({ stackTraces: false });

new StateBootstrapStack(app, "state-bootstrap", ENVIRONMENTS);
for (const env of ENVIRONMENTS) {
  new AwsServiceStack(app, `aws-${env.name}`, env);
}
for (const env of ENVIRONMENTS) {
  if (env.gcp) new GcpServiceStack(app, `gcp-${env.name}`, env);
}
// When the project's main.ts adds stacks, add their stock twin here, one file per stack class, and
// keep settings.ts in step with config/: the bench compares resource counts stack by stack.

app.synth();
fs.rmSync(BUILD_ROOT, { recursive: true, force: true });
