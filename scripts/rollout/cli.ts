import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cloudRunApi, googleAccessToken, type CloudRunApi } from "./cloud-run-api";
import { rolloutCloudRun, type CloudRunRolloutMode } from "./cloud-run-rollout";
import { rolloutLambda, type LambdaRolloutClients, type PollOptions } from "./lambda-rollout";
import { exitCode, type RolloutOutcome } from "./outcome";
import { ROLLOUT_MAX_MINUTES } from "../../modules/core/rollout-outputs";
import { consoleReporter, prefixed, type Reporter } from "./report";
import { readStackOutputs, readSynthesizedStack, RolloutInputError, rolloutPlan, type StackOutputs } from "./targets";

const ROOT = resolve(__dirname, "..", "..");
export const USAGE = "Usage: npm run rollout -- <stack> [--promote | --rollback] [--outputs <terraform output -json file>] [--outdir <synth output>] [--timeout-minutes N]";

export class RolloutUsageError extends Error {
  override name = "RolloutUsageError";
}

export interface RolloutOptions {
  readonly stack: string;
  readonly mode: CloudRunRolloutMode;
  /** A file holding what `terraform output -json` printed for the stack. @default run it in the stack's folder */
  readonly outputs?: string;
  /** The synth output the deploy applied. @default cdktf.json's output (cdktf.out) */
  readonly outdir?: string;
  /** How long one deployment or traffic change may take. @default ROLLOUT_MAX_MINUTES (the rollout's longest, and GitHub's job limit) */
  readonly timeoutMinutes: number;
}

export function parseArgs(argv: readonly string[]): RolloutOptions {
  const stacks: string[] = [];
  let mode: CloudRunRolloutMode = "shift";
  let outputs: string | undefined;
  let outdir: string | undefined;
  let timeoutMinutes = ROLLOUT_MAX_MINUTES;
  const value = (arg: string, next: string | undefined): string => {
    if (!next || next.startsWith("-")) throw new RolloutUsageError(`${arg} needs a value\n${USAGE}`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--promote" || arg === "--rollback") {
      if (mode !== "shift") throw new RolloutUsageError(`--promote and --rollback exclude each other\n${USAGE}`);
      mode = arg === "--promote" ? "promote" : "rollback";
    } else if (arg === "--outputs") outputs = value(arg, argv[++i]);
    else if (arg === "--outdir") outdir = value(arg, argv[++i]);
    else if (arg === "--timeout-minutes") {
      timeoutMinutes = Number(value(arg, argv[++i]));
      if (!Number.isInteger(timeoutMinutes) || timeoutMinutes < 1) throw new RolloutUsageError(`--timeout-minutes takes a whole number of minutes, at least 1\n${USAGE}`);
    } else if (arg === "--help" || arg === "-h") throw new RolloutUsageError(USAGE);
    else if (arg.startsWith("-")) throw new RolloutUsageError(`unknown option ${arg}\n${USAGE}`);
    else stacks.push(arg);
  }
  if (stacks.length !== 1) throw new RolloutUsageError(`${stacks.length === 0 ? "name the stack to roll out" : `one stack at a time (got ${stacks.join(", ")})`}\n${USAGE}`);
  return { stack: stacks[0], mode, outputs, outdir, timeoutMinutes };
}

/** How a rollout reaches the clouds: real clients by default, fakes in tests. */
export interface RolloutServices {
  readonly aws: (region: string | undefined) => LambdaRolloutClients;
  readonly cloudRun: () => CloudRunApi;
  readonly outputs?: (outdir: string, stack: string, file?: string) => StackOutputs;
  readonly pollMs?: number;
}

/**
 * The clouds' real APIs, with the credentials of the environment (the deploy workflow's OIDC roles).
 * Endpoints follow the SDKs' own settings: `AWS_ENDPOINT_URL` for AWS, gcloud's
 * `CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN` for Cloud Run (a private endpoint, or a local fake).
 */
export const REAL_SERVICES: RolloutServices = {
  aws: (region) => ({ lambda: new LambdaClient({ region }), codedeploy: new CodeDeployClient({ region }) }),
  cloudRun: () => cloudRunApi({ endpoint: process.env.CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN || undefined, token: () => googleAccessToken() }),
};

/** The folder `npm run synth` writes (cdktf.json's "output", else cdktf.out). */
function defaultOutdir(): string {
  const config = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { output?: string };
  return resolve(ROOT, config.output || "cdktf.out");
}

/**
 * Rolls a stack out after apply: each function's `live` alias through CodeDeploy, each Cloud Run
 * service's traffic, all at once, each followed to its end. Returns every outcome; the exit code is 0
 * only when each shifted or had nothing to shift.
 */
export async function rollout(options: RolloutOptions, services: RolloutServices = REAL_SERVICES, report: Reporter = consoleReporter()): Promise<RolloutOutcome[]> {
  const outdir = options.outdir ? resolve(options.outdir) : defaultOutdir();
  const synthesized = readSynthesizedStack(outdir, options.stack);
  const outputs = (services.outputs ?? readStackOutputs)(outdir, options.stack, options.outputs);
  const plan = rolloutPlan(options.stack, synthesized, outputs);
  const poll: PollOptions = { pollMs: services.pollMs ?? 15_000, timeoutMs: options.timeoutMinutes * 60_000 };
  if (plan.lambdas.length === 0 && plan.cloudRun.length === 0) {
    report.info(`${options.stack}: nothing to roll out (no function with a deployment, no Cloud Run service with a rollout)`);
    return [];
  }
  const aws = plan.lambdas.length > 0 ? services.aws(plan.awsRegion) : undefined;
  const run = plan.cloudRun.length > 0 ? services.cloudRun() : undefined;
  const guarded = async (what: string, work: (r: Reporter) => Promise<RolloutOutcome>): Promise<RolloutOutcome> => {
    const r = prefixed(report, what);
    try {
      return await work(r);
    } catch (error) {
      const detail = `${(error as Error).message}`;
      r.problem(detail);
      return { status: "failed", detail };
    }
  };
  const outcomes = await Promise.all([
    ...plan.lambdas.map(({ value }) =>
      guarded(value.function_name, async (r) => {
        if (options.mode !== "shift") {
          const detail = `not moved: --${options.mode} is for Cloud Run services; CodeDeploy takes a Lambda rollout to its end (or back) by itself`;
          r.info(detail);
          return { status: "unchanged", detail };
        }
        return rolloutLambda(value, aws!, r, poll);
      }),
    ),
    ...plan.cloudRun.map(({ value }) => guarded(value.service, (r) => rolloutCloudRun(value, run!, r, options.mode, poll))),
  ]);
  const failed = outcomes.filter((o) => o.status === "failed" || o.status === "rolled-back").length;
  (failed > 0 ? report.problem : report.info)(`${options.stack}: ${outcomes.length - failed} of ${outcomes.length} rolled out${failed > 0 ? `, ${failed} rolled back or failed` : ""}`);
  return outcomes;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    return exitCode(await rollout(parseArgs(argv)));
  } catch (error) {
    if (error instanceof RolloutUsageError || error instanceof RolloutInputError) {
      process.stderr.write(`rollout: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
