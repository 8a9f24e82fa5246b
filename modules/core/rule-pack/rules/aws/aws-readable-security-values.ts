import { blocks, list, type Config } from "../../config";
import type { Rule, SynthesizedResource } from "../../rule";
import { cannotVerify, unreadableExpressions } from "../readable";
import { POLICY_HOLDERS } from "./iam-statements";
import { POLICY_ATTACHMENTS } from "./managed-policies";
import { RESOURCE_POLICY_ATTRIBUTES } from "./resource-policies";

/** Where each type keeps what the IAM, network and public-access rules judge. */
function places(resource: SynthesizedResource): [string, unknown][] {
  const c = resource.config;
  switch (resource.type) {
    case "aws_iam_policy_document":
      return [
        ...blocks(c.statement).flatMap((s, i): [string, unknown][] => [
          [`statement[${i}].actions`, [s.actions, s.not_actions]],
          [`statement[${i}].resources`, [s.resources, s.not_resources]],
          [`statement[${i}].principals`, [principals(s.principals), principals(s.not_principals)]],
        ]),
        ["source_policy_documents", [c.source_policy_documents, c.override_policy_documents]],
      ];
    case "aws_iam_role":
      return [
        ["assume_role_policy", c.assume_role_policy],
        ...blocks(c.inline_policy).map((p, i): [string, unknown] => [`inline_policy[${i}].policy`, p.policy]),
        ["managed_policy_arns", c.managed_policy_arns],
      ];
    case "aws_security_group":
      return blocks(c.ingress).map((b, i): [string, unknown] => [`ingress[${i}] CIDRs`, [b.cidr_blocks, b.ipv6_cidr_blocks]]);
    case "aws_security_group_rule":
      return c.type === "ingress" ? [["cidr_blocks", [c.cidr_blocks, c.ipv6_cidr_blocks]]] : [];
    case "aws_vpc_security_group_ingress_rule":
      return [["cidr_ipv4/cidr_ipv6", [c.cidr_ipv4, c.cidr_ipv6]]];
    case "aws_lambda_permission":
    case "aws_lambda_layer_version_permission":
      return [["principal", c.principal]];
    default: {
      const attribute = RESOURCE_POLICY_ATTRIBUTES[resource.type] ?? POLICY_ATTACHMENTS[resource.type] ?? ((POLICY_HOLDERS as readonly string[]).includes(resource.type) ? "policy" : undefined);
      return attribute ? [[attribute, c[attribute]]] : [];
    }
  }
}

function principals(value: unknown): unknown[] {
  return blocks(value).map((p: Config) => list(p.identifiers));
}

const TYPES = [
  "data.aws_iam_policy_document",
  "aws_iam_role",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_lambda_permission",
  "aws_lambda_layer_version_permission",
  ...POLICY_HOLDERS.filter((t) => t !== "aws_iam_role"),
  ...Object.keys(RESOURCE_POLICY_ATTRIBUTES),
  ...Object.keys(POLICY_ATTACHMENTS).filter((t) => t !== "aws_iam_role"),
];

export const awsReadableSecurityValues: Rule = {
  id: "aws-readable-security-values",
  title: "Policies, principals and CIDRs are readable at synth",
  checkov: [],
  trivy: [],
  description:
    "Outside `dev`, what the IAM, network and public-access rules judge holds only literal text and references to resources and data sources of the stack (checked on their own): no `var.`, `local.`, `jsonencode(...)`, `file(...)` or other Terraform expression in a policy (identity, trust or resource policy, attached policy ARN), a policy document's actions, resources or principals, a Lambda permission's principal or an ingress CIDR. Such a value could be `\"*\"` or `0.0.0.0/0` and no rule could tell: it is reported as \"cannot verify\" instead of passing. Write the policy as a policy document (ServerlessFunction policyStatements), or suppress with the reason the value is safe.",
  appliesTo: [...new Set(TYPES)],
  check(resource, context) {
    if (context.environment === "dev") return undefined;
    const problems = places(resource)
      .map(([place, value]) => [place, unreadableExpressions(value)] as const)
      .filter(([, unreadable]) => unreadable.length > 0)
      .map(([place, unreadable]) => cannotVerify(place, unreadable));
    return problems.length > 0 ? `${problems.join("; ")}; the IAM and network rules cannot judge it` : undefined;
  },
};
