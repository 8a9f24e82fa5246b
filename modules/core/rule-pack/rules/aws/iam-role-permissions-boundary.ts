import { isExpression } from "../../config";
import type { Rule } from "../../rule";
import { isDeployerRole } from "./deployer-identities";

export const iamRolePermissionsBoundary: Rule = {
  id: "iam-role-permissions-boundary",
  title: "Every role of a protected environment carries its permissions boundary",
  suppressible: false,
  guards: "iam",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (config: `protected: true`) that has deployer identities (its config declares them: a GitHub repository, or HCP Terraform), every `aws_iam_role` but those deployer roles has `permissions_boundary` set to the environment's boundary (`arn:aws:iam::<account>:policy/deployer/<project>-<env>-permissions-boundary`), written out: what any role of the environment may ever hold, which its deployer may not change. `ServiceStack` sets it on every role, constructs' and raw `IamRole`s alike; this catches a role an escape hatch rewrote or a stack not built on `ServiceStack`. A boundary only Terraform knows (`${var.boundary}`, a reference) cannot be verified and is a finding. An environment nothing deploys has no boundary to carry. Cannot be suppressed.",
  appliesTo: ["aws_iam_role"],
  check(role, context) {
    const traits = context.traits.deployer;
    if (!context.traits.protected || !traits || role.mode !== "managed") return undefined;
    if (isDeployerRole(role, traits)) return undefined;
    const boundary = role.config.permissions_boundary;
    if (boundary === undefined || boundary === null || boundary === "") {
      return `has no permissions_boundary in ${context.environment}, a protected environment; every role carries ${traits.permissionsBoundaryArn} (ServiceStack sets it)`;
    }
    if (typeof boundary !== "string" || isExpression(boundary)) {
      return `permissions_boundary is ${JSON.stringify(boundary)}, a value only Terraform knows: the boundary cannot be verified; write the environment's boundary ARN`;
    }
    if (boundary !== traits.permissionsBoundaryArn) return `permissions_boundary is ${boundary}, not the environment's boundary ${traits.permissionsBoundaryArn}`;
    return undefined;
  },
};
