import { TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { catalogEntry, type GlobalNameScope } from "../modules/core/catalog";
import { isObject, TerraformModel } from "../modules/core/terraform";
import { finalModel, onFinalModel, type StackModel } from "../modules/core/terraform/stack";

/**
 * Names that are unique in a region of an account (queues, tables, functions, log groups), per
 * account (IAM), per project (GCP service accounts, topics, secrets), in the whole AWS partition (S3
 * buckets) or in all of Google Cloud (Cloud Storage buckets): two resources that create the same one,
 * in one stack or in two (in different regions, for the wider scopes), plan fine, and the second
 * apply fails (`EntityAlreadyExists`, `QueueAlreadyExists`, `BucketAlreadyExists`). Which types have
 * such names, in which argument and how far, is the catalog's (`globalNames` in modules/core/catalog).
 */

/** One account-global name a stack creates. */
export interface GlobalName {
  /** e.g. `aws-account 111111111111 IAM role name svc-dev-hello-role`: equal keys collide. */
  readonly key: string;
  readonly what: string;
  readonly name: string;
  /** Where: `AWS account 111111111111`, `the AWS partition`, `GCP project acme-svc-dev`. */
  readonly where: string;
  /** Construct path of the resource. */
  readonly path: string;
}

const provisional = new WeakMap<TerraformStack, readonly GlobalName[]>();
const ofFinal = new WeakMap<TerraformModel, readonly GlobalName[]>();

/**
 * The account-global names a stack creates, read through its model: the final rendering once the
 * stack has been judged in this synth (every override, aspect and validation applied), else a
 * model of the resources that have such names, rendered one by one. A name the model cannot read
 * (a reference, a variable) cannot be compared and is left out, and so is an IAM name of a stack
 * whose AWS provider names no account (`allowed_account_ids`).
 */
export function globalNames(stack: TerraformStack): readonly GlobalName[] {
  const final = finalModel(stack);
  if (final) return finalNames(final);
  let names = provisional.get(stack);
  if (!names) provisional.set(stack, (names = provisionalNames(stack)));
  return names;
}

/** The names of a stack's final model, read once. */
function finalNames(final: StackModel): readonly GlobalName[] {
  let names = ofFinal.get(final.model);
  if (!names) ofFinal.set(final.model, (names = namesOf(final.model, final.stack, (address) => final.constructOf(address))));
  return names;
}

/** The names of a model's blocks, as the catalog says where each type keeps them. */
function namesOf(model: TerraformModel, stack: TerraformStack, constructOf: (address: string) => IConstruct | undefined): GlobalName[] {
  const found: GlobalName[] = [];
  for (const block of model.blocks) {
    if (block.mode !== "managed") continue;
    for (const spec of catalogEntry(block.typeKey)?.globalNames ?? []) {
      const name = block.config[spec.attribute];
      if (typeof name !== "string" || name === "" || name.includes("${") || name.includes("%{")) continue;
      const scope = scopeOf(model, block.address, spec.scope, stack);
      if (scope === undefined) continue;
      const compared = spec.caseInsensitive ? name.toLowerCase() : name;
      found.push({
        key: `${spec.scope} ${scope.id} ${spec.what} ${compared}`,
        what: spec.what,
        name,
        where: scope.where,
        path: constructOf(block.address)?.node.path ?? `${stack.node.path}/${block.address}`,
      });
    }
  }
  return found;
}

function scopeOf(model: TerraformModel, address: string, scope: GlobalNameScope, stack: TerraformStack): { id: string; where: string } | undefined {
  const facts = model.providerFacts(address);
  switch (scope) {
    case "aws-region": {
      if (!facts.region) return undefined;
      if (facts.accountId) return { id: `${facts.accountId} ${facts.region}`, where: `AWS account ${facts.accountId}, region ${facts.region}` };
      // No account named: only the stack's own resources of one provider are known to share one.
      const provider = model.block(address)?.raw.provider;
      return { id: `${stack.node.path} ${String(provider ?? "aws")} ${facts.region}`, where: `region ${facts.region} of ${stack.node.path}'s account` };
    }
    case "aws-account":
      return facts.accountId ? { id: facts.accountId, where: `AWS account ${facts.accountId}` } : undefined;
    case "aws-partition":
      // A provider whose region only Terraform knows is most likely in the usual partition: compare there.
      return { id: facts.partition ?? "aws", where: `the ${facts.partition && facts.partition !== "aws" ? `${facts.partition} ` : "AWS "}partition (bucket names are global)` };
    case "gcp-project":
      return facts.project ? { id: facts.project, where: `GCP project ${facts.project}` } : undefined;
    case "gcp-global":
      return { id: "gcp", where: "all of Google Cloud (bucket names are global)" };
  }
}

/**
 * Before a stack's own synth (another stack of the app is being judged), its resources with
 * global names and its providers, each rendered on its own, make a small model: enough to read
 * names and the accounts and projects they live in.
 */
function provisionalNames(stack: TerraformStack): GlobalName[] {
  const json: Record<string, Record<string, unknown>> = { resource: {}, provider: {} };
  const constructs = new Map<string, IConstruct>();
  for (const node of stack.node.findAll()) {
    if (node instanceof TerraformProvider) {
      merge(json, node.toTerraform());
    } else if (TerraformResource.isTerraformResource(node)) {
      const resource = node as TerraformResource;
      if (!catalogEntry(resource.terraformResourceType)?.globalNames) continue;
      merge(json, resource.toTerraform());
      constructs.set(`${resource.terraformResourceType}.${resource.friendlyUniqueId}`, node);
    }
  }
  return namesOf(TerraformModel.fromJson(json, { name: stack.node.path }), stack, (address) => constructs.get(address));
}

/** Merges one element's rendering (`{ resource: { type: { name: {...} } } }`, `{ provider: { aws: [...] } }`) into a stack's JSON. */
function merge(into: Record<string, Record<string, unknown>>, rendered: unknown): void {
  if (!isObject(rendered)) return;
  for (const section of ["resource", "provider"] as const) {
    const part = rendered[section];
    if (!isObject(part)) continue;
    for (const [type, value] of Object.entries(part)) {
      const existing = into[section][type];
      if (section === "provider") into[section][type] = [...(Array.isArray(existing) ? existing : []), ...(Array.isArray(value) ? value : [value])];
      else into[section][type] = { ...(isObject(existing) ? existing : {}), ...(isObject(value) ? value : {}) };
    }
  }
}

/**
 * Registers, on `stack`, the synth-time check that no other stack of the same app creates one of its
 * account-global names; a collision fails the stack's synth (nothing is written for it) with both
 * stacks, both construct paths and the name. Each stack of a pair reports it, so whichever synthesizes
 * first stops. It reads the stack's final rendering, the one the rule pack judges and cdktf writes.
 */
export function checkAccountGlobalNames(stack: TerraformStack): void {
  onFinalModel(stack, (final: StackModel) => {
    const mine = finalNames(final);
    if (mine.length === 0) return [];
    const errors: string[] = [];
    const seen = new Map<string, GlobalName>();
    for (const g of mine) {
      const first = seen.get(g.key);
      if (!first) seen.set(g.key, g);
      else if (first.path !== g.path) {
        errors.push(`[account-global-names] ${g.what} "${g.name}" is created twice in ${g.where} by ${stack.node.path}: ${first.path} and ${g.path}. Give one of them another name.`);
      }
    }
    for (const other of stack.node.root.node.findAll()) {
      if (other === stack || !TerraformStack.isStack(other)) continue;
      const theirs = new Map(globalNames(other).map((g) => [g.key, g]));
      for (const g of mine) {
        const clash = theirs.get(g.key);
        if (!clash) continue;
        errors.push(
          `[account-global-names] ${g.what} "${g.name}" is created by two stacks in ${g.where}: ${stack.node.path} (${g.path}) and ${other.node.path} (${clash.path}). ` +
            (g.key.startsWith("aws-region ")
            ? "Give one of them another name (stacks of one account and region share their names)."
            : `Such names are not regional: give one stack's name what keeps it unique (a stack in another region puts its region in its names).`),
        );
      }
    }
    return errors;
  });
}
