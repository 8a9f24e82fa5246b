import { grantedActions } from "./action-patterns";
import { exactValuesOf, showCondition, type Condition, type ConditionReading } from "./conditions";

/** The condition key that names the services a role may be passed to. */
export const PASSED_TO_SERVICE = "iam:PassedToService";

/**
 * Why a statement that grants `iam:PassRole` (by name, by a wildcard such as `iam:Pass*`, or through
 * `NotAction`) does not say which services the role may be passed to, or undefined when it does
 * (a `StringEquals`/`StringLike` condition on `iam:PassedToService` naming each service, without
 * wildcards). Without it, whoever holds the permission can hand the role to any service that runs
 * code (EC2, Lambda, Glue, CloudFormation...) and act with it there (IAM User Guide, "Grant a user
 * permissions to pass a role to an AWS service"; Rhino Security Labs' PassRole methods).
 */
export function passRoleProblem(
  statement: { readonly actions: readonly string[]; readonly notActions?: readonly string[]; readonly conditions: readonly Condition[] },
  reading: ConditionReading = {},
): string | undefined {
  if (grantedActions(statement, ["iam:PassRole"]).length === 0) return undefined;
  const { values, ignored } = exactValuesOf(statement.conditions, PASSED_TO_SERVICE, reading);
  if (values) return undefined;
  const judged = ignored.length > 0 ? ` (judged as no condition: ${ignored.map((i) => `${showCondition(i.condition)}, since ${i.why}`).join("; ")})` : "";
  return `iam:PassRole without a condition naming the services the role may be passed to${judged}`;
}
