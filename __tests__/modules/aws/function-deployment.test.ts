import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ServerlessFunction, type ServerlessFunctionProps } from "../../../modules/aws";
import { CODE_DIR, developmentStack, newStack, only, resources, synth, validationError, type Json } from "./support";

const BASE: ServerlessFunctionProps = { functionName: "svc-prod-orders", codeDirectory: CODE_DIR };

/** A function in a development stack (nothing watched by default), with the props given. */
function build(props: Partial<ServerlessFunctionProps>, stack = developmentStack()) {
  const fn = new ServerlessFunction(stack, "Fn", { ...BASE, ...props } as ServerlessFunctionProps);
  return { stack, fn, json: synth(stack) };
}

function refused(props: Partial<ServerlessFunctionProps>): { prop: string; rule: string; received: unknown }[] {
  return validationError(() => new ServerlessFunction(developmentStack(), "Fn", { ...BASE, ...props } as ServerlessFunctionProps)).problems.map((p) => ({
    prop: p.prop,
    rule: p.rule,
    received: p.received,
  }));
}

/** The statements of the data policy document whose id starts with `idPart`. */
function statements(json: Json, idPart: string): Json[] {
  const docs = json.data.aws_iam_policy_document as Record<string, Json>;
  const key = Object.keys(docs).find((k) => k.startsWith(idPart));
  if (key === undefined) throw new Error(`no policy document ${idPart}: ${Object.keys(docs).join(", ")}`);
  return docs[key].statement;
}

describe("ServerlessFunction deployment: the CodeDeploy configuration of each strategy", () => {
  test.each([
    [{ strategy: "canary" }, "CodeDeployDefault.LambdaCanary10Percent5Minutes"],
    [{ strategy: "canary", intervalMinutes: 30 }, "CodeDeployDefault.LambdaCanary10Percent30Minutes"],
    [{ strategy: "linear" }, "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"],
    [{ strategy: "linear", percent: 10, intervalMinutes: 10 }, "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes"],
    [{ strategy: "all-at-once" }, "CodeDeployDefault.LambdaAllAtOnce"],
  ] as const)("%j uses CodeDeploy's own %s, and creates no configuration", (deployment, name) => {
    const { json } = build({ deployment });
    expect(only(json, "aws_codedeploy_deployment_group").deployment_config_name).toBe(name);
    expect(resources(json, "aws_codedeploy_deployment_config")).toEqual({});
  });

  test.each([
    [{ strategy: "canary", percent: 20, intervalMinutes: 10 }, "svc-prod-orders-canary-20pct-10min", { type: "TimeBasedCanary", time_based_canary: { interval: 10, percentage: 20 } }],
    [{ strategy: "linear", percent: 25, intervalMinutes: 2 }, "svc-prod-orders-linear-25pct-2min", { type: "TimeBasedLinear", time_based_linear: { interval: 2, percentage: 25 } }],
  ] as const)("%j, which CodeDeploy has no configuration for, gets the function's own", (deployment, name, routing) => {
    const { json } = build({ deployment });
    const config = only(json, "aws_codedeploy_deployment_config");
    expect(config).toMatchObject({ deployment_config_name: name, compute_platform: "Lambda", traffic_routing_config: routing });
    expect(only(json, "aws_codedeploy_deployment_group").deployment_config_name).toMatch(/^\$\{aws_codedeploy_deployment_config\.[A-Za-z0-9_]+\.deployment_config_name\}$/);
  });

  test("a published version behind the live alias, which apply never moves; the group deploys it blue/green and rolls back on the function's alarms", () => {
    const { json } = build({ deployment: { strategy: "canary" } });
    expect(only(json, "aws_lambda_function").publish).toBe(true);
    const alias = only(json, "aws_lambda_alias");
    expect(alias).toMatchObject({ name: "live", function_version: expect.stringMatching(/\.version\}$/), lifecycle: { ignore_changes: ["function_version", "routing_config"] } });
    const group = only(json, "aws_codedeploy_deployment_group");
    expect(group.deployment_style).toEqual({ deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" });
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
    // Errors, throttles and duration: on for a rollout even where the environment watches nothing by default.
    const alarmId = (name: string) => Object.entries<Json>(resources(json, "aws_cloudwatch_metric_alarm")).find(([, a]) => a.alarm_name === name)![0];
    expect(Object.keys(resources(json, "aws_cloudwatch_metric_alarm"))).toHaveLength(3);
    expect(group.alarm_configuration).toEqual({
      enabled: true,
      alarms: ["errors", "throttles", "duration"].map((n) => `\${aws_cloudwatch_metric_alarm.${alarmId(`svc-prod-orders-${n}`)}.alarm_name}`),
    });
  });

  test("rollbackOnAlarms: false: no alarm in the group, rollback on failure only, and the role reads no alarm", () => {
    const { json } = build({ deployment: { strategy: "linear", rollbackOnAlarms: false } });
    const group = only(json, "aws_codedeploy_deployment_group");
    expect(group.alarm_configuration).toBeUndefined();
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE"] });
    expect(statements(json, "Fn_Deployment_PolicyDocument").map((s: Json) => s.sid)).toEqual(["ShiftLiveAlias"]);
  });
});

describe("ServerlessFunction deployment: the CodeDeploy role, least privilege", () => {
  test("trusted by codedeploy.amazonaws.com of the provider's one account; moves this alias, reads its rollback alarms and provisioned concurrency, invokes its hooks", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["111122223333"] });
    const hook = new ServerlessFunction(stack, "Hook", { functionName: "svc-prod-orders-smoke", codeDirectory: CODE_DIR, alarms: { enabled: false, reason: "the hook reports its own result to CodeDeploy" } });
    const { json } = build({ deployment: { strategy: "canary", hooks: { beforeAllowTraffic: hook } }, provisionedConcurrency: 2 }, stack);

    expect(statements(json, "Fn_Deployment_TrustPolicy")).toEqual([
      {
        sid: "AssumedByCodeDeploy",
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["codedeploy.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] }],
      },
    ]);
    const fn = Object.keys(resources(json, "aws_lambda_function")).find((k) => k.startsWith("Fn_"))!;
    const hookFn = Object.keys(resources(json, "aws_lambda_function")).find((k) => k.startsWith("Hook_"))!;
    const alias = Object.keys(resources(json, "aws_lambda_alias")).find((k) => k.startsWith("Fn_"))!;
    const alarmId = (name: string) => Object.entries<Json>(resources(json, "aws_cloudwatch_metric_alarm")).find(([, a]) => a.alarm_name === name)![0];
    const alarms = ["errors", "throttles", "duration"].map((n) => `\${aws_cloudwatch_metric_alarm.${alarmId(`svc-prod-orders-${n}`)}.arn}`);
    expect(statements(json, "Fn_Deployment_PolicyDocument")).toEqual([
      { sid: "ShiftLiveAlias", effect: "Allow", actions: ["lambda:GetAlias", "lambda:UpdateAlias"], resources: [`\${aws_lambda_function.${fn}.arn}`, `\${aws_lambda_alias.${alias}.arn}`] },
      { sid: "ReadProvisionedConcurrency", effect: "Allow", actions: ["lambda:GetProvisionedConcurrencyConfig"], resources: [`\${aws_lambda_alias.${alias}.arn}`] },
      { sid: "ReadRollbackAlarms", effect: "Allow", actions: ["cloudwatch:DescribeAlarms"], resources: alarms },
      { sid: "InvokeLifecycleHooks", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [`\${aws_lambda_function.${hookFn}.arn}`] },
    ]);
    expect(alarms).toHaveLength(3);
    // The hook reports its result: the one action, which AWS cannot scope to a deployment.
    expect(statements(json, "Hook_ExecutionRole_PolicyDocument")).toContainEqual({ sid: "ReportCodeDeployHookStatus", effect: "Allow", actions: ["codedeploy:PutLifecycleEventHookExecutionStatus"], resources: ["*"] });
    // No managed policy anywhere.
    expect(resources(json, "aws_iam_role_policy_attachment")).toEqual({});
    // The rollout reads what it needs from the output.
    const output = Object.entries<Json>(json.output).find(([k]) => k.startsWith("Fn_Deployment_Rollout"))![1].value;
    expect(output).toMatchObject({ kind: "aws-lambda-codedeploy", before_allow_traffic: `\${aws_lambda_function.${hookFn}.function_name}`, after_allow_traffic: "", deployment_config: "CodeDeployDefault.LambdaCanary10Percent5Minutes" });
  });
});

describe("ServerlessFunction deployment and delivery props: refusals, one rule each, with their safe twins", () => {
  test.each([
    ["a strategy CodeDeploy has no name for", { deployment: { strategy: "blue-green" } }, "deployment.strategy", /^one of "canary", "linear", "all-at-once"/, "blue-green"],
    ["steps for all at once", { deployment: { strategy: "all-at-once", percent: 10 } }, "deployment.percent", 'unset for the "all-at-once" strategy (it moves all traffic in one step)', 10],
    ["a percent of 100", { deployment: { strategy: "canary", percent: 100 } }, "deployment.percent", "an integer from 1 to 99 percent", 100],
    ["a rollout longer than the deploy job", { deployment: { strategy: "linear", percent: 1, intervalMinutes: 10 } }, "deployment.intervalMinutes", /^a rollout of at most 360 minutes in all/, "10 minutes per step, 990 minutes in all"],
    ["a hook that is not a function", { deployment: { strategy: "canary", hooks: { beforeAllowTraffic: "svc-prod-smoke" } } }, "deployment.hooks.beforeAllowTraffic", "a ServerlessFunction", "svc-prod-smoke"],
    ["rollback on alarms with the alarms off", { deployment: { strategy: "canary" }, alarms: { enabled: false } }, "alarms.enabled", /^true \(or unset\) while deployment.rollbackOnAlarms is true by default/, false],
    [
      "rollback on alarms with the three it watches off",
      { deployment: { strategy: "canary", rollbackOnAlarms: true }, alarms: { errors: false, throttles: false, duration: false } },
      "alarms",
      /^at least one of the errors, throttles or duration alarms while deployment.rollbackOnAlarms is true/,
      { errors: false, throttles: false, duration: false },
    ],
    ["auto scaling below its floor", { provisionedConcurrency: { min: 5, max: 2, targetUtilization: 0.7 } }, "provisionedConcurrency.max", "at least min (5)", 2],
    ["a utilization that is a percent", { provisionedConcurrency: { min: 1, max: 5, targetUtilization: 70 } }, "provisionedConcurrency.targetUtilization", /^a fraction of the provisioned concurrency in use/, 70],
    ["more provisioned than reserved", { reservedConcurrency: 3, provisionedConcurrency: { min: 1, max: 5, targetUtilization: 0.7 } }, "provisionedConcurrency.max", "at most reservedConcurrency (3)", 5],
  ] as const)("refused: %s", (_, props, prop, rule, received) => {
    const problems = refused(props as unknown as Partial<ServerlessFunctionProps>);
    expect(problems).toHaveLength(1);
    expect(problems[0].prop).toBe(prop);
    if (typeof rule === "string") expect(problems[0].rule).toBe(rule);
    else expect(problems[0].rule).toMatch(rule);
    expect(problems[0].received).toEqual(received);
  });

  test.each([
    ["all at once", { deployment: { strategy: "all-at-once" } }],
    ["a linear rollout of exactly 360 minutes", { deployment: { strategy: "linear", percent: 10, intervalMinutes: 40 } }],
    ["alarms off with no rollback on them", { deployment: { strategy: "canary", rollbackOnAlarms: false }, alarms: { enabled: false } }],
    ["one alarm a rollout watches", { deployment: { strategy: "canary" }, alarms: { errors: false, throttles: false } }],
    ["auto scaling within the reservation", { reservedConcurrency: 5, provisionedConcurrency: { min: 1, max: 5, targetUtilization: 0.7 } }],
  ] as const)("accepted: %s", (_, props) => {
    expect(() => build(props as unknown as Partial<ServerlessFunctionProps>)).not.toThrow();
  });
});

describe("provisionedConcurrency: { min, max, targetUtilization }", () => {
  test("target tracking on the live alias, from min to max; Terraform leaves the provisioned value to Application Auto Scaling", () => {
    const { json } = build({ provisionedConcurrency: { min: 2, max: 20, targetUtilization: 0.7 } });
    expect(only(json, "aws_appautoscaling_target")).toMatchObject({
      service_namespace: "lambda",
      scalable_dimension: "lambda:function:ProvisionedConcurrency",
      resource_id: "function:svc-prod-orders:live",
      min_capacity: 2,
      max_capacity: 20,
    });
    expect(only(json, "aws_appautoscaling_policy")).toMatchObject({
      policy_type: "TargetTrackingScaling",
      target_tracking_scaling_policy_configuration: { target_value: 0.7, predefined_metric_specification: { predefined_metric_type: "LambdaProvisionedConcurrencyUtilization" } },
    });
    expect(only(json, "aws_lambda_provisioned_concurrency_config")).toMatchObject({ qualifier: expect.stringMatching(/^\$\{aws_lambda_alias\.Fn_LiveAlias_[0-9A-F]{8}\.name\}$/), provisioned_concurrent_executions: 2, lifecycle: { ignore_changes: ["provisioned_concurrent_executions"] } });
    // Provisioned concurrency alone is not a rollout: apply moves the alias.
    expect(only(json, "aws_lambda_alias").lifecycle).toBeUndefined();
    expect(resources(json, "aws_codedeploy_deployment_group")).toEqual({});
  });
});
