import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig, validateConfig } from "../../config/load";
import { AwsDeployerStack } from "../../stacks/aws-deployer-stack";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { appStackJson, stackNames } from "../app-output";
import { describeWithTerraform, PLAN_TIMEOUT_MS, plannedStack } from "../terraform/harness";
import { mayAssume, mayCall, managedPolicyOf, policyOf, roleOf, type Decision, type SimulatedRole } from "../modules/aws/deployer/iam-simulation";

/**
 * The dev environment's deployer identities as the app synthesizes them (deployer-aws-dev), judged
 * by an independent IAM evaluator: who may assume each role, what each may do, and what the
 * boundary leaves to the roles it creates.
 */
const DEV = "111111111111";
const tf = appStackJson("deployer-aws-dev");
const apply = roleOf(tf, DEV, "svc-dev-github-apply");
const plan = roleOf(tf, DEV, "svc-dev-github-plan");
const boundary = managedPolicyOf(tf, "svc-dev-permissions-boundary");
const GITHUB = "token.actions.githubusercontent.com";
const REPO = "acme/svc-serverless";

const iam = (resource: string) => `arn:aws:iam::${DEV}:${resource}`;
const lambda = (name: string) => `arn:aws:lambda:eu-west-1:${DEV}:function:${name}`;
const withBoundary = { "iam:PermissionsBoundary": boundary.arn };

describe("deployer-aws-dev: who may assume the GitHub roles", () => {
  const token = (sub: string, aud = "sts.amazonaws.com") => ({ sub, aud });
  it.each<[string, SimulatedRole, { sub: string; aud: string }, Decision]>([
    ["Compliance: the deploy job of the dev GitHub environment assumes the apply role", apply, token(`repo:${REPO}:environment:dev`), "Allowed"],
    ["Compliance: the plan job of dev-plan assumes the plan role", plan, token(`repo:${REPO}:environment:dev-plan`), "Allowed"],
    ["Noncompliance: another repository", apply, token("repo:acme/other:environment:dev"), "ImplicitlyDenied"],
    ["Noncompliance: a fork's name", apply, token(`repo:${REPO}-fork:environment:dev`), "ImplicitlyDenied"],
    ["Noncompliance: a branch instead of the environment", apply, token(`repo:${REPO}:ref:refs/heads/main`), "ImplicitlyDenied"],
    ["Noncompliance: a pull request", apply, token(`repo:${REPO}:pull_request`), "ImplicitlyDenied"],
    ["Noncompliance: another environment (prod's job)", apply, token(`repo:${REPO}:environment:prod`), "ImplicitlyDenied"],
    ["Noncompliance: the plan environment's token on the apply role", apply, token(`repo:${REPO}:environment:dev-plan`), "ImplicitlyDenied"],
    ["Noncompliance: the deploy environment's token on the plan role", plan, token(`repo:${REPO}:environment:dev`), "ImplicitlyDenied"],
    ["Noncompliance: a wildcard-looking subject is only text", apply, token(`repo:${REPO}:environment:*`), "ImplicitlyDenied"],
    ["Noncompliance: another audience", apply, token(`repo:${REPO}:environment:dev`, "sigstore"), "ImplicitlyDenied"],
  ])("%s", async (_case, role, claims, expected) => {
    expect(await mayAssume(role, DEV, GITHUB, claims)).toBe(expected);
  });

  it("Noncompliance: a token of another issuer with the right subject", async () => {
    expect(await mayAssume(apply, DEV, "app.terraform.io", { sub: `repo:${REPO}:environment:dev`, aud: "sts.amazonaws.com" })).toBe("ImplicitlyDenied");
  });
});

describe("deployer-aws-dev: the apply role creates and changes roles only under the boundary", () => {
  const role = iam("role/svc-dev-orders-role");
  it.each<[string, string, string, Record<string, string>, Decision]>([
    ["Compliance: creates an environment role with the boundary", "iam:CreateRole", role, withBoundary, "Allowed"],
    ["Noncompliance: creates it without a boundary", "iam:CreateRole", role, {}, "ExplicitlyDenied"],
    ["Noncompliance: creates it with another boundary", "iam:CreateRole", role, { "iam:PermissionsBoundary": iam("policy/AdminBoundary") }, "ExplicitlyDenied"],
    ["Noncompliance: creates a role outside the environment's names", "iam:CreateRole", iam("role/admin"), withBoundary, "ImplicitlyDenied"],
    ["Noncompliance: creates a role at the deployers' path", "iam:CreateRole", iam("role/deployer/svc-dev-x"), withBoundary, "ExplicitlyDenied"],
    ["Compliance: writes a bounded role's inline policy", "iam:PutRolePolicy", role, withBoundary, "Allowed"],
    ["Noncompliance: writes the inline policy of a role without the boundary", "iam:PutRolePolicy", role, {}, "ExplicitlyDenied"],
    ["Compliance: puts the boundary on an environment role", "iam:PutRolePermissionsBoundary", role, withBoundary, "Allowed"],
    ["Noncompliance: replaces the boundary with another", "iam:PutRolePermissionsBoundary", role, { "iam:PermissionsBoundary": iam("policy/svc-dev-open") }, "ExplicitlyDenied"],
    ["Noncompliance: removes a role's boundary", "iam:DeleteRolePermissionsBoundary", role, withBoundary, "ExplicitlyDenied"],
    ["Noncompliance: attaches a managed policy (no attachment in the environment's stacks)", "iam:AttachRolePolicy", role, { ...withBoundary, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" }, "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, context, expected) => {
    expect(await mayCall(apply, DEV, action, resource, context)).toBe(expected);
  });
});

describe("deployer-aws-dev: the apply role cannot change the boundary, itself or the plan role", () => {
  it.each<[string, string, string, Record<string, string>]>([
    ["edit the boundary (new default version)", "iam:CreatePolicyVersion", boundary.arn, {}],
    ["switch the boundary's version", "iam:SetDefaultPolicyVersion", boundary.arn, {}],
    ["delete the boundary", "iam:DeletePolicy", boundary.arn, {}],
    ["widen its own role", "iam:PutRolePolicy", apply.arn, withBoundary],
    ["attach a policy to itself", "iam:AttachRolePolicy", apply.arn, { ...withBoundary, "iam:PolicyARN": iam("policy/svc-dev-x") }],
    ["change who may assume it", "iam:UpdateAssumeRolePolicy", apply.arn, {}],
    ["widen the plan role", "iam:PutRolePolicy", plan.arn, withBoundary],
    ["edit its own managed policy", "iam:CreatePolicyVersion", iam("policy/deployer/svc-dev-deployer-apply-1"), {}],
    ["pass itself to a service", "iam:PassRole", apply.arn, { "iam:PassedToService": "lambda.amazonaws.com" }],
    ["change the GitHub OIDC provider", "iam:AddClientIDToOpenIDConnectProvider", iam(`oidc-provider/${GITHUB}`), {}],
  ])("Noncompliance: cannot %s", async (_case, action, resource, context) => {
    expect(await mayCall(apply, DEV, action, resource, context)).toBe("ExplicitlyDenied");
  });
});

describe("deployer-aws-dev: the apply role passes roles and deploys only the environment's own", () => {
  it.each<[string, string, string, Record<string, string>, Decision]>([
    ["Compliance: passes an environment role to Lambda", "iam:PassRole", iam("role/svc-dev-hello-role"), { "iam:PassedToService": "lambda.amazonaws.com" }, "Allowed"],
    ["Compliance: passes an environment role to EventBridge Scheduler", "iam:PassRole", iam("role/svc-dev-users-report-schedule-1-role"), { "iam:PassedToService": "scheduler.amazonaws.com" }, "Allowed"],
    ["Noncompliance: passes it to EC2 (a service the environment does not use)", "iam:PassRole", iam("role/svc-dev-hello-role"), { "iam:PassedToService": "ec2.amazonaws.com" }, "ImplicitlyDenied"],
    ["Noncompliance: passes a role outside the environment", "iam:PassRole", iam("role/OrganizationAccountAccessRole"), { "iam:PassedToService": "lambda.amazonaws.com" }, "ImplicitlyDenied"],
    ["Compliance: updates an environment function's code", "lambda:UpdateFunctionCode", lambda("svc-dev-hello"), {}, "Allowed"],
    ["Noncompliance: updates another environment's function", "lambda:UpdateFunctionCode", lambda("svc-stg-hello"), {}, "ImplicitlyDenied"],
    ["Noncompliance: updates a function outside the project", "lambda:UpdateFunctionCode", lambda("billing"), {}, "ImplicitlyDenied"],
    ["Noncompliance: a region the environment does not use", "lambda:UpdateFunctionCode", `arn:aws:lambda:us-east-1:${DEV}:function:svc-dev-hello`, {}, "ImplicitlyDenied"],
    ["Compliance: creates an environment table", "dynamodb:CreateTable", `arn:aws:dynamodb:eu-west-1:${DEV}:table/svc-dev-orders`, {}, "Allowed"],
    ["Noncompliance: reads an environment table's data", "dynamodb:GetItem", `arn:aws:dynamodb:eu-west-1:${DEV}:table/svc-dev-users`, {}, "ImplicitlyDenied"],
    ["Noncompliance: leaves the organization", "organizations:LeaveOrganization", "*", {}, "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, context, expected) => {
    expect(await mayCall(apply, DEV, action, resource, context)).toBe(expected);
  });
});

describe("deployer-aws-dev: the plan role reads, and locks its own state", () => {
  const state = (key: string) => `arn:aws:s3:::svc-terraform-state-eu-west-1/${key}`;
  it.each<[string, string, string, Record<string, string>, Decision]>([
    ["Compliance: reads an environment function", "lambda:GetFunction", lambda("svc-dev-hello"), {}, "Allowed"],
    ["Compliance: reads the deployer roles (the deploy's drift check)", "iam:GetRole", apply.arn, {}, "Allowed"],
    ["Noncompliance: changes a function", "lambda:UpdateFunctionCode", lambda("svc-dev-hello"), {}, "ImplicitlyDenied"],
    ["Noncompliance: creates a role, even with the boundary", "iam:CreateRole", iam("role/svc-dev-x"), withBoundary, "ImplicitlyDenied"],
    ["Compliance: reads its environment's state", "s3:GetObject", state("svc/dev/aws-dev.tfstate"), {}, "Allowed"],
    ["Compliance: takes the state lock", "s3:PutObject", state("svc/dev/aws-dev.tfstate.tflock"), {}, "Allowed"],
    ["Compliance: releases the state lock", "s3:DeleteObject", state("svc/dev/aws-dev.tfstate.tflock"), {}, "Allowed"],
    ["Noncompliance: writes the state", "s3:PutObject", state("svc/dev/aws-dev.tfstate"), {}, "ImplicitlyDenied"],
    ["Noncompliance: reads another environment's state", "s3:GetObject", state("svc/prod/aws-prod.tfstate"), {}, "ImplicitlyDenied"],
    ["Compliance: lists its prefix", "s3:ListBucket", "arn:aws:s3:::svc-terraform-state-eu-west-1", { "s3:prefix": "svc/dev/" }, "Allowed"],
    ["Noncompliance: lists another prefix", "s3:ListBucket", "arn:aws:s3:::svc-terraform-state-eu-west-1", { "s3:prefix": "svc/prod/" }, "ImplicitlyDenied"],
  ])("%s", async (_case, action, resource, context, expected) => {
    expect(await mayCall(plan, DEV, action, resource, context)).toBe(expected);
  });

  it("holds no action of the apply role's changes: every plan action is a read (Get, List, Describe) or the lock file", () => {
    const actions = plan.policies.flatMap((p) => p.policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action as string[]));
    expect(actions.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(a) && !/^s3:(PutObject|DeleteObject)$/.test(a) && a !== "apigateway:GET")).toEqual([]);
  });
});

describe("deployer-aws-dev: what the boundary leaves to the roles the environment creates", () => {
  const asFunction: SimulatedRole = { name: "svc-dev-users-list-role", arn: iam("role/svc-dev-users-list-role"), trust: { Version: "2012-10-17", Statement: [] }, policies: [] };
  const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const bounded = (action: string, resource: string) => mayCall({ ...asFunction, policies: [{ name: "everything", policy: everything }] }, DEV, action, resource, {}, boundary.policy);
  it.each<[string, string, string, Decision]>([
    ["Compliance: what a function of the environment holds (its table)", "dynamodb:Scan", `arn:aws:dynamodb:eu-west-1:${DEV}:table/svc-dev-users`, "Allowed"],
    ["Compliance: a table of the environment added later", "dynamodb:Scan", `arn:aws:dynamodb:eu-west-1:${DEV}:table/svc-dev-orders`, "Allowed"],
    ["Noncompliance: another environment's table", "dynamodb:Scan", `arn:aws:dynamodb:eu-west-1:${DEV}:table/svc-prod-users`, "ImplicitlyDenied"],
    ["Noncompliance: an action no role of the environment holds", "dynamodb:DeleteTable", `arn:aws:dynamodb:eu-west-1:${DEV}:table/svc-dev-users`, "ImplicitlyDenied"],
    ["Noncompliance: creating a role", "iam:CreateRole", iam("role/svc-dev-x"), "ExplicitlyDenied"],
    ["Noncompliance: attaching a policy to a role", "iam:AttachRolePolicy", iam("role/svc-dev-x"), "ExplicitlyDenied"],
    ["Noncompliance: removing a boundary", "iam:DeleteRolePermissionsBoundary", iam("role/svc-dev-x"), "ExplicitlyDenied"],
    ["Noncompliance: assuming another role", "sts:AssumeRole", iam("role/OrganizationAccountAccessRole"), "ExplicitlyDenied"],
    ["Noncompliance: leaving the organization", "organizations:LeaveOrganization", "*", "ExplicitlyDenied"],
    ["Noncompliance: running code as another role", "lambda:CreateFunction", lambda("svc-dev-x"), "ExplicitlyDenied"],
  ])("%s", async (_case, action, resource, expected) => {
    expect(await bounded(action, resource)).toBe(expected);
  });
});

describeWithTerraform()("deployer-aws-dev and aws-dev, planned (offline, the run's one plan batch)", () => {
  it("creates the GitHub OIDC provider, the plan and apply roles under /deployer/, their policies and the boundary", async () => {
    const run = await plannedStack("deployer-aws-dev");
    expect(run.failedStep).toBeUndefined();
    expect(run.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    expect(run.output).toMatch(/url\s+= "https:\/\/token\.actions\.githubusercontent\.com"/);
    for (const name of ["svc-dev-github-plan", "svc-dev-github-apply", "svc-dev-permissions-boundary", "svc-dev-deployer-plan-1", "svc-dev-deployer-apply-1"]) {
      expect(run.output).toMatch(new RegExp(`name\\s+= "${name}"`));
    }
    const identities = appStackJson("deployer-aws-dev").resource;
    const underDeployer = [...Object.values(identities.aws_iam_role), ...Object.values(identities.aws_iam_policy)].filter((r: any) => r.path === "/deployer/").length;
    expect(underDeployer).toBe(Object.keys(identities.aws_iam_role).length + Object.keys(identities.aws_iam_policy).length);
    expect(run.output.match(/path\s+= "\/deployer\/"/g)?.length).toBe(underDeployer);
  }, PLAN_TIMEOUT_MS);

  it("creates every role of aws-dev with the environment's boundary", async () => {
    const run = await plannedStack("aws-dev");
    expect(run.failedStep).toBeUndefined();
    const roles = Object.keys(appStackJson("aws-dev").resource.aws_iam_role).length;
    const bounded = run.output.match(/permissions_boundary\s+= "arn:aws:iam::111111111111:policy\/deployer\/svc-dev-permissions-boundary"/g) ?? [];
    expect(bounded.length).toBe(roles);
    expect(roles).toBeGreaterThan(0);
  }, PLAN_TIMEOUT_MS);
});

describe("AwsDeployerStack: what it refuses, at synth", () => {
  const build = (extend: (stack: AwsServiceStack) => void, config = loadConfig("dev")) => {
    const app = Testing.app();
    const service = new AwsServiceStack(app, `aws-${config.environment}`, { config });
    extend(service);
    new AwsDeployerStack(app, `deployer-aws-${config.environment}`, { config });
    return app;
  };

  it("a resource named outside the environment's names: the apply role could never manage it", () => {
    const app = build((s) => new SqsQueue(s, "Jobs", { name: "jobs", sqsManagedSseEnabled: true }));
    expect(() => app.synth()).toThrow(
      /aws-dev: aws_sqs_queue\.Jobs \(arn:aws:sqs:eu-west-1:111111111111:jobs\) is not among what the deployer may manage \(arn:aws:sqs:eu-west-1:111111111111:svc-dev-\*\): name it under svc-dev-/,
    );
  });

  it("a type whose deploy permissions are unknown, named with where to describe it", () => {
    expect(() => build((s) => new SsmParameter(s, "Setting", { name: "/svc/dev/setting", type: "String", value: "on" }))).toThrow(
      /\[deployer-aws-dev\] types: must be Terraform types whose deploy permissions are known \(modules\/aws\/deployer\/permissions\/<service>\.ts.*received \["aws_ssm_parameter"\]/,
    );
  });

  it("an environment nothing deploys (no repository, no HCP Terraform)", () => {
    const config = validateConfig({ ...loadConfig("dev"), project: { name: "svc", owner: "platform-team" } }, "test/dev");
    expect(() => build(() => undefined, config)).toThrow(/\[deployer-aws-dev\] config: must be an environment whose Terraform runs somewhere/);
  });
});

describe("every environment's AWS deployer, as the app synthesizes it", () => {
  const environments = ENVIRONMENTS.map((e) => loadConfig(e)).filter((c) => stackNames().includes(`deployer-aws-${c.environment}`));
  type Json = Record<string, any>;

  it("covers every environment main.ts gives identities", () => {
    expect(environments.map((c) => c.environment).sort()).toEqual([...ENVIRONMENTS].sort());
  });

  it.each(environments.map((c) => [c.environment, c] as const))("%s: each role trusts exact subjects and one audience of its issuer's provider, with StringEquals only", (env, c) => {
    const stack = appStackJson(`deployer-aws-${env}`);
    const roles = Object.values(stack.resource.aws_iam_role as Record<string, Json>);
    expect(roles.length).toBeGreaterThanOrEqual(2);
    for (const role of roles) {
      const trust = policyOf(stack, role.assume_role_policy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s.Effect).toBe("Allow");
      expect(s.Action).toEqual(["sts:AssumeRoleWithWebIdentity"]);
      const providers = s.Principal.Federated as string[];
      expect(providers).toHaveLength(1);
      const host = providers[0].replace(`arn:aws:iam::${c.aws.accountId}:oidc-provider/`, "");
      expect(Object.keys(s.Condition)).toEqual(["StringEquals"]);
      expect(Object.keys(s.Condition.StringEquals).sort()).toEqual([`${host}:aud`, `${host}:sub`]);
      const subjects = s.Condition.StringEquals[`${host}:sub`] as string[];
      expect(subjects.length).toBeGreaterThan(0);
      // The apply role: one subject per workspace or the one deploy environment, none a pattern.
      for (const sub of subjects) expect(sub).not.toMatch(/[*?]/);
      expect(role.path).toBe("/deployer/");
      // The deployers are the only roles without the boundary: they create it.
      expect(role.permissions_boundary).toBeUndefined();
    }
  });

  it.each(environments.map((c) => [c.environment, c] as const))("%s: the apply role cannot create a role without the boundary, edit the boundary or its own role, or pass a role to a service its stacks do not use", async (env, c) => {
    const stack = appStackJson(`deployer-aws-${env}`);
    const account = c.aws.accountId;
    const applyRole = roleOf(stack, account, `svc-${env}-github-apply`);
    const bound = managedPolicyOf(stack, `svc-${env}-permissions-boundary`);
    const role = `arn:aws:iam::${account}:role/svc-${env}-orders-role`;
    expect(await mayCall(applyRole, account, "iam:CreateRole", role, { "iam:PermissionsBoundary": bound.arn })).toBe("Allowed");
    expect(await mayCall(applyRole, account, "iam:CreateRole", role, {})).toBe("ExplicitlyDenied");
    expect(await mayCall(applyRole, account, "iam:CreatePolicyVersion", bound.arn, {})).toBe("ExplicitlyDenied");
    expect(await mayCall(applyRole, account, "iam:PutRolePolicy", applyRole.arn, { "iam:PermissionsBoundary": bound.arn })).toBe("ExplicitlyDenied");
    expect(await mayCall(applyRole, account, "iam:PassRole", role, { "iam:PassedToService": "lambda.amazonaws.com" })).toBe("Allowed");
    expect(await mayCall(applyRole, account, "iam:PassRole", role, { "iam:PassedToService": "ec2.amazonaws.com" })).toBe("ImplicitlyDenied");
    expect(await mayCall(applyRole, account, "iam:PassRole", role, {})).toBe("ImplicitlyDenied");
  });
});
