// `npm run rollout -- <stack>`: after `cdktf deploy <stack>`, moves traffic to what apply published:
// each function's `live` alias to its new version through CodeDeploy (canary, linear or all at once,
// rolled back on its alarms), each Cloud Run service's traffic to its newest ready revision (its
// `rollout.percent`). Reads the synthesized stack (which functions and services) and the applied
// stack's outputs (`terraform output -json` in its folder, or --outputs <file>); prints the progress;
// exits 1 when one rolled back or failed, 2 on bad input. See docs/delivery.md.
//
//   npm run rollout -- aws-prod                      after cdktf deploy aws-prod
//   npm run rollout -- gcp-prod --promote            the canary revisions get all the traffic
//   npm run rollout -- gcp-prod --rollback           ... or none
import { main } from "./rollout/cli";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rollout: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
