import { App, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { ENVIRONMENTS, loadConfig } from "../config/load";
import { stackDeployment } from "./deploy-environment";
import { deployerFactsOf } from "./deployer-facts";
import { HCP_TERRAFORM_HOST } from "../modules/core/deployer-subjects";

/** One environment's turn in the deploy workflow: one job of `.github/workflows/deploy.yml`'s matrix. */
export interface DeployStage {
  readonly environment: string;
  /** The environment deployed before it (`promotedFrom`), or null for one deployed first. */
  readonly promotedFrom: string | null;
  /** The stack ids `cdktf deploy` takes, separated by spaces, each after the stacks it depends on. */
  readonly stacks: string;
  /**
   * What the environment's GitHub jobs assume, from its deployer identity stacks (`""` where the app
   * creates none: GitHub Actions does not run that environment's Terraform, or it has no GCP side).
   */
  readonly awsRegion: string;
  /** The apply role of the deploy job (GitHub environment `<env>`). */
  readonly awsRoleArn: string;
  /** The read-only plan role of the pull-request plan job (GitHub environment `<env>-plan`). */
  readonly awsPlanRoleArn: string;
  /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/github` */
  readonly gcpWorkloadIdentityProvider: string;
  readonly gcpServiceAccount: string;
  readonly gcpPlanServiceAccount: string;
  /**
   * The environment's deployer identity stacks (applied by an administrator, `deployManually`): the
   * deploy job plans them first and refuses to deploy while they have changes. Separated by spaces.
   */
  readonly identityStacks: string;
  /** The HCP Terraform host the environment's stacks run on (`backend: "cloud"`), whose token the jobs need; `""` otherwise. */
  readonly hcpHost: string;
}

/** Every key of a stage: what a workflow may read from the matrix (`matrix.<key>`). */
export const DEPLOY_STAGE_KEYS = [
  "environment",
  "promotedFrom",
  "stacks",
  "awsRegion",
  "awsRoleArn",
  "awsPlanRoleArn",
  "gcpWorkloadIdentityProvider",
  "gcpServiceAccount",
  "gcpPlanServiceAccount",
  "identityStacks",
  "hcpHost",
] as const satisfies readonly (keyof DeployStage)[];
/** Compiles only when every key of DeployStage is listed above. */
export type DeployStageKeysComplete = AllListed<Exclude<keyof DeployStage, (typeof DEPLOY_STAGE_KEYS)[number]>>;
type AllListed<Missing extends never> = Missing;

/** A stack the workflow leaves out (`deployManually`), with the reason it gives. */
export interface ManualStack {
  readonly stack: string;
  readonly reason: string;
}

export interface DeployOrder {
  /** The environments that have stacks, in promotion order. */
  readonly stages: readonly DeployStage[];
  readonly manual: readonly ManualStack[];
}

/** An app whose stacks cannot all be placed in the deploy order; the message lists every problem. */
export class DeployOrderError extends Error {
  public override readonly name = "DeployOrderError";
  constructor(public readonly problems: readonly string[]) {
    super(`The deploy order cannot be built (every stack of the app is deployed, with its environment):\n  - ${problems.join("\n  - ")}`);
  }
}

/**
 * The deploy order of every stack of an app: grouped by environment, the environments in promotion
 * order (config/: each after the one it is `promotedFrom`), each group's stacks after the stacks
 * they depend on (cdktf cross-stack references and `addDependency`), else in the order the app
 * creates them. A stack's environment comes from `stackDeployment` (stacks/deploy-environment.ts);
 * stacks left to a person (`deployManually`) are listed apart. A stack depending on one deployed
 * later, or whose environment is not one of config/'s, is refused (DeployOrderError, every problem).
 *
 * `prepare` resolves cross-stack references first, as synth does (they become dependencies then);
 * pass false when the app has already been prepared (at synth).
 */
export function deployOrder(app: IConstruct, options: { readonly prepare?: boolean } = {}): DeployOrder {
  return deployOrderOf(
    app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c)),
    options,
  );
}

/** The deploy order of these stacks (a stack that needs the order of the stacks it was created after keeps them). */
export function deployOrderOf(stacks: readonly TerraformStack[], options: { readonly prepare?: boolean } = {}): DeployOrder {
  if (options.prepare !== false) for (const stack of stacks) stack.prepareStack();
  const problems: string[] = [];
  const rank = (environment: string) => ENVIRONMENTS.indexOf(environment);
  const environmentOf = new Map<TerraformStack, string>();
  const manual: ManualStack[] = [];

  for (const stack of stacks) {
    // cdktf refuses ids with whitespace or glob characters, so the workflow's space-separated list stays exact.
    const id = stack.node.id;
    const deployment = stackDeployment(stack);
    if (deployment.kind === "manual") manual.push({ stack: id, reason: deployment.reason });
    else if (deployment.kind === "environment" && rank(deployment.environment) >= 0) environmentOf.set(stack, deployment.environment);
    else {
      const said = deployment.kind === "environment" ? `its environment ${JSON.stringify(deployment.environment)} (from ${deployment.declaredBy}) is not` : `its environment cannot be known (${deployment.declaredBy}); it must be`;
      problems.push(
        `[${stack.node.path}] ${said} one of the environments of config/ (${ENVIRONMENTS.join(", ")}). ` +
          `Build the stack on ServiceStack with that environment's config, apply its rule pack with one of them (applyRulePack(this, { environment })), ` +
          `or leave it out of the deploy workflow with deployManually(this, "<why, and how it is deployed>") from stacks/deploy-environment.ts`,
      );
    }
  }

  for (const [stack, environment] of environmentOf) {
    for (const dependency of stack.dependencies) {
      const theirs = environmentOf.get(dependency as TerraformStack) ?? deployedEnvironment(dependency as TerraformStack);
      if (theirs === undefined || rank(theirs) <= rank(environment)) continue;
      problems.push(
        `[${stack.node.path}] depends on ${dependency.node.path}, which deploys later (environment ${theirs} comes after ${environment} in the promotion order ${ENVIRONMENTS.join(" -> ")}): ` +
          `move the shared resources to a stack of an environment deployed first, or to a stack deployed by hand`,
      );
    }
  }

  const stages: DeployStage[] = [];
  for (const environment of ENVIRONMENTS) {
    const group = [...environmentOf].filter(([, e]) => e === environment).map(([s]) => s);
    if (group.length === 0) continue;
    const ordered = afterDependencies(group, problems);
    const identities = stacks.filter((s) => deployerFactsOf(s)?.environment === environment);
    const facts = identities.map((s) => deployerFactsOf(s)!);
    const aws = facts.find((f) => f.cloud === "aws");
    const gcp = facts.find((f) => f.cloud === "gcp");
    const config = loadConfig(environment);
    stages.push({
      environment,
      promotedFrom: config.promotedFrom ?? null,
      stacks: ordered.map((s) => s.node.id).join(" "),
      awsRegion: aws?.cloud === "aws" ? aws.region : "",
      awsRoleArn: aws?.cloud === "aws" ? aws.applyRoleArn : "",
      awsPlanRoleArn: aws?.cloud === "aws" ? aws.planRoleArn : "",
      gcpWorkloadIdentityProvider: gcp?.cloud === "gcp" ? gcp.workloadIdentityProvider : "",
      gcpServiceAccount: gcp?.cloud === "gcp" ? gcp.applyServiceAccount : "",
      gcpPlanServiceAccount: gcp?.cloud === "gcp" ? gcp.planServiceAccount : "",
      identityStacks: identities.map((s) => s.node.id).join(" "),
      hcpHost: config.backend === "cloud" ? (config.cloud?.hostname ?? HCP_TERRAFORM_HOST) : "",
    });
  }
  if (problems.length > 0) throw new DeployOrderError(problems);
  return { stages, manual };
}

/** The environment a stack outside the app's tree (a partial synth keeps only some) deploys with, if one of config/'s. */
function deployedEnvironment(stack: TerraformStack): string | undefined {
  const deployment = stackDeployment(stack);
  return deployment.kind === "environment" && ENVIRONMENTS.includes(deployment.environment) ? deployment.environment : undefined;
}

/** The stacks of one environment, each after those of them it depends on; otherwise in app order. */
function afterDependencies(group: readonly TerraformStack[], problems: string[]): TerraformStack[] {
  const placed: TerraformStack[] = [];
  let remaining = [...group];
  while (remaining.length > 0) {
    const ready = remaining.find((s) => s.dependencies.every((d) => !remaining.includes(d as TerraformStack)));
    if (!ready) {
      problems.push(`stacks ${remaining.map((s) => s.node.path).join(", ")} depend on each other: no order deploys each after the stacks it needs`);
      return [...placed, ...remaining];
    }
    placed.push(ready);
    remaining = remaining.filter((s) => s !== ready);
  }
  return placed;
}

const checked = new WeakSet<IConstruct>();

/**
 * Registers, once per app, the synth-time check that every stack of the app has a place in the
 * deploy order (an environment of config/, or `deployManually`): synth fails otherwise, naming each
 * stack, before the output is published. ServiceStack and the state bootstrap register it.
 */
export function checkDeployOrder(scope: IConstruct): void {
  const app = scope.node.root;
  if (checked.has(app) || !App.isApp(app)) return;
  checked.add(app);
  app.node.addValidation({
    validate: () => {
      try {
        deployOrder(app, { prepare: false });
        return [];
      } catch (error) {
        if (error instanceof DeployOrderError) return error.problems.map((p) => `[deploy-order] ${p}`);
        throw error;
      }
    },
  });
}
