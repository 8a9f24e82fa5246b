import { resourceStatements, type IamStatement } from "./iam-statements";
import { catalogEntries } from "../../../catalog";
import type { SynthesizedResource } from "../../rule";
import { openCidrs } from "../cidrs";

/**
 * Resource-based policies: the types that hold one and the attribute it is in, as the catalog says
 * (`resource-policy` grants). A policy given as `${data.aws_iam_policy_document.x.json}` is checked
 * on the document.
 */
export const RESOURCE_POLICY_ATTRIBUTES: Readonly<Record<string, string>> = Object.fromEntries(
  catalogEntries().flatMap((e) => (e.grants ?? []).flatMap((g) => (g.kind === "resource-policy" && g.policy !== undefined ? [[e.type, g.policy]] : []))),
);

/** The statements of a resource-based policy the resource holds itself (literal JSON, or JSON the model reads through a local or `jsonencode`). */
export function resourcePolicyStatements(resource: SynthesizedResource): IamStatement[] {
  return RESOURCE_POLICY_ATTRIBUTES[resource.type] !== undefined ? resourceStatements(resource) : [];
}

/**
 * Condition keys that pin who may use a statement granted to `"*"`: the calling account,
 * organization, principal, source resource or network. `aws:SecureTransport` and the like say how,
 * not who, and do not count.
 */
const RESTRICTING_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalservicename",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:userid",
  "aws:username",
  "kms:calleraccount",
  "lambda:functionarn",
];
/** Operators that restrict a key to the values given (negations, `Null` and `...IfExists` do not). */
const RESTRICTING_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

/** True when one condition of the statement pins the caller to named accounts, principals, sources or networks. */
export function hasRestrictingCondition(statement: IamStatement): boolean {
  return statement.conditions.some(
    (c) =>
      RESTRICTING_OPERATOR.test(c.test) &&
      RESTRICTING_KEYS.includes(c.variable.toLowerCase()) &&
      c.values.length > 0 &&
      c.values.every((v) => v !== "" && !/^[*?]+$/.test(v)) &&
      // aws:SourceIp 0.0.0.0/0 (or ::/0, or ranges that add up to every address) pins no network.
      (c.variable.toLowerCase() !== "aws:sourceip" || openCidrs(c.values).length === 0),
  );
}

/** True when a principal entry means anyone: `"*"`, or `AWS: "*"`. */
export function isPublicPrincipal(principal: IamStatement["principals"][number]): boolean {
  return (principal.type === "*" || principal.type === "AWS") && principal.identifiers.includes("*");
}
