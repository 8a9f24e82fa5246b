import type { IConstruct } from "constructs";

/**
 * One resource or data source of a stack as Terraform will receive it: the synthesized config with
 * snake_case attributes, overrides applied and tokens rendered as `${...}` expressions.
 */
export interface SynthesizedResource {
  /** `managed` for `resource` blocks, `data` for data sources. */
  readonly mode: "managed" | "data";
  /** Terraform type, e.g. `aws_lambda_function`. */
  readonly type: string;
  /** Terraform local name (the element's logical id). */
  readonly name: string;
  /** `aws_lambda_function.<name>` or `data.aws_iam_policy_document.<name>`: what `${...}` references name. */
  readonly address: string;
  /** Construct path, e.g. `aws-prod/Hello/Function`. */
  readonly path: string;
  /** Construct path relative to its stack, e.g. `Hello/Function`: what a suppression's `path` matches. */
  readonly stackPath: string;
  /** The synthesized attributes (without cdktf's `//` metadata). Single blocks are objects, repeated blocks arrays. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The cdktf element that synthesizes it (annotations are attached here). */
  readonly construct: IConstruct;
}

/** What a rule sees besides the resource it checks. */
export interface RuleContext {
  /** The environment the pack runs for (`dev`, `stg`, `prod`, ...). */
  readonly environment: string;
  /** Every resource and data source of the stack, in construct-tree order. */
  readonly resources: readonly SynthesizedResource[];
  /** The resources of one type; `data.<type>` for data sources. */
  ofType(type: string): readonly SynthesizedResource[];
  /** The resource an address names (`aws_s3_bucket.x` or `data.aws_iam_policy_document.x`). */
  byAddress(address: string): SynthesizedResource | undefined;
  /** The resources that `${...}` references inside `value` (a string, list or block) point to. */
  referencedBy(value: unknown): readonly SynthesizedResource[];
}

/**
 * One check of the pack. A rule reads synthesized config only, so it judges what Terraform will
 * apply, whichever construct (or raw provider class) produced it.
 */
export interface Rule {
  /** Kebab-case id, e.g. `lambda-tracing`: what findings start with and what suppressions name. */
  readonly id: string;
  /** Short statement of what is expected, e.g. `Lambda functions trace with X-Ray`. */
  readonly title: string;
  /** The checkov check ids it stands for (may be empty when checkov has none). */
  readonly checkov: readonly string[];
  /** The trivy check ids it stands for (may be empty when trivy has none). */
  readonly trivy: readonly string[];
  /** What it checks and why, for the README table. */
  readonly description: string;
  /**
   * False for rules whose findings no reason can justify (full administrator access, long-lived
   * credentials in the state): a suppression naming one is refused.
   * @default true
   */
  readonly suppressible?: boolean;
  /** Terraform types it checks; `data.<type>` for data sources. */
  readonly appliesTo: readonly string[];
  /** Returns the finding's detail (what is wrong and how to fix it), or undefined when compliant. */
  check(resource: SynthesizedResource, context: RuleContext): string | undefined;
}

/** The key `appliesTo` and `ofType` use for a resource: its type, or `data.<type>`. */
export function typeKey(resource: Pick<SynthesizedResource, "mode" | "type">): string {
  return resource.mode === "data" ? `data.${resource.type}` : resource.type;
}

/** `[<rule-id>] <title>: <detail> (checkov <ids>; trivy <ids>)`: the one format of every finding. */
export function formatFinding(rule: Rule, detail: string): string {
  return `[${rule.id}] ${rule.title}: ${detail} (checkov ${idList(rule.checkov)}; trivy ${idList(rule.trivy)})`;
}

function idList(ids: readonly string[]): string {
  return ids.length > 0 ? ids.join(", ") : "none";
}

/** Rule ids are kebab-case: lowercase letters and digits in dash-separated words. */
export const RULE_ID_FORMAT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
