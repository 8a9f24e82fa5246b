import { catalogEntry } from "../../../core/catalog";

/**
 * What a deployer needs to plan and apply blocks of one Terraform type, written once per type (one
 * file per AWS service here): the actions the AWS provider (5.x) calls when it reads (a plan's
 * refresh, and every apply), creates, updates and deletes that type, and what they act on. The
 * environment's plan and apply roles are computed from the types its stacks use; a type without an
 * entry stops the identity stack's synth, naming it.
 *
 * Resource patterns use placeholders, filled per environment:
 * - `{partition}`, `{account}`: the environment's; `{region}`: each of its regions;
 * - `{prefix}`: the names of everything the environment's stacks create (`<project>-<env>-`);
 * - `{path}`: names written as paths, where the service's convention is one (`<project>/<env>/`);
 * - `{vpc}`: each VPC id of the environment's config.
 * A pattern with `*` in place of an id is for resources whose id AWS assigns (API Gateway APIs,
 * security groups, event source mappings): they are scoped to the environment's account and
 * regions, and by the environment's tags where `tagged` says so (the provider's default tags put
 * `Project` and `Environment` on every resource it creates).
 */
export interface DeployGrant {
  /** `read`: what refreshing the state calls (plan and apply roles); `manage`: what create, update and delete call besides (apply role). */
  readonly phase: "read" | "manage";
  readonly actions: readonly string[];
  /** ARN patterns with the placeholders above, or `"*"` for actions AWS cannot scope to a resource. */
  readonly resources: readonly string[];
  /**
   * `resource`: the statement requires `aws:ResourceTag/Project` and `aws:ResourceTag/Environment`
   * to be the environment's; `request`: the request must carry them (`aws:RequestTag/...`, creation).
   */
  readonly tagged?: "resource" | "request";
  /** More conditions (IAM JSON map form), with the placeholders above. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** The service a role this type names is passed to (`iam:PassRole` with `iam:PassedToService`), and the argument naming the role. */
  readonly passRole?: { readonly service: string; readonly attribute: string };
}

/** The grants of each Terraform type one file knows. */
export type DeployGrants = Readonly<Record<string, readonly DeployGrant[]>>;

/**
 * The ARN pattern of the environment's resources of a type: the catalog's ARN of one whose
 * arguments are `config` (`{ name: "{prefix}*" }`), in `{partition}`, `{region}` and `{account}`.
 * ARN formats are written once, in the catalog, so what a deployer may manage and what the identity
 * stack checks a resource against (its catalog ARN) cannot drift apart.
 */
export function environmentArn(type: string, config: Readonly<Record<string, string>>): string {
  const arn = catalogEntry(type)?.arn?.(config, { partition: "{partition}", region: "{region}", accountId: "{account}" });
  if (arn === undefined) throw new Error(`the resource catalog gives no ARN of ${type} for ${JSON.stringify(config)}`);
  return arn;
}
