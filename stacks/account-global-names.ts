import { Token, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Names that are unique per account (IAM), per project (GCP service accounts) or in the whole AWS
 * partition (S3 buckets), whatever the region: two stacks in different regions that create the same
 * one plan fine, and the second apply fails (`EntityAlreadyExists`, `BucketAlreadyExists`).
 */
const GLOBAL_NAMES: Readonly<Record<string, { readonly attribute: string; readonly scope: "aws-account" | "aws-partition" | "gcp-project"; readonly what: string }>> = {
  aws_iam_role: { attribute: "name", scope: "aws-account", what: "IAM role name" },
  aws_iam_policy: { attribute: "name", scope: "aws-account", what: "IAM policy name" },
  aws_iam_user: { attribute: "name", scope: "aws-account", what: "IAM user name" },
  aws_iam_group: { attribute: "name", scope: "aws-account", what: "IAM group name" },
  aws_iam_instance_profile: { attribute: "name", scope: "aws-account", what: "IAM instance profile name" },
  aws_s3_bucket: { attribute: "bucket", scope: "aws-partition", what: "S3 bucket name" },
  google_service_account: { attribute: "account_id", scope: "gcp-project", what: "service account id" },
};

/** One account-global name a stack creates. */
export interface GlobalName {
  /** e.g. `aws-account 111111111111 IAM role name svc-dev-hello-role`: equal keys collide. */
  readonly key: string;
  readonly what: string;
  readonly name: string;
  /** Where: `aws account 111111111111`, `the AWS partition`, `GCP project acme-svc-dev`. */
  readonly where: string;
  /** Construct path of the resource. */
  readonly path: string;
}

const cache = new WeakMap<TerraformStack, readonly GlobalName[]>();

/**
 * The account-global names a stack creates, read from its resources as they synthesize (overrides
 * included). A name Terraform computes (a reference) cannot be compared and is left out, and so is an
 * IAM name of a stack whose AWS provider names no account (`allowed_account_ids`).
 */
export function globalNames(stack: TerraformStack): readonly GlobalName[] {
  const cached = cache.get(stack);
  if (cached) return cached;
  const found: GlobalName[] = [];
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const resource = node as TerraformResource;
    const spec = GLOBAL_NAMES[resource.terraformResourceType];
    if (!spec) continue;
    const block = (resource.toTerraform() as { resource?: Record<string, Record<string, unknown>> }).resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] as Record<string, unknown> | undefined;
    const name = block?.[spec.attribute];
    if (typeof name !== "string" || Token.isUnresolved(name) || name.includes("${")) continue;
    const scopeId = scopeOf(stack, resource, spec.scope, block!);
    if (scopeId === undefined) continue;
    const where = spec.scope === "aws-account" ? `AWS account ${scopeId}` : spec.scope === "gcp-project" ? `GCP project ${scopeId}` : "the AWS partition (bucket names are global)";
    // IAM names are case-insensitive: `Svc-Role` and `svc-role` are the same role.
    const compared = spec.scope === "aws-account" ? name.toLowerCase() : name;
    found.push({ key: `${spec.scope} ${scopeId} ${spec.what} ${compared}`, what: spec.what, name, where, path: node.node.path });
  }
  cache.set(stack, found);
  return found;
}

function scopeOf(stack: TerraformStack, resource: TerraformResource, scope: string, block: Record<string, unknown>): string | undefined {
  if (scope === "aws-partition") return "aws";
  const provider = resource.provider ?? defaultProvider(stack, scope === "gcp-project" ? "google" : "aws");
  const config = provider ? ((provider.toTerraform() as { provider?: Record<string, Record<string, unknown>[]> }).provider?.[provider.terraformResourceType]?.[0] ?? {}) : {};
  if (scope === "gcp-project") {
    const project = block.project ?? config.project;
    return typeof project === "string" && !Token.isUnresolved(project) ? project : undefined;
  }
  const accounts = config.allowed_account_ids;
  return Array.isArray(accounts) && accounts.length === 1 && typeof accounts[0] === "string" && !Token.isUnresolved(accounts[0]) ? accounts[0] : undefined;
}

function defaultProvider(stack: TerraformStack, type: string): TerraformProvider | undefined {
  return stack.node
    .findAll()
    .filter((n: IConstruct): n is TerraformProvider => n instanceof TerraformProvider)
    .find((p) => p.terraformResourceType === type && p.alias === undefined);
}

/**
 * Registers, on `stack`, the synth-time check that no other stack of the same app creates one of its
 * account-global names; a collision fails the stack's synth (nothing is written for it) with both
 * stacks, both construct paths and the name. Each stack of a pair reports it, so whichever synthesizes
 * first stops.
 */
export function checkAccountGlobalNames(stack: TerraformStack): void {
  stack.node.addValidation({
    validate: () => {
      const mine = globalNames(stack);
      if (mine.length === 0) return [];
      const errors: string[] = [];
      for (const other of stack.node.root.node.findAll()) {
        if (other === stack || !TerraformStack.isStack(other)) continue;
        const theirs = new Map(globalNames(other).map((g) => [g.key, g]));
        for (const g of mine) {
          const clash = theirs.get(g.key);
          if (!clash) continue;
          errors.push(
            `[account-global-names] ${g.what} "${g.name}" is created by two stacks in ${g.where}: ${stack.node.path} (${g.path}) and ${other.node.path} (${clash.path}). ` +
              `Such names are not regional: give one stack's name what keeps it unique (a stack in another region puts its region in its names).`,
          );
        }
      }
      return errors;
    },
  });
}
