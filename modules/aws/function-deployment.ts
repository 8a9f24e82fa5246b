import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { boundedName } from "../core/naming";
import { booleanValue, integerBetween, oneOf } from "../core/rules";
import { custom, object, optional, required, type Refinement, type TypeOf } from "../core/schema";
import { stackContext } from "../core/stack-context";
import { stackEnvironment } from "../core/stack-environment";
import { receivedInstead } from "../core/validation";
import { LAMBDA_ROLLOUT_KIND, ROLLOUT_MAX_MINUTES, type LambdaRolloutOutput } from "../core/rollout-outputs";
import { ExecutionRole } from "./execution-role";

export const DEPLOYMENT_STRATEGIES = ["canary", "linear", "all-at-once"] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** What a strategy does when `percent` and `intervalMinutes` are not given. */
export const STRATEGY_DEFAULTS = {
  canary: { percent: 10, intervalMinutes: 5 },
  linear: { percent: 10, intervalMinutes: 1 },
} as const;

export { ROLLOUT_MAX_MINUTES };

/** CodeDeploy's most alarms per deployment group. */
export const MAX_ROLLBACK_ALARMS = 10;

/** The predefined Lambda deployment configurations of CodeDeploy, by strategy, percent and interval. */
const PREDEFINED: Readonly<Record<string, string>> = {
  "canary-10-5": "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  "canary-10-10": "CodeDeployDefault.LambdaCanary10Percent10Minutes",
  "canary-10-15": "CodeDeployDefault.LambdaCanary10Percent15Minutes",
  "canary-10-30": "CodeDeployDefault.LambdaCanary10Percent30Minutes",
  "linear-10-1": "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
  "linear-10-2": "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
  "linear-10-3": "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
  "linear-10-10": "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
};
const ALL_AT_ONCE = "CodeDeployDefault.LambdaAllAtOnce";

/** The function a lifecycle hook invokes: a `ServerlessFunction` (its role gets the one action a hook needs). */
export interface DeploymentHookFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly role: ExecutionRole;
}

const HOOK = custom<DeploymentHookFunction>("a ServerlessFunction", (c, prop, hook) => {
  const fn = hook as Partial<DeploymentHookFunction> | null;
  if (fn === null || typeof fn !== "object" || typeof fn.functionArn !== "string" || !(fn.role instanceof ExecutionRole)) c.v.fail(prop, "a ServerlessFunction", receivedInstead(hook));
});

const HOOKS = object({
  /** Runs before any traffic reaches the new version (e.g. a smoke test of it); a failure stops the rollout. @default none */
  beforeAllowTraffic: optional(HOOK),
  /** Runs once all traffic is on the new version; a failure rolls it back. @default none */
  afterAllowTraffic: optional(HOOK),
});

/** CodeDeploy lifecycle hooks: functions that report `Succeeded` or `Failed` for the deployment. */
export interface DeploymentHooks extends TypeOf<typeof HOOKS> {}

/** How traffic moves: the fields a deployment and config's `aws.functions.deployment` share. */
export const DEPLOYMENT_STRATEGY_FIELDS = {
  /**
   * How the `live` alias moves to a new version: `canary` (`percent` of the traffic, then the rest
   * after `intervalMinutes`), `linear` (`percent` more every `intervalMinutes`) or `all-at-once`.
   */
  strategy: required(oneOf(DEPLOYMENT_STRATEGIES)),
  /** Percent of the traffic the first step (canary) or each step (linear) moves, 1 to 99. @default 10 */
  percent: optional(integerBetween(1, 99, "percent")),
  /** Minutes before the rest (canary), or between steps (linear). @default 5 (canary), 1 (linear) */
  intervalMinutes: optional(integerBetween(1, ROLLOUT_MAX_MINUTES, "minutes")),
  /** Roll back when one of the function's errors, throttles or duration alarms goes off during the rollout. @default true */
  rollbackOnAlarms: optional(booleanValue),
};

/** The rules across a strategy's fields: no steps for all at once; a rollout that fits in the deploy job. */
export function refineStrategy(deployment: { strategy?: unknown; percent?: unknown; intervalMinutes?: unknown }, r: Refinement): void {
  if (deployment.strategy === "all-at-once") {
    for (const key of ["percent", "intervalMinutes"] as const) {
      if (deployment[key] !== undefined) r.fail(key, 'unset for the "all-at-once" strategy (it moves all traffic in one step)', deployment[key]);
    }
    return;
  }
  if (deployment.strategy !== "canary" && deployment.strategy !== "linear") return;
  const minutes = rolloutMinutes(deployment as DeploymentProps);
  if (minutes > ROLLOUT_MAX_MINUTES) {
    r.fail(
      "intervalMinutes",
      `a rollout of at most ${ROLLOUT_MAX_MINUTES} minutes in all (the deploy workflow waits for it in one GitHub job)`,
      `${deployment.intervalMinutes} minutes per step, ${minutes} minutes in all`,
    );
  }
}

const DEPLOYMENT = object(
  {
    ...DEPLOYMENT_STRATEGY_FIELDS,
    /** Functions CodeDeploy invokes before and after moving the traffic. @default none */
    hooks: optional(HOOKS.named<DeploymentHooks>()),
  },
  {
    expected: '{ strategy: "canary" | "linear" | "all-at-once", percent?, intervalMinutes?, rollbackOnAlarms?, hooks? }',
    refine: refineStrategy,
  },
);

/** How a new version of the function reaches its `live` alias: through CodeDeploy, after apply. */
export interface DeploymentProps extends TypeOf<typeof DEPLOYMENT> {}
export const DEPLOYMENT_SCHEMA = DEPLOYMENT.named<DeploymentProps>();

/** The whole duration of a rollout, in minutes. */
export function rolloutMinutes(deployment: DeploymentProps): number {
  if (deployment.strategy === "all-at-once") return 0;
  const { percent, intervalMinutes } = { ...STRATEGY_DEFAULTS[deployment.strategy], ...definedOnly(deployment) };
  return deployment.strategy === "canary" ? intervalMinutes : intervalMinutes * (Math.ceil(100 / percent) - 1);
}

function definedOnly(d: DeploymentProps): { percent?: number; intervalMinutes?: number } {
  return { ...(d.percent !== undefined && { percent: d.percent }), ...(d.intervalMinutes !== undefined && { intervalMinutes: d.intervalMinutes }) };
}

export interface FunctionDeploymentProps {
  readonly functionName: string;
  readonly function: LambdaFunction;
  readonly alias: LambdaAlias;
  readonly deployment: DeploymentProps;
  /** The alarms that stop and roll back a rollout (none when `rollbackOnAlarms` is false). */
  readonly rollbackAlarms: readonly CloudwatchMetricAlarm[];
  /** The alias carries provisioned concurrency: CodeDeploy reads it to wait for the new version's. */
  readonly provisionedConcurrency: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * What shifts a function's `live` alias from its current version to the one apply published: a
 * CodeDeploy application and deployment group (the function's name, group `live`), the deployment
 * configuration of the strategy (a predefined one, or the function's own where the percent and
 * interval are not one of CodeDeploy's), a service role trusted by `codedeploy.amazonaws.com` only that
 * may move this one alias, read its alarms and invoke its hooks, and the output `npm run rollout`
 * reads. Terraform creates all of it and never moves the alias itself.
 */
export class FunctionDeployment extends Construct {
  public readonly application: CodedeployApp;
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  public readonly deploymentConfigName: string;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FunctionDeploymentProps) {
    super(scope, id);
    const { deployment, functionName, tags } = props;
    this.deploymentConfigName = this.deploymentConfig(functionName, deployment);

    const aws = stackContext(this, "aws").aws;
    const trust = new DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          // Not `Code...`: the statements of `policyStatements` are `Code<n>`.
          sid: "AssumedByCodeDeploy",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["codedeploy.amazonaws.com"] }],
          // CodeDeploy sets the source account: another account's deployments cannot use this role.
          condition: aws?.accountId ? [{ test: "StringEquals", variable: "aws:SourceAccount", values: [aws.accountId] }] : undefined,
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: boundedName(functionName, "-deploy", 64),
      description: `CodeDeploy moves the live alias of Lambda function ${functionName} with this role`,
      assumeRolePolicy: trust.json,
      // Like the function's own role: where the environment has deployer identities, the boundary they create roles with.
      permissionsBoundary: stackEnvironment(this).deployer?.permissionsBoundaryArn,
      tags,
    });
    const hooks = [deployment.hooks?.beforeAllowTraffic, deployment.hooks?.afterAllowTraffic].filter((h): h is DeploymentHookFunction => h !== undefined);
    const policy = new DataAwsIamPolicyDocument(this, "PolicyDocument", { statement: deploymentStatements(props, hooks) });
    const rolePolicy = new IamRolePolicy(this, "Policy", { name: "deployment", role: this.role.id, policy: policy.json });
    for (const hook of hooks) allowHookStatus(hook);

    this.application = new CodedeployApp(this, "Application", { name: functionName, computePlatform: "Lambda", tags });
    const alarms = props.rollbackAlarms.map((a) => a.alarmName);
    this.deploymentGroup = new CodedeployDeploymentGroup(this, "Group", {
      appName: this.application.name,
      deploymentGroupName: props.alias.name,
      serviceRoleArn: this.role.arn,
      deploymentConfigName: this.deploymentConfigName,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      autoRollbackConfiguration: { enabled: true, events: alarms.length > 0 ? ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] : ["DEPLOYMENT_FAILURE"] },
      alarmConfiguration: alarms.length > 0 ? { enabled: true, alarms } : undefined,
      tags,
      // CodeDeploy checks at creation that it can assume the role with its permissions.
      dependsOn: [rolePolicy],
    });

    new TerraformOutput(this, "Rollout", {
      description: `What npm run rollout reads to move the live alias of ${functionName} to the version apply published`,
      value: {
        kind: LAMBDA_ROLLOUT_KIND,
        function_name: props.function.functionName,
        alias: props.alias.name,
        target_version: props.function.version,
        application: this.application.name,
        deployment_group: this.deploymentGroup.deploymentGroupName,
        deployment_config: this.deploymentConfigName,
        before_allow_traffic: deployment.hooks?.beforeAllowTraffic?.functionName ?? "",
        after_allow_traffic: deployment.hooks?.afterAllowTraffic?.functionName ?? "",
      } satisfies LambdaRolloutOutput,
    });
  }

  /** The predefined configuration that does what `deployment` says, else the function's own. */
  private deploymentConfig(functionName: string, deployment: DeploymentProps): string {
    if (deployment.strategy === "all-at-once") return ALL_AT_ONCE;
    const { percent, intervalMinutes } = { ...STRATEGY_DEFAULTS[deployment.strategy], ...definedOnly(deployment) };
    const predefined = PREDEFINED[`${deployment.strategy}-${percent}-${intervalMinutes}`];
    if (predefined) return predefined;
    const steps = { interval: intervalMinutes, percentage: percent };
    const config = new CodedeployDeploymentConfig(this, "Config", {
      deploymentConfigName: boundedName(functionName, `-${deployment.strategy}-${percent}pct-${intervalMinutes}min`, 100),
      computePlatform: "Lambda",
      trafficRoutingConfig:
        deployment.strategy === "canary" ? { type: "TimeBasedCanary", timeBasedCanary: steps } : { type: "TimeBasedLinear", timeBasedLinear: steps },
    });
    return config.deploymentConfigName;
  }
}

/** What the CodeDeploy role may do: move this one alias, read its provisioned concurrency and rollback alarms, invoke its hooks. */
function deploymentStatements(props: FunctionDeploymentProps, hooks: readonly DeploymentHookFunction[]): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    // Lambda authorizes alias calls on the function's ARN or the alias's: both name this alias of this function only.
    { sid: "ShiftLiveAlias", effect: "Allow", actions: ["lambda:GetAlias", "lambda:UpdateAlias"], resources: [props.function.arn, props.alias.arn] },
  ];
  if (props.provisionedConcurrency) {
    statements.push({ sid: "ReadProvisionedConcurrency", effect: "Allow", actions: ["lambda:GetProvisionedConcurrencyConfig"], resources: [props.alias.arn] });
  }
  if (props.rollbackAlarms.length > 0) {
    statements.push({ sid: "ReadRollbackAlarms", effect: "Allow", actions: ["cloudwatch:DescribeAlarms"], resources: props.rollbackAlarms.map((a) => a.arn) });
  }
  if (hooks.length > 0) {
    statements.push({ sid: "InvokeLifecycleHooks", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [...new Set(hooks.map((h) => h.functionArn))] });
  }
  return statements;
}

const HOOK_STATUS_SID = "ReportCodeDeployHookStatus";

/** A hook reports its result to CodeDeploy, an action AWS cannot scope to a resource (hence `*`). Once per hook function. */
function allowHookStatus(hook: DeploymentHookFunction): void {
  if (hook.role.statements.some((s) => s.sid === HOOK_STATUS_SID)) return;
  hook.role.addStatements([{ sid: HOOK_STATUS_SID, effect: "Allow", actions: ["codedeploy:PutLifecycleEventHookExecutionStatus"], resources: ["*"] }]);
}
