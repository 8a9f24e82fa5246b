import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

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
 * Reads a `cdktf.out`-style directory. Uses `manifest.json` when present (stack list and
 * annotations); without one, every `stacks/<name>/cdk.tf.json` is a stack with no annotations.
 */
export function loadSynthOutput(dir: string, label = dir): SynthOutput {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`${dir}: not a directory (expected a cdktf synth output such as cdktf.out)`);
  }
  const manifestFile = join(root, "manifest.json");
  const entries: [string, ManifestStack][] = existsSync(manifestFile)
    ? Object.entries((readJson(manifestFile) as { stacks?: Record<string, ManifestStack> }).stacks ?? {})
    : stackDirectories(root).map((name) => [name, {}]);
  if (entries.length === 0 && !existsSync(manifestFile)) {
    // cdktf writes manifest.json last: without it and without any stack, the synth failed or never ran.
    throw new Error(`${dir}: no manifest.json and no stacks/<name>/cdk.tf.json (did the synth fail? expected a cdktf synth output such as cdktf.out)`);
  }

  const stacks = new Map<string, SynthStack>();
  for (const [key, entry] of entries.sort(([a], [b]) => compareText(a, b))) {
    const name = entry.name ?? key;
    const file = join(root, entry.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json"));
    if (!existsSync(file)) throw new Error(`${dir}: stack ${name} has no ${file}`);
    stacks.set(name, {
      name,
      config: readJson(file) as TerraformJson,
      annotations: (entry.annotations ?? []).map((a) => ({
        constructPath: String(a.constructPath ?? ""),
        level: String(a.level ?? ""),
        message: typeof a.message === "string" ? a.message : JSON.stringify(a.message),
      })),
    });
  }
  return { label, stacks };
}

function stackDirectories(root: string): string[] {
  const dir = join(root, "stacks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, "cdk.tf.json")));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** Locale-independent ordering, so reports are the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
