import { Testing } from "cdktf";
import { SafeDeliveryStack } from "../../examples/safe-delivery/stack";
import { applyRulePack } from "../../modules/core/rule-pack";
import { describeWithTerraform, PLAN_TIMEOUT_MS, plannedStack } from "../terraform/harness";

type Json = Record<string, any>;

/** The example as written, synthesized once; its resources by type. */
const stack = new SafeDeliveryStack(Testing.app(), "example-safe-delivery");
const json: Json = JSON.parse(Testing.synth(stack));
const all = (type: string): [string, Json][] => Object.entries(json.resource[type] ?? {});
const ref = (type: string, id: string, attribute: string) => `\${${type}.${id}.${attribute}}`;
const idOf = (type: string, prefix: string): string => {
  const ids = all(type).map(([id]) => id).filter((id) => id.startsWith(`${prefix}_`));
  if (ids.length !== 1) throw new Error(`expected one ${type} under ${prefix}, found ${ids.join(", ") || "none"}`);
  return ids[0];
};
/** The statements of the one policy document under a construct path prefix. */
const documentOf = (prefix: string): Json[] => {
  const ids = Object.keys(json.data.aws_iam_policy_document).filter((id) => id.startsWith(`${prefix}_`));
  if (ids.length !== 1) throw new Error(`expected one policy document under ${prefix}, found ${ids.join(", ") || "none"}`);
  return json.data.aws_iam_policy_document[ids[0]].statement;
};
const FUNCTIONS = { Api: "safe-delivery-api", Worker: "safe-delivery-worker", ClickReader: "safe-delivery-clicks" } as const;

describe("the safe-delivery example: canary, linear and all at once", () => {
  test.each(Object.entries(FUNCTIONS))("%s: a published version, and a live alias created on it that apply never moves again", (id) => {
    const fn = json.resource.aws_lambda_function[idOf("aws_lambda_function", id)];
    expect(fn.publish).toBe(true);
    const alias = json.resource.aws_lambda_alias[idOf("aws_lambda_alias", id)];
    expect(alias).toMatchObject({
      name: "live",
      function_name: ref("aws_lambda_function", idOf("aws_lambda_function", id), "function_name"),
      function_version: ref("aws_lambda_function", idOf("aws_lambda_function", id), "version"),
      lifecycle: { ignore_changes: ["function_version", "routing_config"] },
    });
  });

  test("every trigger, route and permission targets the live alias: mappings, subscription, schedule, rule, URL, async config, API", () => {
    const alias = (id: string) => ref("aws_lambda_alias", idOf("aws_lambda_alias", id), "arn");
    const mappings = all("aws_lambda_event_source_mapping").map(([, m]) => m.function_name).sort();
    expect(mappings).toEqual([alias("ClickReader"), alias("Worker")].sort());
    expect(all("aws_sns_topic_subscription").map(([, s]) => s.endpoint)).toEqual([alias("Api")]);
    expect(all("aws_scheduler_schedule").map(([, s]) => s.target.arn)).toEqual([alias("Api")]);
    expect(all("aws_cloudwatch_event_target").map(([, t]) => t.arn)).toEqual([alias("Api")]);
    expect(all("aws_lambda_function_url").map(([, u]) => u.qualifier)).toEqual(["live"]);
    expect(all("aws_lambda_function_event_invoke_config").map(([, c]) => c.qualifier)).toEqual(["live"]);
    for (const [, permission] of all("aws_lambda_permission")) expect(permission.qualifier).toBe("live");
    expect(all("aws_lambda_permission").map(([, p]) => p.principal).sort()).toEqual(["apigateway.amazonaws.com", "events.amazonaws.com", "sns.amazonaws.com"]);
    expect(all("aws_apigatewayv2_integration").map(([, i]) => i.integration_uri)).toEqual([ref("aws_lambda_alias", idOf("aws_lambda_alias", "Api"), "invoke_arn")]);
    // The schedule's role may invoke the alias only.
    const scheduleRole = Object.values<Json>(json.data.aws_iam_policy_document).find((d) => d.statement.some((s: Json) => s.sid === "InvokeScheduledFunction"));
    expect(scheduleRole?.statement).toEqual([expect.objectContaining({ actions: ["lambda:InvokeFunction"], resources: [alias("Api")] })]);
  });

  test("one CodeDeploy application and deployment group per function, rolling back on its errors, throttles and duration alarms", () => {
    for (const [id, name] of Object.entries(FUNCTIONS)) {
      const group = json.resource.aws_codedeploy_deployment_group[idOf("aws_codedeploy_deployment_group", id)];
      const alarmRef = (kind: string) => ref("aws_cloudwatch_metric_alarm", idOf("aws_cloudwatch_metric_alarm", `${id}_${kind}`), "alarm_name");
      expect(group).toMatchObject({
        app_name: ref("aws_codedeploy_app", idOf("aws_codedeploy_app", id), "name"),
        deployment_group_name: ref("aws_lambda_alias", idOf("aws_lambda_alias", id), "name"),
        service_role_arn: ref("aws_iam_role", idOf("aws_iam_role", `${id}_Deployment`), "arn"),
        deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
        auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
        alarm_configuration: { enabled: true, alarms: [alarmRef("ErrorsAlarm"), alarmRef("ThrottlesAlarm"), alarmRef("DurationAlarm")] },
      });
      expect(json.resource.aws_codedeploy_app[idOf("aws_codedeploy_app", id)]).toEqual(expect.objectContaining({ name, compute_platform: "Lambda" }));
    }
  });

  test("deployment configurations: CodeDeploy's own where one fits, the function's own otherwise", () => {
    const configOf = (id: string) => json.resource.aws_codedeploy_deployment_group[idOf("aws_codedeploy_deployment_group", id)].deployment_config_name;
    expect(configOf("Api")).toBe("CodeDeployDefault.LambdaCanary10Percent5Minutes");
    expect(configOf("ClickReader")).toBe("CodeDeployDefault.LambdaAllAtOnce");
    expect(configOf("Worker")).toBe(ref("aws_codedeploy_deployment_config", idOf("aws_codedeploy_deployment_config", "Worker"), "deployment_config_name"));
    expect(all("aws_codedeploy_deployment_config").map(([, c]) => c)).toEqual([
      {
        deployment_config_name: "safe-delivery-worker-linear-20pct-2min",
        compute_platform: "Lambda",
        traffic_routing_config: { type: "TimeBasedLinear", time_based_linear: { interval: 2, percentage: 20 } },
      },
    ]);
  });

  test("the CodeDeploy role: trusted by codedeploy.amazonaws.com of this account only; may move this one alias, read its alarms, invoke its hook", () => {
    expect(documentOf("Api_Deployment_TrustPolicy")).toEqual([
      {
        sid: "AssumedByCodeDeploy",
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["codedeploy.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
      },
    ]);
    const policy = documentOf("Api_Deployment_PolicyDocument");
    const alias = ref("aws_lambda_alias", idOf("aws_lambda_alias", "Api"), "arn");
    const alarmArn = (kind: string) => ref("aws_cloudwatch_metric_alarm", idOf("aws_cloudwatch_metric_alarm", `Api_${kind}`), "arn");
    expect(policy).toEqual([
      { sid: "ShiftLiveAlias", effect: "Allow", actions: ["lambda:GetAlias", "lambda:UpdateAlias"], resources: [ref("aws_lambda_function", idOf("aws_lambda_function", "Api"), "arn"), alias] },
      { sid: "ReadProvisionedConcurrency", effect: "Allow", actions: ["lambda:GetProvisionedConcurrencyConfig"], resources: [alias] },
      { sid: "ReadRollbackAlarms", effect: "Allow", actions: ["cloudwatch:DescribeAlarms"], resources: [alarmArn("ErrorsAlarm"), alarmArn("ThrottlesAlarm"), alarmArn("DurationAlarm")] },
      { sid: "InvokeLifecycleHooks", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [ref("aws_lambda_function", idOf("aws_lambda_function", "SmokeTest"), "arn")] },
    ]);
    const hookPolicy = documentOf("SmokeTest_ExecutionRole_PolicyDocument");
    expect(hookPolicy).toContainEqual({ sid: "ReportCodeDeployHookStatus", effect: "Allow", actions: ["codedeploy:PutLifecycleEventHookExecutionStatus"], resources: ["*"] });
    expect(all("aws_iam_role_policy_attachment")).toEqual([]);
  });

  test("alarms per function, computed from what each has, all to the stack's alarm topic", () => {
    const alarms = all("aws_cloudwatch_metric_alarm").map(([, a]) => a);
    const topic = ref("aws_sns_topic", idOf("aws_sns_topic", "AlarmTopic"), "arn");
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([topic]);
      expect(alarm.ok_actions).toEqual([topic]);
    }
    const byName = Object.fromEntries(alarms.map((a) => [a.alarm_name, a]));
    expect(Object.keys(byName).sort()).toEqual([
      "safe-delivery-5xx",
      "safe-delivery-api-duration",
      "safe-delivery-api-errors",
      "safe-delivery-api-throttles",
      "safe-delivery-clicks-dlq-messages",
      "safe-delivery-clicks-duration",
      "safe-delivery-clicks-errors",
      "safe-delivery-clicks-iterator-age",
      "safe-delivery-clicks-throttles",
      "safe-delivery-latency",
      "safe-delivery-worker-duration",
      "safe-delivery-worker-errors",
      "safe-delivery-worker-sqs-jobs-dlq-messages",
      "safe-delivery-worker-sqs-jobs-queue-age",
      "safe-delivery-worker-throttles",
    ]);
    // Duration near the timeout: p99 at 80% of it.
    expect(byName["safe-delivery-worker-duration"]).toMatchObject({ namespace: "AWS/Lambda", metric_name: "Duration", extended_statistic: "p99", threshold: 16000, dimensions: { FunctionName: "safe-delivery-worker" } });
    expect(byName["safe-delivery-clicks-iterator-age"]).toMatchObject({ metric_name: "IteratorAge", statistic: "Maximum", threshold: 60000 });
    expect(byName["safe-delivery-clicks-dlq-messages"].dimensions).toEqual({ QueueName: ref("aws_sqs_queue", idOf("aws_sqs_queue", "ClickReader"), "name") });
    expect(byName["safe-delivery-worker-sqs-jobs-queue-age"]).toMatchObject({ namespace: "AWS/SQS", metric_name: "ApproximateAgeOfOldestMessage", threshold: 120, dimensions: { QueueName: "${aws_sqs_queue.Jobs.name}" } });
    // The dead-letter queue of the queue it consumes, read from that queue's redrive policy.
    expect(byName["safe-delivery-worker-sqs-jobs-dlq-messages"].dimensions).toEqual({ QueueName: "${aws_sqs_queue.JobsDlq.name}" });
    expect(byName["safe-delivery-5xx"]).toMatchObject({ namespace: "AWS/ApiGateway", metric_name: "5xx", statistic: "Sum", threshold: 1 });
    expect(byName["safe-delivery-latency"]).toMatchObject({ metric_name: "Latency", extended_statistic: "p95", threshold: 2000 });
    // The hook is not watched, for the reason it gives.
    expect(alarms.some((a) => a.alarm_name.startsWith("safe-delivery-smoke-test"))).toBe(false);
  });

  test("the alarm topic: encrypted with its own key, CloudWatch alarms of this account and region may publish, nothing else", () => {
    const topic = json.resource.aws_sns_topic[idOf("aws_sns_topic", "AlarmTopic")];
    expect(topic).toMatchObject({ name: "example-safe-delivery-alarms", kms_master_key_id: ref("aws_kms_key", idOf("aws_kms_key", "AlarmTopic"), "arn") });
    const topicPolicy = documentOf("AlarmTopic_TopicPolicy");
    expect(topicPolicy).toEqual([
      {
        sid: "CloudWatchAlarmsOfThisAccountPublish",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        actions: ["sns:Publish"],
        resources: [ref("aws_sns_topic", idOf("aws_sns_topic", "AlarmTopic"), "arn")],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
          { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*"] },
        ],
      },
    ]);
    expect(json.resource.aws_kms_key[idOf("aws_kms_key", "AlarmTopic")]).toMatchObject({ enable_key_rotation: true });
  });

  test("provisioned concurrency follows the load: target tracking on the live alias, from min to max", () => {
    expect(all("aws_lambda_provisioned_concurrency_config").map(([, c]) => c)).toEqual([
      expect.objectContaining({
        function_name: ref("aws_lambda_function", idOf("aws_lambda_function", "Api"), "function_name"),
        qualifier: ref("aws_lambda_alias", idOf("aws_lambda_alias", "Api"), "name"),
        provisioned_concurrent_executions: 1,
        lifecycle: { ignore_changes: ["provisioned_concurrent_executions"] },
      }),
    ]);
    expect(all("aws_appautoscaling_target").map(([, t]) => t)).toEqual([
      expect.objectContaining({ service_namespace: "lambda", resource_id: "function:safe-delivery-api:live", scalable_dimension: "lambda:function:ProvisionedConcurrency", min_capacity: 1, max_capacity: 10 }),
    ]);
    expect(all("aws_appautoscaling_policy").map(([, p]) => p)).toEqual([
      expect.objectContaining({
        policy_type: "TargetTrackingScaling",
        target_tracking_scaling_policy_configuration: { target_value: 0.7, predefined_metric_specification: { predefined_metric_type: "LambdaProvisionedConcurrencyUtilization" } },
      }),
    ]);
  });

  test("the rollout outputs: what npm run rollout reads, one per function with a deployment", () => {
    const outputs = Object.entries<Json>(json.output).filter(([, o]) => o.value?.kind === "aws-lambda-codedeploy");
    expect(outputs.map(([name]) => name.split("_")[0]).sort()).toEqual(["Api", "ClickReader", "Worker"]);
    const api = outputs.find(([name]) => name.startsWith("Api_"))![1].value;
    expect(api).toEqual({
      kind: "aws-lambda-codedeploy",
      function_name: ref("aws_lambda_function", idOf("aws_lambda_function", "Api"), "function_name"),
      alias: ref("aws_lambda_alias", idOf("aws_lambda_alias", "Api"), "name"),
      target_version: ref("aws_lambda_function", idOf("aws_lambda_function", "Api"), "version"),
      application: ref("aws_codedeploy_app", idOf("aws_codedeploy_app", "Api"), "name"),
      deployment_group: ref("aws_codedeploy_deployment_group", idOf("aws_codedeploy_deployment_group", "Api"), "deployment_group_name"),
      deployment_config: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      before_allow_traffic: ref("aws_lambda_function", idOf("aws_lambda_function", "SmokeTest"), "function_name"),
      after_allow_traffic: "",
    });
  });

  test("the prod rule pack finds nothing in what delivery adds (aliases, CodeDeploy and its role, alarms, the topic and its key, auto scaling)", () => {
    const other = new SafeDeliveryStack(Testing.app(), "example-safe-delivery");
    const pack = applyRulePack(other, { environment: "prod", log: () => undefined });
    Testing.synth(other);
    const delivery = /^aws_(lambda_alias|codedeploy_\w+|cloudwatch_metric_alarm|kms_key|kms_key_policy|sns_topic_policy|appautoscaling_\w+)\.|^aws_sns_topic\.AlarmTopic|^aws_iam_role(_policy)?\.\w+_Deployment_/;
    const findings = pack.evaluate(other).findings;
    expect(findings.length).toBeGreaterThan(0); // the example is not a production stack (retention, tracing...)
    expect(findings.filter((f) => delivery.test(f.address))).toEqual([]);
  });
});

describeWithTerraform()("the safe-delivery example, planned offline (aws 5.100.0)", () => {
  it("plans: aliases, CodeDeploy, alarms and auto scaling are accepted by the provider", async () => {
    const run = await plannedStack("example-safe-delivery");
    expect(run.failedStep).toBeUndefined();
    expect(run.planLine).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    for (const type of ["aws_lambda_alias", "aws_codedeploy_app", "aws_codedeploy_deployment_group", "aws_codedeploy_deployment_config", "aws_cloudwatch_metric_alarm", "aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_kms_key_policy", "aws_sns_topic_policy"]) {
      expect(run.output).toContain(`# ${type}.`);
    }
  }, PLAN_TIMEOUT_MS);
});
