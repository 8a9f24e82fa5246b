import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogEntry, type LocalEmulation, type LocalRole } from "../../modules/core/catalog";
import { isObject, TerraformModel, type Config, type ModelBlock } from "../../modules/core/terraform";

/**
 * `cdktf.out/stacks/<stack>/cdk.tf.json`, read as data (nothing in it is run) through the house's
 * model of synthesized Terraform: the runner reads blocks, references and policies only through
 * `model` and the catalog (modules/core/terraform, modules/core/catalog).
 */
export interface Stack {
  readonly name: string;
  /** The stack's folder: `filename` attributes are relative to it. */
  readonly dir: string;
  /** The app's output folder the stack was read from (its other stacks hold, e.g., permissions boundaries). */
  readonly outdir: string;
  readonly model: TerraformModel;
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
  /** Where the account id came from, printed when it is a stand-in. */
  readonly accountIdSource: "allowed_account_ids" | "--account" | "stand-in";
}

export const STAND_IN_ACCOUNT_ID = "123456789012";

export function readStack(outdir: string, name: string, accountOverride?: string): Stack {
  const dir = join(outdir, "stacks", name);
  const file = join(dir, "cdk.tf.json");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read stack ${name}: ${file}: ${(error as Error).message}`);
  }
  if (accountOverride !== undefined && !/^\d{12}$/.test(accountOverride)) throw new Error(`--account must be 12 digits, got ${accountOverride}`);
  const providers = awsProviders(json);
  const provider = providers.find((p) => p.alias === undefined);
  if (!provider) throw new Error(`stack ${name} has no default aws provider: it is not an AWS stack`);
  const allowed = Array.isArray(provider.allowed_account_ids) ? provider.allowed_account_ids.filter((a) => /^\d{12}$/.test(String(a))) : [];
  const accountId = accountOverride ?? (allowed.length === 1 ? String(allowed[0]) : STAND_IN_ACCOUNT_ID);
  // The stack runs in one account: every provider says so, and the model folds it in wherever the
  // account is asked for (data.aws_caller_identity, ARNs), as apply in that account would.
  const model = TerraformModel.fromJson(inAccount(json as Config, accountId), { name });
  const facts = model.providerFacts();
  const region = facts.region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(facts.region) ? facts.region : undefined;
  if (!region || !facts.partition) throw new Error(`stack ${name}: the aws provider has no literal region (found ${JSON.stringify(provider.region)}); ARNs cannot be built`);
  return {
    name,
    dir,
    outdir,
    model,
    region,
    partition: facts.partition,
    accountId,
    accountIdSource: accountOverride !== undefined ? "--account" : allowed.length === 1 ? "allowed_account_ids" : "stand-in",
  };
}

/** The aws provider blocks, as written. */
function awsProviders(json: unknown): Config[] {
  const providers = isObject(json) && isObject(json.provider) ? json.provider.aws : undefined;
  return (Array.isArray(providers) ? providers : providers ? [providers] : []).filter(isObject);
}

/** The stack's JSON with every aws provider allowed exactly `accountId`. */
function inAccount(json: Config, accountId: string): Config {
  const provider = json.provider as Config;
  const aws = provider.aws;
  const pinned = (p: unknown) => (isObject(p) ? { ...p, allowed_account_ids: [accountId] } : p);
  return { ...json, provider: { ...provider, aws: Array.isArray(aws) ? aws.map(pinned) : pinned(aws) } };
}

/** What the catalog says the runner does with a block's type (undefined: the catalog does not say). */
export function localOf(block: ModelBlock): LocalEmulation | undefined {
  return catalogEntry(block.typeKey)?.local;
}

const byRole = new WeakMap<TerraformModel, Map<LocalRole, ModelBlock[]>>();

/** The stack's resources the catalog says the runner emulates as `role`, in the file's order. */
export function blocksAs(stack: Stack, role: LocalRole): readonly ModelBlock[] {
  let roles = byRole.get(stack.model);
  if (!roles) {
    roles = new Map();
    for (const block of stack.model.blocks) {
      const local = block.mode === "managed" ? localOf(block) : undefined;
      if (local?.kind !== "emulated") continue;
      const list = roles.get(local.as);
      if (list) list.push(block);
      else roles.set(local.as, [block]);
    }
    byRole.set(stack.model, roles);
  }
  return roles.get(role) ?? [];
}

/**
 * The stack's resource types that the runner does not emulate, from the catalog (its `local` slot
 * says `not-emulated`, or the catalog does not describe the type): `<type> (<count>): <what>`.
 */
export function notEmulated(stack: Stack): string[] {
  const counts = new Map<string, { count: number; what: string }>();
  for (const block of stack.model.blocks) {
    if (block.mode !== "managed") continue;
    const entry = catalogEntry(block.typeKey);
    const local = entry?.local;
    if (local?.kind === "emulated" || local?.kind === "inert") continue;
    const what = !entry ? "a type the catalog does not describe" : local?.kind === "not-emulated" ? local.what : "the catalog does not say how it runs locally";
    const seen = counts.get(block.type);
    if (seen) seen.count++;
    else counts.set(block.type, { count: 1, what });
  }
  return [...counts].map(([type, { count, what }]) => `${type} (${count}): ${what}`);
}

/** The construct path cdktf records, for messages; the Terraform address otherwise. */
export function pathOf(block: ModelBlock): string {
  return block.displayPath ?? block.address;
}
