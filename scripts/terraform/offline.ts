/**
 * Real Terraform on synthesized AWS stacks without a cloud account: a copy of the stack with its
 * backend removed and a provider that never calls AWS (dummy credentials, every remote lookup
 * skipped, no allowed_account_ids), and providers installed from a local filesystem mirror when one
 * is found, from the registry otherwise. Used by `npm run plan` and by the tests' plan batch.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

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

export type TerraformStep = "init" | "plan";

export interface TerraformRun {
  readonly stack: string;
  readonly ok: boolean;
  /** `Plan: N to add, N to change, N to destroy.` when the plan ran and resources change. */
  readonly planLine?: string;
  /** The failing step when a step failed. */
  readonly failedStep?: TerraformStep;
  /** Terraform's output (for a stack planned in a batch: its part of the batch's plan, see batch.ts). */
  readonly output: string;
}

export const PLAN_LINE = /Plan: \d+ to add, \d+ to change, \d+ to destroy\./;

/** The names of the providers a Terraform JSON configuration requires (`aws`, `google`, ...). */
export function requiredProviders(config: { terraform?: { required_providers?: Record<string, unknown> } }): string[] {
  return Object.keys(config.terraform?.required_providers ?? {}).sort();
}

/** The offline form of a synthesized stack's configuration: no backend, a provider that never calls AWS. */
export function offlineConfig(config: Record<string, any>): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(config));
  // State stays local; an HCP Terraform `cloud` block would send the run there.
  delete copy.terraform?.backend;
  delete copy.terraform?.cloud;
  for (const provider of copy.provider?.aws ?? []) {
    delete provider.allowed_account_ids;
    delete provider.assume_role;
    delete provider.assume_role_with_web_identity;
    delete provider.profile;
    Object.assign(provider, {
      access_key: "offline-plan",
      secret_key: "offline-plan",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  }
  return copy;
}

/**
 * Copies a synthesized stack folder (its cdk.tf.json and the packages it references; not Terraform's
 * own files) to `workRoot/<name>`, in its offline form. Returns the copy's folder.
 */
export function prepareOfflineCopy(stackDir: string, workRoot: string, name = stackDir.split(/[\\/]/).filter(Boolean).pop()!): string {
  const dir = join(workRoot, name);
  const terraformFiles = [join(stackDir, ".terraform"), join(stackDir, ".terraform.lock.hcl"), join(stackDir, "terraform.tfstate")];
  cpSync(stackDir, dir, { recursive: true, filter: (src) => !terraformFiles.some((f) => src === f || src.startsWith(`${f}/`)) });
  const file = join(dir, "cdk.tf.json");
  writeFileSync(file, JSON.stringify(offlineConfig(JSON.parse(readFileSync(file, "utf8"))), null, 2));
  return dir;
}

/**
 * A Terraform CLI config in `workRoot`. With a mirror, providers install from it (Terraform links the
 * mirror's unpacked provider, no copy); without one, from the registry through a plugin cache in
 * `workRoot`, so the provider downloads once for every init that uses this config.
 */
export function writeCliConfig(workRoot: string, mirror: string | undefined): string {
  mkdirSync(workRoot, { recursive: true });
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

/**
 * Go's garbage collector target for Terraform and the providers it starts, unless the caller set
 * one (GOGC): a plan of the AWS provider decodes its schema (thousands of attributes) and spends
 * about a quarter of its CPU collecting the garbage of it at Go's default (100). At 400 the batch of
 * the test run took 15 s of CPU instead of 20 s (median of 5), for a larger heap: Terraform's peak
 * 690 MB instead of 340 MB, each AWS provider process about 420 MB instead of 310 MB. It changes
 * nothing else.
 */
export const TERRAFORM_GOGC = "400";

/** The environment of every Terraform run: this CLI config, no prompts or version checks, no caller's variables or AWS profile. */
export function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    GOGC: TERRAFORM_GOGC,
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  for (const key of Object.keys(env)) {
    if (key.startsWith("TF_VAR_") || key === "TF_CLI_ARGS" || key.startsWith("TF_CLI_ARGS_") || key.startsWith("AWS_PROFILE") || key === "TF_DATA_DIR") delete env[key];
  }
  return env;
}

export const STEP_ARGS: Record<TerraformStep, readonly string[]> = {
  init: ["init", "-input=false", "-no-color", "-backend=false"],
  // `terraform plan` validates the configuration first, with the checks of `terraform validate`, and
  // stops before planning when one fails: a separate validate would load the provider's schema again.
  plan: ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false"],
};

/** Runs `terraform <args>` in `cwd`; never rejects. */
export function runTerraform(terraform: string, args: readonly string[], cwd: string, cliConfig: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(terraform, [...args], { cwd, env: terraformEnv(cliConfig), maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}${error && typeof error.code !== "number" ? `\n${error.message}\n` : ""}` });
    });
  });
}

/** Runs steps in order in one prepared folder, stopping at the first that fails. */
export async function runSteps(terraform: string, dir: string, cliConfig: string, steps: readonly TerraformStep[], stack = dir.split(/[\\/]/).filter(Boolean).pop()!): Promise<TerraformRun> {
  let output = "";
  for (const step of steps) {
    const result = await runTerraform(terraform, STEP_ARGS[step], dir, cliConfig);
    output += `$ terraform ${STEP_ARGS[step].join(" ")}\n${result.output}\n`;
    if (result.code !== 0) return { stack, ok: false, failedStep: step, output };
  }
  // No `Plan:` line when no resource changes (only outputs, or nothing): still a successful plan.
  return { stack, ok: true, planLine: PLAN_LINE.exec(output)?.[0], output };
}

/** init and plan of one prepared folder. */
export function planPrepared(terraform: string, dir: string, cliConfig: string, stack?: string): Promise<TerraformRun> {
  return runSteps(terraform, dir, cliConfig, ["init", "plan"], stack);
}

/** Runs `jobs` with at most `limit` at a time, results in order. */
export async function inPool<T>(limit: number, jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  return results;
}
