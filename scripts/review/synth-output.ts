import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

/** A cdktf annotation as `manifest.json` records it (`Annotations.of(scope).addWarning(...)`). */
export interface Annotation {
  readonly constructPath: string;
  /** `@cdktf/info`, `@cdktf/warn` or `@cdktf/error`. */
  readonly level: string;
  readonly message: string;
}

/** Terraform JSON as cdktf writes it to `stacks/<name>/cdk.tf.json`. */
export type TerraformJson = Record<string, unknown>;

export interface SynthStack {
  readonly name: string;
  readonly config: TerraformJson;
  readonly annotations: readonly Annotation[];
}

/** One `cdktf synth` output directory: its stacks, by name, in name order. */
export interface SynthOutput {
  /** What the report calls this side: a directory or a git ref. */
  readonly label: string;
  readonly stacks: ReadonlyMap<string, SynthStack>;
}

interface ManifestStack {
  readonly name?: string;
  readonly synthesizedStackPath?: string;
  readonly annotations?: readonly { constructPath?: string; level?: string; message?: unknown }[];
}

/** An empty output: what a side without any synth (e.g. a base ref without cdktf.json) compares as. */
export function emptySynthOutput(label: string): SynthOutput {
  return { label, stacks: new Map() };
}

/**
 * Reads a `cdktf.out`-style directory, refusing anything it cannot trust: the review of a partial
 * output would show stacks as removed or unchanged when they are not. cdktf writes `manifest.json`
 * last, so an output without it comes from a synth that failed, was killed or never ran.
 * Refused (with the reason): no directory, no `manifest.json`, a manifest or stack file that is
 * empty, not JSON or not a JSON object, a manifest without `stacks`, a stack whose file is missing
 * or whose `synthesizedStackPath` points outside the directory.
 */
export function loadSynthOutput(dir: string, label = dir): SynthOutput {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`${dir}: not a directory (expected a cdktf synth output such as cdktf.out)`);
  }
  const manifestFile = join(root, "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new Error(
      `${dir}: no manifest.json; cdktf writes it last, so the synth failed, was killed or never ran (did the synth fail? run \`npm run synth\` again)`,
    );
  }
  const manifest = readJsonObject(manifestFile, "the manifest");
  if (!manifest.stacks || typeof manifest.stacks !== "object" || Array.isArray(manifest.stacks)) {
    throw new Error(`${manifestFile}: no "stacks" object (not a cdktf manifest)`);
  }
  const entries = Object.entries(manifest.stacks as Record<string, ManifestStack>);

  const realRoot = realpathSync(root);
  const stacks = new Map<string, SynthStack>();
  for (const [key, entry] of entries.sort(([a], [b]) => compareText(a, b))) {
    if (!entry || typeof entry !== "object") throw new Error(`${manifestFile}: stack ${key} is not an object`);
    const name = typeof entry.name === "string" && entry.name !== "" ? entry.name : key;
    const relativePath = entry.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json");
    if (typeof relativePath !== "string" || isAbsolute(relativePath)) {
      throw new Error(`${manifestFile}: stack ${name}: synthesizedStackPath ${JSON.stringify(relativePath)} is not a path inside ${dir}`);
    }
    const file = resolve(root, relativePath);
    if (!inside(root, file)) throw new Error(`${manifestFile}: stack ${name}: synthesizedStackPath ${JSON.stringify(relativePath)} points outside ${dir}`);
    if (!existsSync(file)) throw new Error(`${dir}: stack ${name} is in manifest.json but its file ${relativePath} is missing (a partial synth output)`);
    if (!inside(realRoot, realpathSync(file))) throw new Error(`${manifestFile}: stack ${name}: ${relativePath} links outside ${dir}`);
    const config = readJsonObject(file, `stack ${name}`);
    if (Object.keys(config).length === 0) throw new Error(`${file}: stack ${name} is an empty JSON object (a partial synth output)`);
    stacks.set(name, {
      name,
      config,
      annotations: (entry.annotations ?? []).map((a) => ({
        constructPath: String(a.constructPath ?? ""),
        level: String(a.level ?? ""),
        message: typeof a.message === "string" ? a.message : JSON.stringify(a.message),
      })),
    });
  }
  return { label, stacks };
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function readJsonObject(file: string, what: string): Record<string, unknown> {
  const text = readFileSync(file, "utf8");
  if (text.trim() === "") throw new Error(`${file}: ${what} is empty (a partial synth output)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: ${what} is not valid JSON (${(error as Error).message})`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${file}: ${what} is not a JSON object (got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value})`);
  }
  return value as Record<string, unknown>;
}

/** Locale-independent ordering, so reports are the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
