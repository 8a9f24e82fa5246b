import { TerraformProvider, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { awsPartitionOf, isAwsRegion, isGcpRegion } from "./regions";
import { isUnresolved, Validator } from "./validation";

/** What a stack's default AWS provider says about every resource it creates. */
export interface AwsStackContext {
  /** The provider's region, when it is literal text and a valid region name. */
  readonly region?: string;
  /** The partition of `region` (`aws`, `aws-cn`, `aws-us-gov`...). */
  readonly partition?: string;
  /**
   * The one account the provider may use (`allowed_account_ids` naming exactly one, as literal text):
   * source accounts and ARNs are written from it at synth (offline plans cannot ask `aws_caller_identity`).
   */
  readonly accountId?: string;
  /** The provider's default tags (every `default_tags` block merged), added to every resource's own. */
  readonly defaultTags: Readonly<Record<string, string>>;
}

/** What a stack's default Google provider says about every resource it creates. */
export interface GoogleStackContext {
  readonly region?: string;
  readonly project?: string;
  /** `default_labels`, added to every resource's own labels. */
  readonly defaultLabels: Readonly<Record<string, string>>;
  /**
   * Whether the provider adds `goog-terraform-provisioned = true` to every resource's labels
   * (`add_terraform_attribution_label`, on by default since google provider 6.0).
   */
  readonly attributionLabel: boolean;
}

export interface StackContext {
  /** The stack's default (unaliased) `aws` provider, when it has one. */
  readonly aws?: AwsStackContext;
  /** The stack's default (unaliased) `google` provider, when it has one. */
  readonly google?: GoogleStackContext;
}

/**
 * What the providers of `scope`'s stack tell about apply time: region, partition, default tags and
 * labels. Constructs check their props against it at synth (an ARN of another partition, a layer
 * from another region, more tags than AWS allows once the default tags are added), through
 * `checkAgainstStack`, which checks again at synth a construct created before its provider. Values
 * only Terraform knows (variables, references) are left out. With `only`, just that cloud's
 * provider is looked for: the search stops at it (a stack's provider comes first, before the
 * constructs), instead of walking every construct of the stack.
 */
export function stackContext(scope: IConstruct, only?: keyof StackContext): StackContext {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return {};
  }
  const { aws, google } = defaultProviders(stack, only ? [only] : ["aws", "google"]);
  return {
    ...(aws ? { aws: awsContext(aws) } : {}),
    ...(google ? { google: googleContext(google) } : {}),
  };
}

/** The cloud a provider configures, for the providers the constructs read. */
function cloudOf(provider: TerraformProvider): keyof StackContext | undefined {
  const type = provider.terraformResourceType;
  return type === "aws" ? "aws" : type === "google" || type === "google-beta" ? "google" : undefined;
}

/**
 * The first default (unaliased) provider of each wanted cloud in the stack, in construct order
 * (depth first, as `node.findAll()` lists them), stopping once every wanted one is found.
 */
function defaultProviders(stack: TerraformStack, wanted: readonly (keyof StackContext)[]): Partial<Record<keyof StackContext, TerraformProvider>> {
  const found: Partial<Record<keyof StackContext, TerraformProvider>> = {};
  let missing = wanted.length;
  const todo: IConstruct[] = [stack];
  while (todo.length > 0) {
    const construct = todo.pop()!;
    if (construct instanceof TerraformProvider && construct.alias === undefined) {
      const cloud = cloudOf(construct);
      if (cloud !== undefined && wanted.includes(cloud) && found[cloud] === undefined) {
        found[cloud] = construct;
        if (--missing === 0) return found;
      }
    }
    const children = construct.node.children;
    for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]);
  }
  return found;
}

function awsContext(provider: TerraformProvider): AwsStackContext {
  const p = provider as unknown as { region?: unknown; defaultTags?: unknown; allowedAccountIds?: unknown };
  const region = literal(p.region);
  const accounts = p.allowedAccountIds;
  const accountId = Array.isArray(accounts) && accounts.length === 1 ? literal(accounts[0]) : undefined;
  const defaultTags: Record<string, string> = {};
  const blocks = overridden(provider, "default_tags") ?? p.defaultTags;
  for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
    const tags = (block as { tags?: unknown } | undefined)?.tags;
    Object.assign(defaultTags, stringMap(tags));
  }
  return {
    region: isAwsRegion(region) ? region : undefined,
    partition: isAwsRegion(region) ? awsPartitionOf(region) : undefined,
    accountId: typeof accountId === "string" ? accountId : undefined,
    defaultTags,
  };
}

function googleContext(provider: TerraformProvider): GoogleStackContext {
  const p = provider as unknown as { region?: unknown; project?: unknown; defaultLabels?: unknown; addTerraformAttributionLabel?: unknown };
  const region = literal(p.region);
  const attribution = overridden(provider, "add_terraform_attribution_label") ?? p.addTerraformAttributionLabel;
  return {
    region: isGcpRegion(region) ? region : undefined,
    project: literal(p.project),
    // This project's stacks set the labels by override, which keeps the keys as written.
    defaultLabels: { ...stringMap(p.defaultLabels), ...stringMap(overridden(provider, "default_labels")) },
    attributionLabel: attribution !== false && attribution !== "false",
  };
}

function overridden(provider: TerraformProvider, key: string): unknown {
  const raw = (provider as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides;
  return raw && typeof raw === "object" ? raw[key] : undefined;
}

function literal(value: unknown): string | undefined {
  return typeof value === "string" && !isUnresolved(value) ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value) || isUnresolved(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** The labels a Google provider adds to every resource: its default labels and, unless turned off, `goog-terraform-provisioned`. */
export function labelsAddedByProvider(google: GoogleStackContext | undefined): Readonly<Record<string, string>> {
  if (!google) return {};
  return { ...google.defaultLabels, ...(google.attributionLabel ? { "goog-terraform-provisioned": "true" } : {}) };
}

/**
 * Runs `check`, the checks of a construct that depend on its stack's providers, against the stack
 * as it is now. When the stack has no `cloud` provider yet (a construct created before its
 * provider), the same checks run again when the app synthesizes (a construct validation, which
 * cdktf runs before writing the stack), against the providers the stack has then.
 */
export function checkAgainstStack(
  v: Validator,
  scope: IConstruct,
  cloud: keyof StackContext,
  kind: string,
  check: (v: Validator, context: StackContext) => void,
  now: StackContext = stackContext(scope, cloud),
): void {
  check(v, now);
  if (now[cloud] !== undefined) return;
  scope.node.addValidation({
    validate: () => {
      const later = stackContext(scope, cloud);
      if (later[cloud] === undefined) return [];
      const problems = new Validator(kind, scope.node.path);
      check(problems, later);
      try {
        problems.throwIfInvalid();
        return [];
      } catch (e) {
        return [(e as Error).message];
      }
    },
  });
}
