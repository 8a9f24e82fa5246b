import type { TerraformStack } from "cdktf";

/**
 * What a GitHub Actions job of an environment must be told to use its deployer identities, kept on
 * the identity stack that creates them (under a registered symbol, like the deploy marks): the
 * deploy order hands them to the workflows, so no role ARN or service account is a hand-made variable.
 */
const FACTS = Symbol.for("cdktf-serverless/deployer-facts");

/** One cloud's identities for GitHub Actions jobs of one environment. */
export type DeployerFacts =
  | { readonly cloud: "aws"; readonly environment: string; readonly region: string; readonly planRoleArn: string; readonly applyRoleArn: string }
  | { readonly cloud: "gcp"; readonly environment: string; readonly workloadIdentityProvider: string; readonly planServiceAccount: string; readonly applyServiceAccount: string };

type Marked = TerraformStack & { [FACTS]?: DeployerFacts };

/** Records that `stack` creates these identities. */
export function registerDeployerFacts(stack: TerraformStack, facts: DeployerFacts): void {
  (stack as Marked)[FACTS] = facts;
}

/** The identities a stack creates for GitHub Actions jobs, if it creates any. */
export function deployerFactsOf(stack: TerraformStack): DeployerFacts | undefined {
  return (stack as Marked)[FACTS];
}
