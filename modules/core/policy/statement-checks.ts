import type { IConstruct } from "constructs";
import { checkAgainstStack } from "../stack-context";
import { isUnresolved, type Validator } from "../validation";
import { accountDestructiveActionsOf } from "./account-destructive-actions";
import type { Condition } from "./conditions";
import { passRoleProblem, PASSED_TO_SERVICE } from "./pass-role";
import { grantedActions } from "./action-patterns";
import { ROLE_MUTATING_ACTIONS, selfModification, type RoleIdentity } from "./role-self-modification";
import { placeProblem, resourceTypeProblem } from "./resource-types";
import { renderReferences } from "./token-references";

/** The fields of a statement these checks read (`PolicyStatement`'s, as received: not yet validated). */
interface StatementFields {
  readonly actions: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly conditions?: unknown;
  readonly reason?: unknown;
}

/** Who the statements are granted to: what the checks of a statement's targets need. */
export interface StatementTarget {
  /** The construct the statements belong to: its stack's provider gives the allowed account and region. */
  readonly scope: IConstruct;
  /** What a check made later (a provider added after the construct) reports as, e.g. `ServerlessFunction props`. */
  readonly kind: string;
  /** The role the statements are written into: they may not let it change itself. */
  readonly role?: RoleIdentity;
}

/**
 * The checks of what one statement acts on, beyond its own shape:
 * - `iam:PassRole` names the services the role may be passed to (`iam:PassedToService`);
 * - an account-level destructive action (`ACCOUNT_DESTRUCTIVE_ACTIONS`) comes with a `reason`;
 * - nothing lets the statement's own role change itself (`ROLE_MUTATING_ACTIONS` on its ARN,
 *   written out or as a reference);
 * - every resource is of a resource type of the actions' services (Service Authorization Reference).
 * References are read as the Terraform references they render to; what only Terraform knows is left alone.
 */
export function checkStatementTargets(v: Validator, at: string, s: StatementFields, effect: string, conditions: readonly Condition[], target?: StatementTarget): void {
  // Wildcard actions are refused on their own: only the actions a statement may hold are judged.
  const actions = (s.actions as readonly unknown[]).filter((a): a is string => typeof a === "string" && !isUnresolved(a) && !/[*?]/.test(a));
  const resources = (s.resources as readonly unknown[]).map((r, j) => ({ j, text: typeof r === "string" ? renderReferences(r) : undefined }));
  if (effect === "Allow") {
    if (passRoleProblem({ actions, conditions })) {
      v.fail(
        `${at}.conditions`,
        `a condition naming the services the role may be passed to, such as { StringEquals: { "${PASSED_TO_SERVICE}": "lambda.amazonaws.com" } }: iam:PassRole without it lets the role be handed to any service that runs code (EC2, Glue, CloudFormation...) and used there`,
        s.conditions,
      );
    }
    const destructive = [...new Set(actions.flatMap(accountDestructiveActionsOf))];
    if (destructive.length > 0 && s.reason === undefined) {
      v.fail(
        `${at}.reason`,
        `a reason (at least 3 words) for ${destructive.join(", ")}: ${destructive.length === 1 ? "it changes" : "they change"} the whole account (its organization, public access block, default encryption, password policy, threat detection or audit trail), not one resource of the function`,
        s.reason,
      );
    }
    if (target?.role) {
      const mutating = grantedActions({ actions }, ROLE_MUTATING_ACTIONS);
      for (const { j, text } of resources) {
        if (text === undefined) continue;
        if (mutating.length > 0 && text.includes("${?}")) {
          // A value only Terraform computes (a function of references) could be the role itself.
          v.fail(
            `${at}.resources[${j}]`,
            `a resource written out or as a plain reference: ${mutating.join(", ")} on a value only Terraform computes cannot be verified not to be the function's own role`,
            s.resources[j],
          );
          continue;
        }
        const found = selfModification({ effect, actions, resources: [text] }, target.role);
        if (found) {
          v.fail(
            `${at}.resources[${j}]`,
            `a resource other than the function's own role (${target.role.name ?? target.role.address}): ${found.actions.join(", ")} on it would let the function grant itself any permission, whatever else the role allows`,
            s.resources[j],
          );
        }
      }
    }
  }
  for (const { j, text } of resources) {
    if (text === undefined) continue;
    const problem = resourceTypeProblem(text, actions);
    if (problem) v.fail(`${at}.resources[${j}]`, problem, s.resources[j]);
  }
}

/**
 * Refuses resource ARNs of another account or region than the stack's provider allows (its
 * `allowed_account_ids`, when it names one, and its region), unless the statement has a `reason`.
 * Checked again at synth when the provider comes after the construct.
 */
export function checkStatementPlaces(v: Validator, prop: string, statements: readonly unknown[], target: StatementTarget): void {
  checkAgainstStack(v, target.scope, "aws", target.kind, (v, { aws }) => {
    if (!aws) return;
    statements.forEach((s, i) => {
      const statement = s as Partial<StatementFields> | null;
      if (statement === null || typeof statement !== "object" || !Array.isArray(statement.resources) || statement.reason !== undefined) return;
      statement.resources.forEach((r: unknown, j: number) => {
        if (typeof r !== "string") return;
        const problem = placeProblem(renderReferences(r), aws);
        if (problem) v.fail(`${prop}[${i}].resources[${j}]`, problem, r);
      });
    });
  });
}
