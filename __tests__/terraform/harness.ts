import { execFile, execSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/**
 * Runs real Terraform (init, validate, plan) on synthesized AWS stacks, offline: the backend is
 * removed, the provider gets dummy credentials with every remote lookup skipped and no
 * allowed_account_ids, and providers come from a local filesystem mirror when one is found.
 */

const PROVIDER_PATH = join("registry.terraform.io", "hashicorp", "aws");
const MIRROR_CANDIDATES = ["/opt/tf-plugins", "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins", join(process.env.HOME ?? "/root", ".terraform.d", "plugins")];

/** The `terraform` binary on PATH, or undefined. */
export function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "terraform");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Root of a filesystem mirror holding hashicorp/aws (TF_PROVIDER_MIRROR first), or undefined. */
export function findProviderMirror(): string | undefined {
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  const candidates = fromEnv ? [fromEnv, ...MIRROR_CANDIDATES] : MIRROR_CANDIDATES;
  return candidates.find((root) => existsSync(join(root, PROVIDER_PATH)));
}

export interface TerraformRun {
  readonly stack: string;
  readonly ok: boolean;
  /** `Plan: N to add, N to change, N to destroy.` when the plan ran. */
  readonly planLine?: string;
  /** The failing step and its output when a step failed. */
  readonly failedStep?: "init" | "validate" | "plan";
  readonly output: string;
}

/** Copies a synthesized stack into a temp dir with its backend removed and offline provider settings. */
export function prepareOfflineCopy(stackDir: string, workRoot: string): string {
  const name = stackDir.split(/[\\/]/).filter(Boolean).pop()!;
  const dir = join(workRoot, name);
  cpSync(stackDir, dir, { recursive: true, filter: (src) => !src.includes(`${join(stackDir, ".terraform")}`) });
  const file = join(dir, "cdk.tf.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  delete config.terraform?.backend;
  for (const provider of config.provider?.aws ?? []) {
    delete provider.allowed_account_ids;
    Object.assign(provider, {
      access_key: "offline-test",
      secret_key: "offline-test",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  }
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

/**
 * A Terraform CLI config. With a mirror, providers install from it (Terraform links the mirror's
 * unpacked provider into each stack, no copy); without one, from the registry through a shared
 * plugin cache, so the provider downloads once.
 */
export function writeCliConfig(workRoot: string, mirror: string | undefined): string {
  const file = join(workRoot, "terraform.rc");
  if (mirror) {
    writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  } else {
    const cache = join(workRoot, "plugin-cache");
    mkdirSync(cache, { recursive: true });
    writeFileSync(file, `plugin_cache_dir = ${JSON.stringify(cache)}\n`);
  }
  return file;
}

function run(terraform: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(terraform, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  for (const key of Object.keys(env)) if (key.startsWith("TF_VAR_") || key.startsWith("AWS_PROFILE")) delete env[key];
  return env;
}

type Step = NonNullable<TerraformRun["failedStep"]>;
const STEPS: Record<Step, string[]> = {
  init: ["init", "-input=false", "-no-color", "-backend=false"],
  validate: ["validate", "-no-color"],
  plan: ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false"],
};

/** Runs the given steps in order in one prepared stack directory, stopping at the first failure. */
async function runSteps(terraform: string, dir: string, cliConfig: string, steps: Step[], previous = ""): Promise<TerraformRun> {
  const stack = dir.split(/[\\/]/).filter(Boolean).pop()!;
  let output = previous;
  for (const step of steps) {
    const result = await run(terraform, STEPS[step], dir, terraformEnv(cliConfig));
    output += `$ terraform ${STEPS[step].join(" ")}\n${result.output}\n`;
    if (result.code !== 0) return { stack, ok: false, failedStep: step, output };
  }
  const planLine = /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(output)?.[0];
  return { stack, ok: !steps.includes("plan") || planLine !== undefined, planLine, output };
}

/**
 * init and plan several stack directories side by side. `terraform plan` validates the configuration
 * first, with the same checks as `terraform validate` (and fails before planning when one fails), so
 * a separate validate would only load the provider's schema once more per stack. The first init runs
 * alone: without a mirror it fills Terraform's plugin cache, which is not safe for concurrent installs.
 */
export async function initValidatePlanAll(terraform: string, dirs: readonly string[], cliConfig: string): Promise<TerraformRun[]> {
  if (dirs.length === 0) return [];
  const first = await runSteps(terraform, dirs[0], cliConfig, ["init"]);
  const rest = (dir: string, init?: TerraformRun) =>
    init && !init.ok ? init : runSteps(terraform, dir, cliConfig, init ? ["plan"] : ["init", "plan"], init?.output);
  return Promise.all(dirs.map((dir, i) => rest(dir, i === 0 ? first : undefined)));
}

/** Synthesizes the project's app with the command in its cdktf.json, into a fresh temp outdir. */
export function synthApp(projectRoot: string): string {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-serverless-synth-"));
  const { app } = JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8")) as { app: string };
  execSync(app, { cwd: projectRoot, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "pipe"] });
  return outdir;
}

/**
 * The output of the project's app: synthesized once per test run by jest's globalSetup (read-only,
 * shared), or here when a suite runs without it.
 */
export function appOutdir(projectRoot: string): string {
  return process.env.CDKTF_SERVERLESS_APP_OUTDIR ?? synthApp(projectRoot);
}

/** Names of the synthesized stacks in an outdir. */
export function stackNames(outdir: string): string[] {
  return readdirSync(join(outdir, "stacks")).sort();
}
