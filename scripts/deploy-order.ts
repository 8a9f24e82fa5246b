/**
 * The deploy workflow's order, from config/: one entry per environment, each after the one it is
 * promoted from, with the stacks to deploy (`aws-<env>`, one per additional region, `gcp-<env>`).
 * `.github/workflows/deploy.yml` reads it as its matrix, so an environment added as config/<env>.ts
 * is deployed without editing the workflow.
 *
 * Usage: npm run --silent deploy-order  ->  [{"environment":"dev","promotedFrom":null,"stacks":"aws-dev gcp-dev"}, ...]
 */
import { ENVIRONMENTS, loadConfig } from "../config/load";
import { awsRegionalStacks } from "../stacks/regions";

export interface DeployStage {
  readonly environment: string;
  /** The environment deployed before it (`promotedFrom`), or null for one deployed first. */
  readonly promotedFrom: string | null;
  /** The stack ids `cdktf deploy` takes, separated by spaces. */
  readonly stacks: string;
}

export function deployOrder(): DeployStage[] {
  return ENVIRONMENTS.map((environment) => {
    const config = loadConfig(environment);
    const stacks = [...awsRegionalStacks(config).map((r) => r.stackId), ...(config.gcp ? [`gcp-${environment}`] : [])];
    return { environment, promotedFrom: config.promotedFrom ?? null, stacks: stacks.join(" ") };
  });
}

if (require.main === module) process.stdout.write(`${JSON.stringify(deployOrder())}\n`);
