import { Testing } from "cdktf";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { ServerlessFunction } from "../../modules/aws";
import { typesOf } from "../../stacks/environment-stacks";
import { AwsDeployerStack } from "../../stacks/aws-deployer-stack";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { CODE_DIR } from "../modules/aws/support";
import { arnMatches } from "../../modules/aws/deployer/coverage";
import { mayCall, managedPolicyOf, renderDocument, roleOf, type Decision, type IamPolicyJson, type SimulatedRole } from "../modules/aws/deployer/iam-simulation";

/**
 * The dev deployer of a service stack whose function is rolled out (DESIGN.md, "Safe delivery"): a
 * canary of its own pace (a deployment configuration of its own), checked by a hook, with alarms,
 * provisioned concurrency that Application Auto Scaling follows, and the alarm topic the stack
 * creates (with its KMS key). The apply role may create all of it and run `npm run rollout`
 * afterwards, on the environment's resources only; the CodeDeploy role carries the boundary, and
 * the boundary lets it do what CodeDeploy does with it. Judged by the IAM evaluator.
 */
const DEV = "111111111111";
const config = loadConfig("dev");
const app = Testing.app();
const service = new AwsServiceStack(app, "aws-dev", { config });
const check = new ServerlessFunction(service, "RolloutCheck", {
  functionName: "svc-dev-rollout-check",
  codeDirectory: CODE_DIR,
  handler: "index.handler",
  alarms: { enabled: false, reason: "It runs only during rollouts, and a failure stops the rollout itself" },
});
new ServerlessFunction(service, "Rolled", {
  functionName: "svc-dev-rolled",
  codeDirectory: CODE_DIR,
  handler: "index.handler",
  provisionedConcurrency: { min: 1, max: 4, targetUtilization: 0.7 },
  deployment: { strategy: "canary", percent: 20, intervalMinutes: 3, hooks: { beforeAllowTraffic: check } },
  alarms: { enabled: true },
});
const deployer = new AwsDeployerStack(app, "deployer-aws-dev", { config });
const outdir = Testing.fullSynth(deployer);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const tf = JSON.parse(readFileSync(join(outdir, "stacks", "deployer-aws-dev", "cdk.tf.json"), "utf8"));
const serviceTf = JSON.parse(Testing.synth(service));
const apply = roleOf(tf, DEV, "svc-dev-github-apply");
const plan = roleOf(tf, DEV, "svc-dev-github-plan");
const boundary = managedPolicyOf(tf, "svc-dev-permissions-boundary");

const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:${DEV}:${resource}`;
const iam = (resource: string) => `arn:aws:iam::${DEV}:${resource}`;
const FUNCTION = arn("lambda", "function:svc-dev-rolled");
const ALIAS = `${FUNCTION}:live`;
const APPLICATION = arn("codedeploy", "application:svc-dev-rolled");
const GROUP = arn("codedeploy", "deploymentgroup:svc-dev-rolled/live");
const CONFIG = arn("codedeploy", "deploymentconfig:svc-dev-rolled-canary-20pct-3min");
const DEPLOY_ROLE = iam("role/svc-dev-rolled-deploy");
const TARGET = arn("application-autoscaling", "scalable-target/0a1b2c3d4e5f60718293a4b5c6d7e8f9");
const CONCURRENCY = { "application-autoscaling:service-namespace": "lambda", "application-autoscaling:scalable-dimension": "lambda:function:ProvisionedConcurrency" };
const KEY = arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab");
const DEV_TAGS = (kind: "RequestTag" | "ResourceTag") => ({ [`aws:${kind}/Project`]: "svc", [`aws:${kind}/Environment`]: "dev" });
const resources = (type: string) => Object.values<Record<string, unknown>>(serviceTf.resource[type] ?? {});
const alarmNames = resources("aws_cloudwatch_metric_alarm").map((a) => String(a.alarm_name));
/** The alarm topic key's policy, which delegates its administration to the account's IAM policies: KMS asks it first. */
const keyPolicy = renderDocument(Object.entries<Record<string, unknown>>(serviceTf.data.aws_iam_policy_document).find(([id]) => id.includes("AlarmTopic_KeyPolicy"))![1]);

describe("a service stack that rolls a function out, as the dev deployer sees it", () => {
  it("writes the delivery's resources, each of a type the identity stack grants (it synthesized)", () => {
    const types = [...new Set(deployer.deployed.flatMap(typesOf))];
    expect(types).toEqual(
      expect.arrayContaining([
        "aws_codedeploy_app",
        "aws_codedeploy_deployment_group",
        "aws_codedeploy_deployment_config",
        "aws_cloudwatch_metric_alarm",
        "aws_appautoscaling_target",
        "aws_appautoscaling_policy",
        "aws_lambda_alias",
        "aws_kms_key",
        "aws_kms_key_policy",
      ]),
    );
    expect(resources("aws_codedeploy_deployment_config").map((c) => c.deployment_config_name)).toEqual(["svc-dev-rolled-canary-20pct-3min"]);
    expect(alarmNames.length).toBeGreaterThan(0);
    expect(alarmNames.filter((n) => !n.startsWith("svc-dev-"))).toEqual([]);
  });

  it("the CodeDeploy role carries the environment's boundary, like the function's own role", () => {
    const roles = resources("aws_iam_role") as { name: string; permissions_boundary?: string }[];
    expect(roles.find((r) => r.name === "svc-dev-rolled-deploy")?.permissions_boundary).toBe(boundary.arn);
    expect(roles.filter((r) => r.permissions_boundary !== boundary.arn).map((r) => r.name)).toEqual([]);
  });
});

describe("the apply role creates the delivery's resources and runs the rollout, on the environment's only", () => {
  it.each<[string, string, string, Record<string, string>, Decision]>([
    ["Compliance: creates the CodeDeploy application", "codedeploy:CreateApplication", APPLICATION, {}, "Allowed"],
    ["Compliance: creates the deployment group", "codedeploy:CreateDeploymentGroup", GROUP, {}, "Allowed"],
    ["Compliance: creates the function's own deployment configuration", "codedeploy:CreateDeploymentConfig", CONFIG, {}, "Allowed"],
    ["Compliance: passes the CodeDeploy role to CodeDeploy", "iam:PassRole", DEPLOY_ROLE, { "iam:PassedToService": "codedeploy.amazonaws.com" }, "Allowed"],
    ["Compliance: creates the CodeDeploy role with the boundary", "iam:CreateRole", DEPLOY_ROLE, { "iam:PermissionsBoundary": boundary.arn }, "Allowed"],
    ["Compliance: creates the live alias", "lambda:CreateAlias", ALIAS, {}, "Allowed"],
    ["Compliance: creates an alarm of the function", "cloudwatch:PutMetricAlarm", arn("cloudwatch", `alarm:${alarmNames[0]}`), {}, "Allowed"],
    ["Compliance: registers the alias's provisioned concurrency with Application Auto Scaling", "application-autoscaling:RegisterScalableTarget", TARGET, CONCURRENCY, "Allowed"],
    ["Compliance: puts its target tracking policy", "application-autoscaling:PutScalingPolicy", TARGET, CONCURRENCY, "Allowed"],
    ["Compliance: which creates its own alarm", "cloudwatch:PutMetricAlarm", arn("cloudwatch", "alarm:TargetTracking-function:svc-dev-rolled:live-AlarmHigh-0a1b2c3d"), {}, "Allowed"],
    [
      "Compliance: creates Application Auto Scaling's service-linked role for Lambda",
      "iam:CreateServiceLinkedRole",
      iam("role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency"),
      { "iam:AWSServiceName": "lambda.application-autoscaling.amazonaws.com" },
      "Allowed",
    ],
    ["Compliance: creates the alarm topic's key, tagged as the environment's", "kms:CreateKey", "*", DEV_TAGS("RequestTag"), "Allowed"],
    ["Compliance: tags the new key", "kms:TagResource", KEY, DEV_TAGS("RequestTag"), "Allowed"],
    ["Compliance: writes the key's policy", "kms:PutKeyPolicy", KEY, DEV_TAGS("ResourceTag"), "Allowed"],
    ["Compliance: rollout starts a deployment in the group", "codedeploy:CreateDeployment", GROUP, {}, "Allowed"],
    ["Compliance: rollout follows it", "codedeploy:GetDeployment", GROUP, {}, "Allowed"],
    ["Compliance: rollout registers the AppSpec as a revision", "codedeploy:RegisterApplicationRevision", APPLICATION, {}, "Allowed"],
    ["Compliance: rollout's deployment reads a predefined configuration", "codedeploy:GetDeploymentConfig", arn("codedeploy", "deploymentconfig:CodeDeployDefault.LambdaAllAtOnce"), {}, "Allowed"],
    ["Compliance: rollout stops a deployment it gave up on (not scopable)", "codedeploy:StopDeployment", "*", {}, "Allowed"],
    ["Noncompliance: creates the CodeDeploy role without the boundary", "iam:CreateRole", DEPLOY_ROLE, {}, "ExplicitlyDenied"],
    ["Noncompliance: passes the CodeDeploy role to EC2", "iam:PassRole", DEPLOY_ROLE, { "iam:PassedToService": "ec2.amazonaws.com" }, "ImplicitlyDenied"],
    ["Noncompliance: deploys another environment's group", "codedeploy:CreateDeployment", arn("codedeploy", "deploymentgroup:svc-prod-rolled/live"), {}, "ImplicitlyDenied"],
    ["Noncompliance: deletes another application's deployment configuration", "codedeploy:DeleteDeploymentConfig", arn("codedeploy", "deploymentconfig:billing-canary"), {}, "ImplicitlyDenied"],
    ["Noncompliance: deletes an alarm outside the environment", "cloudwatch:DeleteAlarms", arn("cloudwatch", "alarm:billing-budget"), {}, "ImplicitlyDenied"],
    ["Noncompliance: registers an ECS service with Application Auto Scaling", "application-autoscaling:RegisterScalableTarget", TARGET, { "application-autoscaling:service-namespace": "ecs", "application-autoscaling:scalable-dimension": "ecs:service:DesiredCount" }, "ImplicitlyDenied"],
    ["Noncompliance: creates another service's service-linked role", "iam:CreateServiceLinkedRole", iam("role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"), { "iam:AWSServiceName": "ecs.amazonaws.com" }, "ImplicitlyDenied"],
    ["Noncompliance: creates a key without the environment's tags", "kms:CreateKey", "*", {}, "ImplicitlyDenied"],
    ["Noncompliance: rewrites another environment's key policy", "kms:PutKeyPolicy", KEY, { "aws:ResourceTag/Project": "svc", "aws:ResourceTag/Environment": "prod" }, "ImplicitlyDenied"],
    ["Noncompliance: tags another environment's key as its own", "kms:TagResource", KEY, { ...DEV_TAGS("RequestTag"), "aws:ResourceTag/Environment": "prod" }, "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, context, expected) => {
    expect(await mayCall(apply, DEV, action, resource, context, undefined, resource === KEY ? keyPolicy : undefined)).toBe(expected);
  });

  it.each<[string, string, string, Decision]>([
    ["Compliance: the plan role reads the deployment group", "codedeploy:GetDeploymentGroup", GROUP, "Allowed"],
    ["Compliance: the plan role reads the alarms", "cloudwatch:DescribeAlarms", arn("cloudwatch", `alarm:${alarmNames[0]}`), "Allowed"],
    ["Noncompliance: the plan role starts a deployment", "codedeploy:CreateDeployment", GROUP, "ImplicitlyDenied"],
    ["Noncompliance: the plan role changes an alarm", "cloudwatch:PutMetricAlarm", arn("cloudwatch", `alarm:${alarmNames[0]}`), "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, expected) => {
    expect(await mayCall(plan, DEV, action, resource)).toBe(expected);
  });
});

/**
 * Whether a policy allows `action` on `arn` by its statements' text: for the provisioned concurrency
 * actions, whose qualified ARN the evaluator cannot tell apart (an alias or a version of the function).
 */
const allowsByText = (policy: IamPolicyJson, action: string, arn: string) =>
  policy.Statement.some((s) => s.Effect === "Allow" && !s.Condition && ([] as string[]).concat(s.Action).includes(action) && ([] as string[]).concat(s.Resource).some((r) => arnMatches(r, arn)));

describe("provisioned concurrency of the live alias (read from the statements)", () => {
  it("the apply role may set it, as registering a scalable target checks; the boundary lets CodeDeploy's role read it", () => {
    expect(apply.policies.some((p) => allowsByText(p.policy, "lambda:PutProvisionedConcurrencyConfig", ALIAS))).toBe(true);
    expect(apply.policies.some((p) => allowsByText(p.policy, "lambda:PutProvisionedConcurrencyConfig", arn("lambda", "function:svc-prod-rolled:live")))).toBe(false);
    expect(allowsByText(boundary.policy, "lambda:GetProvisionedConcurrencyConfig", ALIAS)).toBe(true);
    expect(allowsByText(boundary.policy, "lambda:PutProvisionedConcurrencyConfig", ALIAS)).toBe(false);
  });
});

describe("the boundary lets the CodeDeploy role do what CodeDeploy does with it, and no more", () => {
  const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const role: SimulatedRole = { name: "svc-dev-rolled-deploy", arn: DEPLOY_ROLE, trust: { Version: "2012-10-17", Statement: [] }, policies: [{ name: "everything", policy: everything }] };
  it.each<[string, string, string, Decision]>([
    ["Compliance: moves the live alias", "lambda:UpdateAlias", ALIAS, "Allowed"],
    ["Compliance: reads the rollback alarms", "cloudwatch:DescribeAlarms", arn("cloudwatch", `alarm:${alarmNames[0]}`), "Allowed"],
    ["Compliance: invokes the hook", "lambda:InvokeFunction", arn("lambda", "function:svc-dev-rollout-check"), "Allowed"],
    ["Compliance: the hook reports its verdict (not scopable)", "codedeploy:PutLifecycleEventHookExecutionStatus", "*", "Allowed"],
    ["Noncompliance: changes the function's code (an escalation no role holds: denied outright)", "lambda:UpdateFunctionCode", FUNCTION, "ExplicitlyDenied"],
    ["Noncompliance: moves another environment's alias", "lambda:UpdateAlias", arn("lambda", "function:svc-prod-rolled:live"), "ImplicitlyDenied"],
    ["Noncompliance: deletes an alarm (no role holds it)", "cloudwatch:DeleteAlarms", arn("cloudwatch", `alarm:${alarmNames[0]}`), "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, expected) => {
    expect(await mayCall(role, DEV, action, resource, {}, boundary.policy)).toBe(expected);
  });
});
