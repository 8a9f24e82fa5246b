import { isExpression } from "../../config";
import type { Rule } from "../../rule";
import { isDeployerRole } from "./deployer-identities";
import { modelOf } from "./iam-statements";

const CUSTOMER_MANAGED_POLICY = /^arn:[a-z-]+:iam::(\d{12}):policy\/.+$/;

export const iamRolePermissionsBoundary: Rule = {
  id: "iam-role-permissions-boundary",
  title: "Every role of a protected environment carries its permissions boundary",
  suppressible: false,
  guards: "iam",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (config: `protected: true`), every `aws_iam_role` but the environment's own deployer roles has `permissions_boundary` set to the environment's boundary (`arn:aws:iam::<account>:policy/deployer/<project>-<env>-permissions-boundary`, declared by its config), written out: what any role of the environment may ever hold, which its deployer may not change. `ServiceStack` sets it on every role, constructs' and raw `IamRole`s alike; this catches a role an escape hatch rewrote or a stack not built on `ServiceStack`. Where the environment declares no deployer, the boundary must still be a customer-managed policy of the stack's account. A boundary only Terraform knows (`${var.boundary}`, a reference) cannot be verified and is a finding. Cannot be suppressed.",
  appliesTo: ["aws_iam_role"],
  check(role, context) {
    if (!context.traits.protected || role.mode !== "managed") return undefined;
    const traits = context.traits.deployer;
    if (isDeployerRole(role, traits)) return undefined;
    const boundary = role.config.permissions_boundary;
    if (boundary === undefined || boundary === null || boundary === "") {
      return `has no permissions_boundary in ${context.environment}, a protected environment; every role carries ${traits ? traits.permissionsBoundaryArn : "the environment's boundary"} (ServiceStack sets it)`;
    }
    if (typeof boundary !== "string" || isExpression(boundary)) {
      return `permissions_boundary is ${JSON.stringify(boundary)}, a value only Terraform knows: the boundary cannot be verified; write the environment's boundary ARN`;
    }
    if (traits) {
      if (boundary !== traits.permissionsBoundaryArn) return `permissions_boundary is ${boundary}, not the environment's boundary ${traits.permissionsBoundaryArn}`;
      return undefined;
    }
    const account = CUSTOMER_MANAGED_POLICY.exec(boundary)?.[1];
    const own = modelOf(role).providerFacts(role.address).accountId;
    if (!account) return `permissions_boundary is ${boundary}, not a customer-managed policy (arn:aws:iam::<account>:policy/...)`;
    if (own !== undefined && account !== own) return `permissions_boundary ${boundary} is a policy of account ${account}, not of the stack's account ${own}`;
    return undefined;
  },
};
