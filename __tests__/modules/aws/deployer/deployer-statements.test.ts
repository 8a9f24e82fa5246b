import { generalizeResource, boundaryStatements } from "../../../../modules/aws/deployer/boundary-statements";
import { chunks, MANAGED_POLICY_MAX_CHARS } from "../../../../modules/aws/deployer/deployer-identities";
import { deployerStatements, filledResources, stateStatements, type DeployerScope } from "../../../../modules/aws/deployer/deployer-statements";
import { AWS_DEPLOY_GRANTS } from "../../../../modules/aws/deployer/permissions";
import { environmentArn } from "../../../../modules/aws/deployer/permissions/grant";
import { lookupAction } from "../../../../modules/core/policy/iam-actions";
import { estimatePolicySize } from "../../../../modules/core/policy/policy-size";
import { ValidationError } from "../../../../modules/core/validation";

const SCOPE: DeployerScope = {
  partition: "aws",
  accountId: "111111111111",
  regions: ["eu-west-1", "us-east-1"],
  prefix: "svc-dev-",
  pathPrefix: "svc/dev/",
  vpcIds: ["vpc-0a1b2c3d4e5f60001"],
  tags: { Project: "svc", Environment: "dev" },
  boundaryArn: "arn:aws:iam::111111111111:policy/deployer/svc-dev-permissions-boundary",
  issuerHosts: ["token.actions.githubusercontent.com"],
  types: [...AWS_DEPLOY_GRANTS.keys()],
};

describe("the deploy grants of every type (modules/aws/deployer/permissions)", () => {
  const all = [...AWS_DEPLOY_GRANTS].flatMap(([type, grants]) => grants.map((g) => ({ type, ...g })));

  it("name only actions of the Service Authorization Reference, without wildcards", () => {
    const unknown = all.flatMap((g) => g.actions.filter((a) => !lookupAction(a) || /[*?]/.test(a)).map((a) => `${g.type} ${a}`));
    expect(unknown).toEqual([]);
  });

  it('put "*" only for actions AWS cannot scope to a resource, and scope every other action', () => {
    const wrong = all.flatMap((g) =>
      g.actions.flatMap((a) => {
        const onlyStar = lookupAction(a)!.wildcardOnly;
        const star = g.resources.includes("*");
        return onlyStar !== star && !(star && g.conditions) ? [`${g.type} ${a} on ${g.resources.join(", ")}`] : [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it("reach only the environment: its account, its regions, its name prefix or the ids AWS assigns, its VPCs", () => {
    for (const g of all) {
      for (const pattern of filledResources(SCOPE, g.resources).filter((r) => r !== "*")) {
        expect(pattern).not.toMatch(/\{/);
        const [, partition, , region, account] = pattern.split(":");
        expect(partition).toBe("aws");
        expect(["", "111111111111"]).toContain(account);
        expect(["", "eu-west-1", "us-east-1"]).toContain(region);
      }
    }
  });

  it("take their ARN patterns from the catalog, and name a type the catalog cannot write an ARN for", () => {
    expect(environmentArn("aws_dynamodb_table", { name: "{prefix}*" })).toBe("arn:{partition}:dynamodb:{region}:{account}:table/{prefix}*");
    expect(environmentArn("aws_iam_role", { name: "{prefix}*" })).toBe("arn:{partition}:iam::{account}:role/{prefix}*");
    expect(() => environmentArn("aws_lambda_event_source_mapping", { function_name: "{prefix}*" })).toThrow(/the resource catalog gives no ARN of aws_lambda_event_source_mapping/);
  });

  it("read with reads: every read grant's action is a Get, List or Describe (or API Gateway's GET)", () => {
    const writes = all.filter((g) => g.phase === "read").flatMap((g) => g.actions.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(a) && a !== "apigateway:GET").map((a) => `${g.type} ${a}`));
    expect(writes).toEqual([]);
  });
});

describe("deployerStatements: the plan and apply roles of an environment", () => {
  const { plan, apply } = deployerStatements("deployer-aws-dev", SCOPE);

  it("refuses a type whose deploy permissions are unknown, naming it and where to add it", () => {
    expect(() => deployerStatements("deployer-aws-dev", { ...SCOPE, types: ["aws_lambda_function", "aws_kinesis_firehose_delivery_stream"] })).toThrow(ValidationError);
    expect(() => deployerStatements("deployer-aws-dev", { ...SCOPE, types: ["aws_kinesis_firehose_delivery_stream"] })).toThrow(
      /\[deployer-aws-dev\] types: must be Terraform types whose deploy permissions are known \(modules\/aws\/deployer\/permissions\/<service>\.ts.*received \["aws_kinesis_firehose_delivery_stream"\]/,
    );
  });

  it("gives the plan role no action the apply role's changes need", () => {
    const manage = new Set([...AWS_DEPLOY_GRANTS.values()].flat().filter((g) => g.phase === "manage").flatMap((g) => g.actions));
    const reads = new Set([...AWS_DEPLOY_GRANTS.values()].flat().filter((g) => g.phase === "read").flatMap((g) => g.actions));
    const planActions = plan.flatMap((s) => s.actions);
    expect(planActions.filter((a) => manage.has(a) && !reads.has(a))).toEqual([]);
  });

  it("creates and changes roles only with the boundary, and denies the rest", () => {
    const bounded = apply.find((s) => s.sid === "RolesOnlyWithTheBoundary")!;
    expect(bounded.condition).toEqual([{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [SCOPE.boundaryArn] }]);
    expect(bounded.resources).toEqual(["arn:aws:iam::111111111111:role/svc-dev-*"]);
    const deny = apply.find((s) => s.sid === "DenyRolesWithoutTheBoundary")!;
    expect(deny).toEqual(expect.objectContaining({ effect: "Deny", resources: ["*"], condition: [{ test: "StringNotEquals", variable: "iam:PermissionsBoundary", values: [SCOPE.boundaryArn] }] }));
    expect(apply.find((s) => s.sid === "DenyChangesToTheBoundary")!.resources).toEqual([SCOPE.boundaryArn]);
    expect(apply.find((s) => s.sid === "DenyChangesToTheDeployers")!.resources).toEqual([
      "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
      "arn:aws:iam::111111111111:policy/deployer/*",
      "arn:aws:iam::111111111111:role/deployer/*",
    ]);
  });

  it("passes roles only to the services the environment's types pass them to", () => {
    expect(apply.find((s) => s.sid === "PassOwnRolesToTheirServices")!.condition).toEqual([
      { test: "StringEquals", variable: "iam:PassedToService", values: ["events.amazonaws.com", "lambda.amazonaws.com", "scheduler.amazonaws.com"] },
    ]);
    const lambdaOnly = deployerStatements("x", { ...SCOPE, types: ["aws_iam_role", "aws_lambda_function"] }).apply;
    expect(lambdaOnly.find((s) => s.sid === "PassOwnRolesToTheirServices")!.condition![0].values).toEqual(["lambda.amazonaws.com"]);
    expect(deployerStatements("x", { ...SCOPE, types: ["aws_dynamodb_table"] }).apply.find((s) => s.sid === "PassOwnRolesToTheirServices")).toBeUndefined();
  });

  it("is the same for the same types, whatever their order", () => {
    expect(deployerStatements("x", { ...SCOPE, types: [...SCOPE.types].reverse() })).toEqual(deployerStatements("x", SCOPE));
  });

  it("fits managed policies: no chunk over IAM's 6,144 characters", () => {
    for (const chunk of [...chunks(plan), ...chunks(apply)]) expect(estimatePolicySize(chunk)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    expect(chunks(apply).flat()).toEqual(apply);
  });

  it("keeps state to the environment's prefix: plan reads and writes only lock files, apply reads and writes", () => {
    const state = { bucket: "svc-terraform-state-eu-west-1", keyPrefix: "svc/dev/" };
    expect(stateStatements("aws", state, "plan").map((s) => [s.actions, s.resources])).toEqual([
      [["s3:ListBucket"], ["arn:aws:s3:::svc-terraform-state-eu-west-1"]],
      [["s3:GetObject"], ["arn:aws:s3:::svc-terraform-state-eu-west-1/svc/dev/*"]],
      [["s3:DeleteObject", "s3:PutObject"], ["arn:aws:s3:::svc-terraform-state-eu-west-1/svc/dev/*.tflock"]],
    ]);
    expect(stateStatements("aws", state, "apply").map((s) => s.actions)).toEqual([["s3:ListBucket"], ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]]);
  });
});

describe("the permissions boundary: what the environment's roles hold, generalized", () => {
  it.each([
    ["arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-users", "arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-*"],
    ["arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-users/index/by-email", "arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-*"],
    ["arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/svc-dev-hello:*", "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/svc-dev-*"],
    ["arn:aws:s3:::svc-dev-uploads/*", "arn:aws:s3:::svc-dev-*"],
    ["*", "*"],
    // Not the environment's: kept exact.
    ["arn:aws:sqs:eu-west-1:222222222222:svc-dev-shared", "arn:aws:sqs:eu-west-1:222222222222:svc-dev-shared"],
    ["arn:aws:sns:eu-west-1:111111111111:billing-alerts", "arn:aws:sns:eu-west-1:111111111111:billing-alerts"],
  ])("%s -> %s", (arn, pattern) => {
    expect(generalizeResource(SCOPE, arn)).toBe(pattern);
  });

  it("allows what is held, denies boundary changes, IAM, STS, organizations and every other escalation service no role uses", () => {
    const statements = boundaryStatements(SCOPE, [
      { actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-users"] },
      { actions: ["dynamodb:PutItem"], resources: ["arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-orders"] },
      { actions: ["ec2:CreateNetworkInterface"], resources: ["*"] },
    ]);
    expect(statements.filter((s) => s.effect === "Allow")).toEqual([
      { sid: "Held1", effect: "Allow", actions: ["ec2:CreateNetworkInterface"], resources: ["*"] },
      { sid: "Held2", effect: "Allow", actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resources: ["arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-*"] },
    ]);
    const whole = statements.find((s) => s.sid === "NoEscalationServices")!.actions;
    expect(whole).toEqual(expect.arrayContaining(["iam:*", "sts:*", "organizations:*", "lambda:*"]));
    // ec2 is held (Lambda's ENIs): its escalation actions are denied one by one, the held one is not.
    expect(whole).not.toContain("ec2:*");
    const actions = statements.find((s) => s.sid === "NoEscalationActions")!.actions;
    expect(actions).toEqual(expect.arrayContaining(["ec2:RunInstances", "ec2:AssociateIamInstanceProfile"]));
    expect(actions).not.toContain("ec2:CreateNetworkInterface");
    expect(statements.find((s) => s.sid === "NoBoundaryChange")!.actions).toContain("iam:DeleteRolePermissionsBoundary");
  });
});
