import { passRoleProblem } from "../../../policy/pass-role";
import type { Rule } from "../../rule";
import { CONDITION_READING } from "./condition-reading";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

export const iamPassRoleToService: Rule = {
  id: "iam-pass-role-to-service",
  title: "Roles are passed only to the services a condition names",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "Every Allow statement of an identity policy that grants `iam:PassRole` (by name, by a wildcard such as `iam:Pass*` or `iam:*`, or left in by `NotAction`) has a condition on `iam:PassedToService` that names each service (`StringEquals` or `StringLike`, `ForAnyValue:` allowed, without wildcards: `*.amazonaws.com` names none), and that really restricts: `...IfExists`, `ForAllValues:` without `Null` false, or a value only Terraform knows (`${var.x}`) count as no condition. Without it the role can be handed to any service that runs code (EC2, Glue, CloudFormation, CodeBuild...) and used there, whatever its ARN. Cannot be suppressed.",
  appliesTo: IAM_POLICY_TYPES,
  check(resource) {
    const problems = permissionStatements(resource)
      .filter((s) => s.effect === "Allow" && s.principals.length === 0 && !s.hasNotPrincipals)
      .map((s) => [s, passRoleProblem(s, CONDITION_READING)] as const)
      .filter(([, problem]) => problem !== undefined)
      .map(([s, problem]) => `${s.label} grants ${problem}`);
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}; add { test = "StringEquals", variable = "iam:PassedToService", values = ["lambda.amazonaws.com"] } (the services that receive the role)`;
  },
};
