import { resourceStatements, type IamStatement } from "./iam-statements";
import { catalogEntries } from "../../../catalog";
import type { SynthesizedResource } from "../../rule";
import { pinsCaller, showCondition, type IgnoredCondition } from "../../../policy/conditions";
import { CALLER_READING } from "./condition-reading";

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
 * Whether one condition of the statement pins the caller to named accounts, organizations,
 * principals, sources or networks (`pinsCaller` in modules/core/policy/conditions.ts), reading the
 * values as the pack does: what Terraform computes from anything but the stack's resources is
 * unknown, and a condition on it is judged as no condition.
 */
export function callerPinning(statement: IamStatement): { pins: boolean; ignored: readonly IgnoredCondition[] } {
  return pinsCaller(statement.conditions, CALLER_READING);
}

/** True when one condition of the statement pins the caller (see `callerPinning`). */
export function hasRestrictingCondition(statement: IamStatement): boolean {
  return callerPinning(statement).pins;
}

/** Why the conditions of a statement on caller keys did not count, for a finding; "" when none. */
export function ignoredConditionsText(ignored: readonly IgnoredCondition[]): string {
  return ignored.length > 0 ? ` (judged as no condition: ${ignored.map((i) => `${showCondition(i.condition)}, since ${i.why}`).join("; ")})` : "";
}

/** True when a principal entry means anyone: `"*"`, or `AWS: "*"`. */
export function isPublicPrincipal(principal: IamStatement["principals"][number]): boolean {
  return (principal.type === "*" || principal.type === "AWS") && principal.identifiers.includes("*");
}
