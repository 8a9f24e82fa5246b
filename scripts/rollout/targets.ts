import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLOUD_RUN_ROLLOUT_KIND, LAMBDA_ROLLOUT_KIND, type CloudRunRolloutOutput, type LambdaRolloutOutput, type RolloutOutput } from "../../modules/core/rollout-outputs";

type Json = Record<string, unknown>;

/** What a stack's rollout moves: its rollout outputs, with their applied values. */
export interface RolloutPlan {
  readonly stack: string;
  /** The region of the stack's AWS provider, for its Lambda functions. */
  readonly awsRegion?: string;
  readonly lambdas: readonly { readonly output: string; readonly value: LambdaRolloutOutput }[];
  readonly cloudRun: readonly { readonly output: string; readonly value: CloudRunRolloutOutput }[];
}

/** A problem with the synthesized stack or its outputs: said as it is, nothing is moved. */
export class RolloutInputError extends Error {
  override name = "RolloutInputError";
}

/** Outputs as `terraform output -json` gives them: `{ name: { value, type, sensitive } }`. */
export type StackOutputs = Readonly<Record<string, { readonly value: unknown }>>;

/** The synthesized configuration of a stack (`<outdir>/stacks/<stack>/cdk.tf.json`). */
export function readSynthesizedStack(outdir: string, stack: string): Json {
  const file = join(outdir, "stacks", stack, "cdk.tf.json");
  if (!existsSync(file)) throw new RolloutInputError(`no synthesized stack ${stack} in ${outdir} (run npm run synth, as the deploy did, first)`);
  return JSON.parse(readFileSync(file, "utf8")) as Json;
}

/**
 * The stack's outputs after apply: from a file (what `terraform output -json` printed), else from
 * `terraform output -json` in the stack's folder, which `cdktf deploy` initialized with its backend.
 */
export function readStackOutputs(outdir: string, stack: string, file?: string): StackOutputs {
  if (file !== undefined) {
    if (!existsSync(file)) throw new RolloutInputError(`no outputs file ${file}`);
    return JSON.parse(readFileSync(file, "utf8")) as StackOutputs;
  }
  const dir = join(outdir, "stacks", stack);
  const run = spawnSync("terraform", ["output", "-json"], { cwd: dir, encoding: "utf8", env: { ...process.env, TF_IN_AUTOMATION: "1" } });
  if (run.status !== 0) {
    throw new RolloutInputError(
      `terraform output -json in ${dir} failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr.trim()}; run the rollout after cdktf deploy of ${stack}, or pass --outputs <file>`,
    );
  }
  return JSON.parse(run.stdout || "{}") as StackOutputs;
}

/**
 * The rollout outputs the synthesized stack declares (a value with a `kind` this command knows),
 * each with the value the applied stack gives it. An output the stack declares but its state lacks
 * (the stack was not applied with this synth) or whose value is not complete is refused.
 */
export function rolloutPlan(stack: string, synthesized: Json, outputs: StackOutputs): RolloutPlan {
  const declared = (synthesized.output ?? {}) as Record<string, { value?: unknown }>;
  const lambdas: { output: string; value: LambdaRolloutOutput }[] = [];
  const cloudRun: { output: string; value: CloudRunRolloutOutput }[] = [];
  const problems: string[] = [];
  for (const [name, output] of Object.entries(declared).sort(([a], [b]) => a.localeCompare(b))) {
    const kind = (output.value as { kind?: unknown } | undefined)?.kind;
    if (kind !== LAMBDA_ROLLOUT_KIND && kind !== CLOUD_RUN_ROLLOUT_KIND) continue;
    const applied = outputs[name]?.value as RolloutOutput | undefined;
    if (applied === undefined) {
      problems.push(`output ${name} is not in the stack's outputs: apply ${stack} with this synth first`);
      continue;
    }
    const missing = requiredKeys(kind).filter((k) => typeof (applied as unknown as Json)[k] !== "string" && typeof (applied as unknown as Json)[k] !== "number");
    if (applied.kind !== kind || missing.length > 0) {
      problems.push(`output ${name} is not a complete ${kind} rollout output (missing ${missing.join(", ") || "kind"})`);
      continue;
    }
    if (applied.kind === LAMBDA_ROLLOUT_KIND) lambdas.push({ output: name, value: applied });
    else cloudRun.push({ output: name, value: applied });
  }
  if (problems.length > 0) throw new RolloutInputError(`${stack}: ${problems.join("; ")}`);
  return { stack, awsRegion: awsRegionOf(synthesized), lambdas, cloudRun };
}

function requiredKeys(kind: string): string[] {
  return kind === LAMBDA_ROLLOUT_KIND
    ? ["function_name", "alias", "target_version", "application", "deployment_group", "deployment_config"]
    : ["service", "location", "project", "percent"];
}

/** The region of the stack's default AWS provider, as synthesized. */
function awsRegionOf(synthesized: Json): string | undefined {
  const providers = ((synthesized.provider as Json | undefined)?.aws ?? []) as { alias?: string; region?: unknown }[];
  const region = providers.find((p) => p.alias === undefined)?.region;
  return typeof region === "string" && !region.includes("${") ? region : undefined;
}
