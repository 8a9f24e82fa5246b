import type { IConstruct } from "constructs";
import type { EnvironmentTraits } from "../environment-traits";
import type { ModelBlock, TerraformModel } from "../terraform";

/**
 * One block of a stack as Terraform will receive it (a resource, a data source or a module call):
 * the synthesized config with snake_case attributes, overrides applied and tokens rendered as
 * `${...}` expressions, read through the stack's model (`modules/core/terraform`).
 */
export interface SynthesizedResource {
  /** `managed` for `resource` blocks, `data` for data sources, `module` for module calls. */
  readonly mode: "managed" | "data" | "module";
  /** Terraform type, e.g. `aws_lambda_function`; `module` for a module call. */
  readonly type: string;
  /** Terraform local name (the element's logical id). */
  readonly name: string;
  /** `aws_lambda_function.<name>`, `data.aws_iam_policy_document.<name>`, `module.<name>`: its identity, what `${...}` references name. */
  readonly address: string;
  /**
   * Construct path of the element that renders it, e.g. `aws-prod/Hello/Function`; for a block no
   * construct renders (added by an override), the stack's path and its address.
   */
  readonly path: string;
  /** Construct path relative to its stack, e.g. `Hello/Function`: what a suppression's `path` matches (the address for a block no construct renders). */
  readonly stackPath: string;
  /**
   * The attributes as Terraform will see them, as far as synth can tell (`ModelBlock.config`:
   * `dynamic` blocks over known lists expanded, locals and literal expressions folded in,
   * references to the stack's resources kept as `${...}`; no `//` metadata). Single blocks are
   * objects, repeated blocks arrays.
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** The cdktf element that synthesizes it (annotations are attached here); the stack for a block no construct renders. */
  readonly construct: IConstruct;
  /** The stack's model, which the block belongs to. @default a model of this block alone */
  readonly model?: TerraformModel;
  /** The block in the model (its raw arguments, as written). */
  readonly block?: ModelBlock;
}

/** What a rule sees besides the resource it checks. */
export interface RuleContext {
  /** The environment the pack runs for (`dev`, `stg`, `prod`, ...): for messages; rules decide on `traits`. */
  readonly environment: string;
  /** What the environment is, as its config declares it (`protected`, `rulePackSeverity`); the strictest when undeclared. */
  readonly traits: EnvironmentTraits;
  /** The stack's model: its blocks, locals, variables, policies and every place it cannot read. */
  readonly model: TerraformModel;
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
   * credentials in the state): a suppression naming one is refused. A rule that guards IAM, the
   * network or public exposure (`guards`) cannot be suppressed whatever this says.
   * @default true
   */
  readonly suppressible?: boolean;
  /** What the rule protects (see `RuleGuard`). @default the pack's table in rule-guards.ts, by rule id */
  readonly guards?: RuleGuard;
  /** Terraform types it checks; `data.<type>` for data sources, `module` for module calls, `*` for every block. */
  readonly appliesTo: readonly string[];
  /** Returns the finding's detail (what is wrong and how to fix it), or undefined when compliant. */
  check(resource: SynthesizedResource, context: RuleContext): string | undefined;
}

/**
 * What a rule protects: `iam` (who may do what), `network` (who may connect), `public-exposure`
 * (data or resources open to anyone: policies with `Principal "*"`, ACLs, public access blocks),
 * `public-endpoint` (an endpoint the API makes public on purpose: a route, a function URL, a Cloud
 * Run invoker), `account-configuration` (actions on the whole account's protections, which an
 * account-vending or remediation job needs), `verifiability` (what synth cannot read),
 * `data-protection`, `supply-chain`, `operations`. Findings of `iam`, `network` and
 * `public-exposure` rules cannot be suppressed.
 */
export type RuleGuard = "iam" | "network" | "public-exposure" | "public-endpoint" | "account-configuration" | "verifiability" | "data-protection" | "supply-chain" | "operations";

/** Guards whose findings no suppression may cover. */
export const UNSUPPRESSIBLE_GUARDS: readonly RuleGuard[] = ["iam", "network", "public-exposure"];

/** The key `appliesTo` and `ofType` use for a resource: its type, `data.<type>`, or `module`. */
export function typeKey(resource: Pick<SynthesizedResource, "mode" | "type">): string {
  return resource.mode === "data" ? `data.${resource.type}` : resource.mode === "module" ? "module" : resource.type;
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
