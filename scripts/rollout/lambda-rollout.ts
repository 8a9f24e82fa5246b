import { createHash } from "node:crypto";
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand, StopDeploymentCommand, type DeploymentInfo } from "@aws-sdk/client-codedeploy";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { LambdaRolloutOutput } from "../../modules/core/rollout-outputs";
import type { RolloutOutcome } from "./outcome";
import { sleep, type Reporter } from "./report";

/** The clients a Lambda rollout talks to, in the stack's region. */
export interface LambdaRolloutClients {
  readonly lambda: LambdaClient;
  readonly codedeploy: CodeDeployClient;
}

export interface PollOptions {
  /** Between two looks at a deployment. */
  readonly pollMs: number;
  /** How long a deployment may take before it is stopped (and rolled back). */
  readonly timeoutMs: number;
}

const DONE = new Set(["Succeeded", "Failed", "Stopped"]);

/**
 * The AppSpec of a Lambda deployment: move `alias` of `function` from `current` to `target`, invoking
 * the hooks (by function name) before and after traffic moves. CodeDeploy reads JSON as well as YAML.
 */
export function appSpec(t: LambdaRolloutOutput, current: string): string {
  const hooks = [
    ...(t.before_allow_traffic ? [{ BeforeAllowTraffic: t.before_allow_traffic }] : []),
    ...(t.after_allow_traffic ? [{ AfterAllowTraffic: t.after_allow_traffic }] : []),
  ];
  const spec = {
    version: 0.0,
    Resources: [
      {
        [resourceName(t.function_name)]: {
          Type: "AWS::Lambda::Function",
          Properties: { Name: t.function_name, Alias: t.alias, CurrentVersion: current, TargetVersion: t.target_version },
        },
      },
    ],
    ...(hooks.length > 0 ? { Hooks: hooks } : {}),
  };
  return JSON.stringify(spec);
}

/** AppSpec resource names are letters and digits. */
function resourceName(functionName: string): string {
  return functionName.replace(/[^A-Za-z0-9]/g, "") || "Function";
}

/**
 * Moves a function's `live` alias from the version it serves to the one apply published, through a
 * CodeDeploy deployment of its group, and follows it to the end: the alias's weights as they move,
 * then success, or the failure and CodeDeploy's rollback (followed too, so that when this returns
 * the alias serves the version it ends on). Nothing is deployed when the alias already serves the
 * published version.
 */
export async function rolloutLambda(t: LambdaRolloutOutput, clients: LambdaRolloutClients, report: Reporter, options: PollOptions): Promise<RolloutOutcome> {
  const alias = await clients.lambda.send(new GetAliasCommand({ FunctionName: t.function_name, Name: t.alias }));
  const current = alias.FunctionVersion ?? "";
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  if (Object.keys(weights).length > 0) {
    // CodeDeploy sets weights while it moves the alias and clears them at the end, success or rollback.
    const detail = `${t.alias} splits the traffic (version ${current}${describeWeights(weights)}): a deployment of ${t.application}/${t.deployment_group} is in progress or was interrupted; let it end (or stop it in CodeDeploy), then run the rollout again`;
    report.problem(detail);
    return { status: "failed", detail };
  }
  if (current === t.target_version) {
    const detail = `nothing to shift: ${t.alias} already serves version ${current}, the one apply published`;
    report.info(detail);
    return { status: "unchanged", detail };
  }
  const content = appSpec(t, current);
  report.info(`${t.alias}: version ${current} -> ${t.target_version} with ${t.deployment_config} (CodeDeploy ${t.application}/${t.deployment_group})`);
  const created = await clients.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: t.application,
      deploymentGroupName: t.deployment_group,
      description: `npm run rollout: ${t.function_name} ${t.alias} ${current} -> ${t.target_version}`,
      revision: { revisionType: "AppSpecContent", appSpecContent: { content, sha256: createHash("sha256").update(content).digest("hex") } },
    }),
  );
  const id = created.deploymentId!;
  report.info(`deployment ${id} created`);
  const info = await follow(id, t, clients, report, options);
  if (info.status === "Succeeded") {
    const detail = `${t.alias} serves version ${t.target_version} (deployment ${id} succeeded)`;
    report.info(detail);
    return { status: "shifted", detail };
  }
  const why = info.errorInformation ? `${info.errorInformation.code}: ${info.errorInformation.message}` : `status ${info.status}`;
  report.problem(`deployment ${id} ${info.status?.toLowerCase()}: ${why}`);
  const rollback = info.rollbackInfo?.rollbackDeploymentId;
  if (rollback) {
    report.problem(`CodeDeploy rolls back with deployment ${rollback}${info.rollbackInfo?.rollbackMessage ? ` (${info.rollbackInfo.rollbackMessage})` : ""}`);
    const back = await follow(rollback, t, clients, report, options);
    const after = await clients.lambda.send(new GetAliasCommand({ FunctionName: t.function_name, Name: t.alias }));
    const serving = after.FunctionVersion ?? "?";
    const detail = `rolled back: ${t.alias} serves version ${serving} (rollback ${rollback} ${back.status?.toLowerCase()}); version ${t.target_version} stays published, unserved`;
    report.problem(detail);
    return { status: back.status === "Succeeded" ? "rolled-back" : "failed", detail };
  }
  const after = await clients.lambda.send(new GetAliasCommand({ FunctionName: t.function_name, Name: t.alias }));
  const detail = `${t.alias} serves version ${after.FunctionVersion ?? "?"}${describeWeights(after.RoutingConfig?.AdditionalVersionWeights)} after deployment ${id} ${info.status?.toLowerCase()}`;
  report.problem(detail);
  return { status: "failed", detail };
}

/**
 * Follows a deployment to its end, telling each new status and each new weight of the target
 * version on the alias. Past `timeoutMs` it is stopped with CodeDeploy's rollback, and followed to
 * its end still.
 */
async function follow(id: string, t: LambdaRolloutOutput, clients: LambdaRolloutClients, report: Reporter, options: PollOptions): Promise<DeploymentInfo> {
  const started = Date.now();
  let status: string | undefined;
  let shown: string | undefined;
  let stopped = false;
  for (;;) {
    const { deploymentInfo } = await clients.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }));
    const info = deploymentInfo ?? {};
    if (info.status !== status) {
      status = info.status;
      report.info(`deployment ${id}: ${status}`);
    }
    if (status !== undefined && DONE.has(status)) return info;
    if (status === "InProgress") {
      const alias = await clients.lambda.send(new GetAliasCommand({ FunctionName: t.function_name, Name: t.alias }));
      const now = `version ${alias.FunctionVersion}${describeWeights(alias.RoutingConfig?.AdditionalVersionWeights)}`;
      if (now !== shown) {
        shown = now;
        report.info(`${t.alias}: ${now}`);
      }
    }
    if (!stopped && Date.now() - started > options.timeoutMs) {
      stopped = true;
      report.problem(`deployment ${id} still ${status} after ${Math.round(options.timeoutMs / 60000)} min: stopping it, with rollback`);
      await clients.codedeploy.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
    }
    await sleep(options.pollMs);
  }
}

/** `, 10% on version 7` for an alias whose routing sends part of the traffic to another version. */
function describeWeights(weights: Record<string, number> | undefined): string {
  const entries = Object.entries(weights ?? {});
  return entries.map(([version, weight]) => `, ${Math.round(weight * 1000) / 10}% on version ${version}`).join("");
}
