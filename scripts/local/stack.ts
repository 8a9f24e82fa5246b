import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A Terraform JSON block as cdktf writes it (attribute name to value). */
export type Block = Record<string, unknown>;

/** `cdktf.out/stacks/<stack>/cdk.tf.json`, read as data; nothing in it is run. */
export interface Stack {
  readonly name: string;
  /** The stack's folder: `filename` attributes are relative to it. */
  readonly dir: string;
  /** The app's output folder the stack was read from (its other stacks hold, e.g., permissions boundaries). */
  readonly outdir?: string;
  readonly resources: Readonly<Record<string, Readonly<Record<string, Block>>>>;
  readonly data: Readonly<Record<string, Readonly<Record<string, Block>>>>;
  /** The stack's `locals` (values that references may use). */
  readonly locals: Readonly<Record<string, unknown>>;
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
  let json: Block;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as Block;
  } catch (error) {
    throw new Error(`cannot read stack ${name}: ${file}: ${(error as Error).message}`);
  }
  const provider = defaultAwsProvider(json, name);
  const region = typeof provider.region === "string" && /^[a-z]{2}(-[a-z]+)+-\d$/.test(provider.region) ? provider.region : undefined;
  if (!region) throw new Error(`stack ${name}: the aws provider has no literal region (found ${JSON.stringify(provider.region)}); ARNs cannot be built`);
  const allowed = Array.isArray(provider.allowed_account_ids) ? provider.allowed_account_ids.filter((a) => /^\d{12}$/.test(String(a))) : [];
  const accountId = accountOverride ?? (allowed.length === 1 ? String(allowed[0]) : STAND_IN_ACCOUNT_ID);
  if (accountOverride !== undefined && !/^\d{12}$/.test(accountOverride)) throw new Error(`--account must be 12 digits, got ${accountOverride}`);
  return {
    name,
    dir,
    outdir,
    resources: (json.resource ?? {}) as Stack["resources"],
    data: (json.data ?? {}) as Stack["data"],
    locals: (json.locals ?? {}) as Stack["locals"],
    region,
    partition: region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws",
    accountId,
    accountIdSource: accountOverride !== undefined ? "--account" : allowed.length === 1 ? "allowed_account_ids" : "stand-in",
  };
}

/** The provider block without an alias (the one resources use unless they name another). */
function defaultAwsProvider(json: Block, stack: string): Block {
  const providers = (json.provider as Block | undefined)?.aws;
  const list = (Array.isArray(providers) ? providers : providers ? [providers] : []) as Block[];
  const block = list.find((p) => p.alias === undefined);
  if (!block) throw new Error(`stack ${stack} has no default aws provider: it is not an AWS stack`);
  return block;
}

/** Every resource of a type, as [name, block], in the file's (sorted) order. */
export function resourcesOf(stack: Stack, type: string): [string, Block][] {
  return Object.entries(stack.resources[type] ?? {});
}

export function resource(stack: Stack, type: string, name: string): Block | undefined {
  return stack.resources[type]?.[name];
}

/** A block's nested block: Terraform JSON writes single blocks as an object or a one-element list. */
export function nested(block: Block, key: string): Block | undefined {
  const value = block[key];
  if (Array.isArray(value)) return value[0] as Block | undefined;
  return value && typeof value === "object" ? (value as Block) : undefined;
}

export function nestedList(block: Block, key: string): Block[] {
  const value = block[key];
  if (Array.isArray(value)) return value as Block[];
  return value && typeof value === "object" ? [value as Block] : [];
}

/** The construct path cdktf records, for messages; the Terraform address otherwise. */
export function pathOf(block: Block, type: string, name: string): string {
  const meta = (block["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
  return meta?.path ?? `${type}.${name}`;
}
