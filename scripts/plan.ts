// `npm run plan -- <stack>`: an offline `terraform plan` of one synthesized AWS stack, in seconds,
// without a cloud account: the stack's copy has no backend and a provider that never calls AWS
// (scripts/terraform/offline.ts), providers come from a local mirror when one is found
// (TF_PROVIDER_MIRROR, /opt/tf-plugins, ...), from the registry otherwise. Prints what would be
// created, changed or destroyed and Terraform's `Plan:` line; a failing init or plan prints
// Terraform's errors and exits 1. See docs/deploying.md.
//
// The stack comes from cdktf.out when that is newer than every source file; otherwise the app is
// synthesized (that stack only where `npm run synth -- <stack>` supports it) into a temporary folder,
// and cdktf.out is left as it is.
//
//   npm run plan -- aws-dev                  plan aws-dev
//   npm run plan -- aws-dev --full           print Terraform's whole plan
//   npm run plan -- aws-dev --outdir <dir>   plan from that synth output as it is (no staleness check)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { findProviderMirror, findTerraform, planPrepared, prepareOfflineCopy, requiredProviders, writeCliConfig, type TerraformRun } from "./terraform/offline";
import { projectOutdir, staleReason } from "./terraform/stale";

const ROOT = resolve(__dirname, "..");
const USAGE = "Usage: npm run plan -- <stack> [--full] [--outdir <synth output>]";
/** A path as the user reads it: relative inside the project, absolute elsewhere. */
const shown = (path: string) => (path.startsWith(`${ROOT}/`) ? relative(ROOT, path) : path);

export class PlanUsageError extends Error {
  override name = "PlanUsageError";
}

export interface PlanOptions {
  readonly stack: string;
  /** Print Terraform's whole plan, not only the summary. */
  readonly full: boolean;
  /** A synth output to plan from as it is. */
  readonly outdir?: string;
}

export function parseArgs(argv: readonly string[]): PlanOptions {
  const stacks: string[] = [];
  let full = false;
  let outdir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--full") full = true;
    else if (arg === "--outdir" || arg === "--output" || arg === "-o") {
      outdir = argv[++i];
      if (!outdir) throw new PlanUsageError(`${arg} needs a folder\n${USAGE}`);
    } else if (arg === "--help" || arg === "-h") throw new PlanUsageError(USAGE);
    else if (arg.startsWith("-")) throw new PlanUsageError(`unknown option ${arg}\n${USAGE}`);
    else stacks.push(arg);
  }
  if (stacks.length !== 1) throw new PlanUsageError(`${stacks.length === 0 ? "name the stack to plan" : `one stack at a time (got ${stacks.join(", ")})`}\n${USAGE}`);
  return { stack: stacks[0], full, outdir };
}

/** The stacks of a synth output, from its manifest (else its folders). */
function stacksIn(outdir: string): string[] {
  const manifest = join(outdir, "manifest.json");
  if (existsSync(manifest)) return Object.keys((JSON.parse(readFileSync(manifest, "utf8")) as { stacks: Record<string, unknown> }).stacks).sort();
  return existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")).sort() : [];
}

/** Checks that `outdir` holds `stack` and that the stack is one this command can plan; returns its folder. */
export function plannableStackDir(outdir: string, stack: string, where = `in ${shown(outdir)}`): string {
  const dir = join(outdir, "stacks", stack);
  const file = join(dir, "cdk.tf.json");
  if (!existsSync(file)) {
    const known = stacksIn(outdir);
    throw new PlanUsageError(`no stack ${stack} ${where}; the stacks are: ${known.join(", ") || "(none)"}`);
  }
  const providers = requiredProviders(JSON.parse(readFileSync(file, "utf8")));
  const others = providers.filter((p) => p !== "aws");
  if (providers.length === 0 || others.length > 0) {
    throw new PlanUsageError(
      `${stack} uses the provider(s) ${others.join(", ") || "(none)"}: npm run plan plans AWS stacks offline (it gives the AWS provider dummy credentials); ` +
        `plan this one with \`npx cdktf plan ${stack}\` and the cloud's credentials`,
    );
  }
  return dir;
}

/** The folder `npm run synth` writes (cdktf.json's "output", else cdktf.out). */
function defaultOutdir(): string {
  return projectOutdir(ROOT);
}

/**
 * Synthesizes into `outdir` with `npm run synth`'s script, naming the stack (a synth that takes names
 * writes only it). Its output is shown when it fails.
 */
function synthesize(outdir: string, stack: string): void {
  const run = spawnSync(process.execPath, [join(ROOT, "scripts", "synth.js"), "--output", outdir, stack], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (run.status !== 0) throw new Error(`${run.stdout}${run.stderr}synth failed (exit ${run.status ?? run.signal}): nothing to plan`);
}


/** What to print of a plan: the resource changes and the summary, or Terraform's whole output. */
export function summary(run: TerraformRun, full: boolean): string {
  if (!run.ok) return run.output;
  const planned = run.output.slice(run.output.lastIndexOf("$ terraform plan"));
  if (full) return planned;
  const lines = planned.split("\n");
  const changes = lines.filter((l) => /^ {2}# \S+ (will be|must be|has moved)/.test(l)).map((l) => l.replace(/^ {2}# /, "  "));
  const at = lines.findIndex((l) => l.startsWith("Changes to Outputs:"));
  const outputs = at >= 0 ? lines.slice(at, lines.findIndex((l, i) => i > at && l.trim() === "")).join("\n") : "";
  const warnings = lines.filter((l) => l.startsWith("Warning: "));
  return [...changes, "", run.planLine ?? "No resource changes.", ...(outputs ? ["", outputs] : []), ...(warnings.length ? ["", ...warnings] : [])].join("\n");
}

export async function plan(options: PlanOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<TerraformRun> {
  const terraform = findTerraform();
  if (!terraform) throw new Error("terraform is not on PATH: install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install)");
  const work = mkdtempSync(join(tmpdir(), "cdktf-serverless-plan-"));
  try {
    let outdir = options.outdir ? resolve(options.outdir) : defaultOutdir();
    const stale = options.outdir ? undefined : staleReason(ROOT, outdir);
    if (stale) {
      log(`plan: ${stale}; synthesizing ${options.stack} into a temporary folder (${shown(defaultOutdir())} is left as it is)`);
      outdir = join(work, "cdktf.out");
      synthesize(outdir, options.stack);
    }
    const dir = plannableStackDir(outdir, options.stack, stale ? "in the app" : undefined);
    const mirror = findProviderMirror();
    log(`plan: ${options.stack} from ${stale ? "a fresh synth" : shown(dir)}, offline; providers from ${mirror ? `the local mirror ${mirror}` : "the registry (no local mirror found; TF_PROVIDER_MIRROR names one)"}`);
    const copy = prepareOfflineCopy(dir, join(work, "stacks"), options.stack);
    return await planPrepared(terraform, copy, writeCliConfig(work, mirror), options.stack);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let options: PlanOptions;
  try {
    options = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const run = await plan(options);
    process.stdout.write(`${summary(run, options.full)}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!run.ok) {
      process.stderr.write(`plan: terraform ${run.failedStep} of ${options.stack} failed (${seconds} s); Terraform's output is above\n`);
      return 1;
    }
    process.stderr.write(`plan: ${options.stack}: ${run.planLine ?? "no resource changes"} (${seconds} s)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`plan: ${(error as Error).message}\n`);
    return error instanceof PlanUsageError ? 2 : 1;
  }
}

if (require.main === module) main().then((code) => process.exit(code));
