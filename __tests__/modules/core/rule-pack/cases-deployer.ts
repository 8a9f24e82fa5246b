import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { TerraformStack } from "cdktf";
import type { RuleCases } from "./cases";
import { LIVE } from "./helpers";

/**
 * The deployer identities' rules, on `live`: a protected environment whose config declares its
 * deployers (GitHub `acme/svc`, HCP Terraform organization `acme`), as config/deployers.ts would
 * (see helpers.ts). Its account is 123456789012, its names `svc-live-...`.
 */
const ACCOUNT = LIVE.accountId;
const BOUNDARY = LIVE.permissionsBoundaryArn;
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const HCP = `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`;

function provider(stack: TerraformStack, account = ACCOUNT): void {
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [account] });
}

type Condition = { test: string; variable: string; values: string[] };
const exact = (host: string, sub: string[], aud: string): Condition[] => [
  { test: "StringEquals", variable: `${host}:aud`, values: [aud] },
  { test: "StringEquals", variable: `${host}:sub`, values: sub },
];

/** A deployer role's trust document. */
function trust(stack: TerraformStack, principal: string, condition: Condition[], actions = ["sts:AssumeRoleWithWebIdentity"]): void {
  provider(stack);
  new DataAwsIamPolicyDocument(stack, "Trust", { statement: [{ effect: "Allow", actions, principals: [{ type: "Federated", identifiers: [principal] }], condition }] });
}

/** The live apply role (`role/deployer/svc-live-github-apply`, a declared deployer) with one managed policy of these statements. */
function deployer(stack: TerraformStack, statement: DataAwsIamPolicyDocumentStatement[], name = "svc-live-github-apply", path = "/deployer/"): void {
  provider(stack);
  const role = new IamRole(stack, "Role", {
    name,
    path,
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: GITHUB }, Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/svc:environment:live" } } }] }),
  });
  const doc = new DataAwsIamPolicyDocument(stack, "Doc", { statement });
  const policy = new IamPolicy(stack, "Policy", { name: "svc-live-deployer-apply-1", path: "/deployer/", policy: doc.json });
  new IamRolePolicyAttachment(stack, "Attach", { role: role.name, policyArn: policy.arn });
}

/** The live boundary (`policy/deployer/svc-live-permissions-boundary`) with these statements. */
function boundary(stack: TerraformStack, statement: DataAwsIamPolicyDocumentStatement[]): void {
  provider(stack);
  const doc = new DataAwsIamPolicyDocument(stack, "Doc", { statement });
  new IamPolicy(stack, "Boundary", { name: "svc-live-permissions-boundary", path: "/deployer/", policy: doc.json });
}

const BOUNDED: Condition[] = [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [BOUNDARY] }];
const NO_BOUNDARY_REMOVAL: DataAwsIamPolicyDocumentStatement = { sid: "NoBoundaryChange", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"], resources: ["*"] };
const ROLES = `arn:aws:iam::${ACCOUNT}:role/svc-live-*`;

function workloadRole(stack: TerraformStack, permissionsBoundary?: string): void {
  provider(stack);
  new IamRole(stack, "Role", {
    name: "svc-live-orders-role",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] }),
    permissionsBoundary,
  });
}

export const DEPLOYER_CASES: Readonly<Record<string, RuleCases>> = {
  "iam-trust-service-principals": {
    compliant: {
      "the live GitHub deploy job's exact subject and audience": { build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:live"], "sts.amazonaws.com")), environment: "live" },
      "the live GitHub plan job's exact subject": { build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:live-plan"], "sts.amazonaws.com")), environment: "live" },
      "HCP Terraform runs of the project's workspaces, one phase each": {
        build: (s) => trust(s, HCP, exact("app.terraform.io", ["organization:acme:project:Default Project:workspace:svc-aws-live:run_phase:apply", "organization:acme:project:Default Project:workspace:svc-gcp-live:run_phase:apply"], "aws.workload.identity")),
        environment: "live",
      },
    },
    noncompliant: {
      "a federated trust where the environment declares no deployer": {
        build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:prod"], "sts.amazonaws.com")),
        detail: /the environment declares no deployer/,
      },
      "StringLike on the subject (every branch of the repository)": {
        build: (s) => trust(s, GITHUB, [{ test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] }, { test: "StringLike", variable: "token.actions.githubusercontent.com:sub", values: ["repo:acme/svc:*"] }]),
        environment: "live",
        detail: /does not require token\.actions\.githubusercontent\.com:sub to equal exact values \(StringEquals, not StringLike\)/,
      },
      "a wildcard in a StringEquals subject": {
        build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:*"], "sts.amazonaws.com")),
        environment: "live",
        detail: /accepts token\.actions\.githubusercontent\.com:sub "repo:acme\/svc:environment:\*", which is not one exact value/,
      },
      "no audience": {
        build: (s) => trust(s, GITHUB, [{ test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: ["repo:acme/svc:environment:live"] }]),
        environment: "live",
        detail: /does not require token\.actions\.githubusercontent\.com:aud/,
      },
      "another repository": {
        build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/other:environment:live"], "sts.amazonaws.com")),
        environment: "live",
        detail: /trusts the subject "repo:acme\/other:environment:live", which is not one of the environment's deployers/,
      },
      "another environment's deploy job": {
        build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:prod"], "sts.amazonaws.com")),
        environment: "live",
        detail: /not one of the environment's deployers/,
      },
      "another organization's workspace": {
        build: (s) => trust(s, HCP, exact("app.terraform.io", ["organization:evil:project:Default Project:workspace:svc-aws-live:run_phase:apply"], "aws.workload.identity")),
        environment: "live",
        detail: /not one of the environment's deployers/,
      },
      "a provider of another account": {
        build: (s) => trust(s, "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com", exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:live"], "sts.amazonaws.com")),
        environment: "live",
        detail: /an OIDC provider of account 210987654321/,
      },
      "an issuer that does not deploy the environment": {
        build: (s) => trust(s, `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`, exact("gitlab.com", ["project_path:acme/svc:ref_type:branch:ref:main"], "sts.amazonaws.com")),
        environment: "live",
        detail: /trusts tokens of gitlab\.com, which does not deploy the environment/,
      },
      "the role may also be assumed with sts:AssumeRole": {
        build: (s) => trust(s, GITHUB, exact("token.actions.githubusercontent.com", ["repo:acme/svc:environment:live"], "sts.amazonaws.com"), ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"]),
        environment: "live",
        detail: /also grants sts:AssumeRole to a federated identity/,
      },
    },
  },
  "iam-deployer-bounded": {
    compliant: {
      "roles created and changed only with the boundary, on the environment's names": {
        build: (s) => deployer(s, [{ sid: "Roles", effect: "Allow", actions: ["iam:CreateRole", "iam:PutRolePolicy"], resources: [ROLES], condition: BOUNDED }]),
        environment: "live",
      },
      "functions of the environment, event source mappings scoped to them, security groups AWS names": {
        build: (s) =>
          deployer(s, [
            { sid: "Functions", effect: "Allow", actions: ["lambda:CreateFunction", "lambda:UpdateFunctionCode"], resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:svc-live-*`] },
            { sid: "Mappings", effect: "Allow", actions: ["lambda:CreateEventSourceMapping"], resources: ["*"], condition: [{ test: "ArnLike", variable: "lambda:FunctionArn", values: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:svc-live-*`] }] },
            { sid: "Groups", effect: "Allow", actions: ["ec2:DeleteSecurityGroup"], resources: [`arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/*`] },
            { sid: "State", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::svc-terraform-state/svc/live/*"] },
            { sid: "Pass", effect: "Allow", actions: ["iam:PassRole"], resources: [ROLES], condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] }] },
          ]),
        environment: "live",
      },
      "a boundary of held actions on the environment's names, denying boundary removal": {
        build: (s) => boundary(s, [{ sid: "Held", effect: "Allow", actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/svc-live-*`] }, NO_BOUNDARY_REMOVAL]),
        environment: "live",
      },
      "secrets named as paths under the environment's path": {
        build: (s) => deployer(s, [{ sid: "Secrets", effect: "Allow", actions: ["secretsmanager:CreateSecret"], resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:svc/live/*`] }]),
        environment: "live",
      },
      "a boundary holding one secret of the environment's path (its 6 random characters as ?)": {
        build: (s) => boundary(s, [{ sid: "Held", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:svc/live/orders/api-key-??????`] }, NO_BOUNDARY_REMOVAL]),
        environment: "live",
      },
      "a role that is not a declared deployer is not judged here": { build: (s) => deployer(s, [{ effect: "Allow", actions: ["iam:CreateRole"], resources: [ROLES] }], "ci-deployer", "/"), environment: "live" },
    },
    noncompliant: {
      "creating roles without the boundary condition": {
        build: (s) => deployer(s, [{ sid: "Roles", effect: "Allow", actions: ["iam:CreateRole"], resources: [ROLES] }]),
        environment: "live",
        detail: /allows iam:CreateRole without StringEquals iam:PermissionsBoundary = arn:aws:iam::123456789012:policy\/deployer\/svc-live-permissions-boundary/,
      },
      "creating roles with another boundary": {
        build: (s) => deployer(s, [{ sid: "Roles", effect: "Allow", actions: ["iam:PutRolePolicy"], resources: [ROLES], condition: [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [`arn:aws:iam::${ACCOUNT}:policy/open`] }] }]),
        environment: "live",
        detail: /allows iam:PutRolePolicy without StringEquals iam:PermissionsBoundary/,
      },
      "secrets of a path that merely contains the environment's": {
        build: (s) => deployer(s, [{ sid: "Secrets", effect: "Allow", actions: ["secretsmanager:CreateSecret"], resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*svc/live/*`] }]),
        environment: "live",
        detail: /secret:\*svc\/live\/\*" is neither under the environment's name prefix svc-live-/,
      },
      "secrets of another environment's path": {
        build: (s) => deployer(s, [{ sid: "Secrets", effect: "Allow", actions: ["secretsmanager:CreateSecret"], resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:svc/prod/*`] }]),
        environment: "live",
        detail: /secret:svc\/prod\/\*" is neither under the environment's name prefix svc-live-/,
      },
      "every table of the account": {
        build: (s) => deployer(s, [{ sid: "Tables", effect: "Allow", actions: ["dynamodb:DeleteTable"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`] }]),
        environment: "live",
        detail: /table\/\*" is neither under the environment's name prefix svc-live- nor every resource of one kind AWS names by id/,
      },
      "another account's functions": {
        build: (s) => deployer(s, [{ sid: "Functions", effect: "Allow", actions: ["lambda:UpdateFunctionCode"], resources: ["arn:aws:lambda:eu-west-1:210987654321:function:svc-live-*"] }]),
        environment: "live",
        detail: /outside the environment's account 123456789012/,
      },
      "an escalation action on every function of the account": {
        build: (s) => deployer(s, [{ sid: "Functions", effect: "Allow", actions: ["lambda:UpdateFunctionCode"], resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*`] }]),
        environment: "live",
        detail: /function:\*" is not under the environment's name prefix svc-live-/,
      },
      "an escalation action on \"*\" with nothing confining it": {
        build: (s) => deployer(s, [{ sid: "Mappings", effect: "Allow", actions: ["lambda:CreateEventSourceMapping"], resources: ["*"] }]),
        environment: "live",
        detail: /allows lambda:CreateEventSourceMapping on "\*" without a condition that confines it/,
      },
      "passing roles outside the environment": {
        build: (s) => deployer(s, [{ sid: "Pass", effect: "Allow", actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/admin`], condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] }] }]),
        environment: "live",
        detail: /passes roles outside the environment: "arn:aws:iam::123456789012:role\/admin"/,
      },
      "removing boundaries": {
        build: (s) => deployer(s, [{ sid: "Shed", effect: "Allow", actions: ["iam:DeleteRolePermissionsBoundary"], resources: [ROLES] }]),
        environment: "live",
        detail: /allows iam:DeleteRolePermissionsBoundary: a role could shed the boundary/,
      },
      "editing the boundary": {
        build: (s) => deployer(s, [{ sid: "Edit", effect: "Allow", actions: ["iam:CreatePolicyVersion"], resources: [`arn:aws:iam::${ACCOUNT}:policy/deployer/*`] }]),
        environment: "live",
        detail: /allows iam:CreatePolicyVersion on the boundary/,
      },
      "a boundary that does not deny removing boundaries": {
        build: (s) => boundary(s, [{ sid: "Held", effect: "Allow", actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/svc-live-users`] }]),
        environment: "live",
        detail: /the boundary does not deny iam:DeleteRolePermissionsBoundary on every resource/,
      },
      "a boundary allowing an escalation action on a pattern": {
        build: (s) => boundary(s, [{ sid: "Held", effect: "Allow", actions: ["lambda:UpdateFunctionCode"], resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:svc-live-*`] }, NO_BOUNDARY_REMOVAL]),
        environment: "live",
        detail: /a boundary allows escalation actions on exact resources only/,
      },
    },
  },
  "iam-role-permissions-boundary": {
    compliant: {
      "a role with the environment's boundary": { build: (s) => workloadRole(s, BOUNDARY), environment: "live" },
      "a deployer role (it is not bounded by what it creates)": { build: (s) => deployer(s, []), environment: "live" },
      "a role without a boundary in an unprotected environment": { build: (s) => workloadRole(s), environment: "dev" },
      "a protected environment nothing deploys (no boundary to carry)": { build: (s) => workloadRole(s), environment: "prod" },
    },
    noncompliant: {
      "a role without a boundary": { build: (s) => workloadRole(s), environment: "live", detail: /has no permissions_boundary in live, a protected environment/ },
      "another boundary": {
        build: (s) => workloadRole(s, `arn:aws:iam::${ACCOUNT}:policy/open`),
        environment: "live",
        detail: /permissions_boundary is arn:aws:iam::123456789012:policy\/open, not the environment's boundary/,
      },
      "a boundary only Terraform knows": { build: (s) => workloadRole(s, "${var.boundary}"), environment: "live", detail: /a value only Terraform knows: the boundary cannot be verified/ },
      "an AWS-managed policy as the boundary": {
        build: (s) => workloadRole(s, "arn:aws:iam::aws:policy/AdministratorAccess"),
        environment: "live",
        detail: /permissions_boundary is arn:aws:iam::aws:policy\/AdministratorAccess, not the environment's boundary/,
      },
    },
  },
};
