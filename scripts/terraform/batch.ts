/**
 * Many stacks planned as one Terraform configuration: each stack's offline copy is a module of one
 * root, so one `terraform init` and one plan cover them all, and the provider's schema (what makes a
 * plan of the AWS provider cost seconds of CPU) loads once instead of once per stack. Every resource
 * is planned with its own stack's provider configuration (region, default tags), as a plan of that
 * stack alone would (stacks with the very same one share it: see batchConfig).
 *
 * The plan is a `command = plan` run of `terraform test` (refresh off, the root's own providers):
 * the same plan as `terraform plan` prints, and the same process then runs the changes planned over
 * an applied state with a mocked provider (./moves.ts), each a test file of its own, so the
 * provider's schema loads once for all of them.
 *
 * The batch's plan is then split by module into one result per stack: the resource changes of that
 * stack (addresses without the `module.<stack>.` prefix, as a plan of the stack alone prints them),
 * its outputs, the warnings about it, and a `Plan:` line counted from its changes. The counts of all
 * stacks must add up to Terraform's own `Plan:` line for the batch, else the split is refused.
 * When the batch's plan fails, or cannot be split, every stack is planned again alone with
 * `terraform plan`, so each result, and each error, is Terraform's own for that stack.
 *
 * A stack is planned alone from the start when asked to (a stack expected to fail must not take the
 * batch down with it) or when it cannot be a module (a name Terraform refuses, `import` blocks).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { readChange, splitTestOutput, writeChange, type ChangeRequest, type PlannedChange } from "./moves";
import { inPool, offlineConfig, PLAN_LINE, planPrepared, prepareOfflineCopy, runTerraform, STEP_ARGS, type TerraformRun } from "./offline";

export interface PlanRequest {
  /** The stack's name, unique in the batch: its module's name. */
  readonly name: string;
  /** The synthesized stack's folder (holding cdk.tf.json). */
  readonly dir: string;
  /** Plan it on its own, outside the batch (for a stack whose plan is expected to fail). */
  readonly alone?: boolean;
}

export interface BatchResult {
  /** One result per request, in the order asked. */
  readonly runs: TerraformRun[];
  /** Each change's results, by change and configuration name. */
  readonly changes: Record<string, Record<string, PlannedChange>>;
  /** Stacks planned in the one configuration (empty when the batch fell back to plans alone). */
  readonly batched: string[];
  /** Why the batch fell back to one plan per stack, when it did. */
  readonly fallback?: string;
  /** The batch's whole Terraform output (its init and test). */
  readonly output: string;
}

/** The test file and run block of the stacks' plan in the batch's root. */
const STACKS_TEST_FILE = "stacks.tftest.hcl";
const STACKS_RUN = "plan";
/** The run of the stacks' plan: the plan `terraform plan -refresh=false` makes (no state, so refresh has nothing to read anyway). */
const STACKS_TEST = `run "${STACKS_RUN}" {\n  command = plan\n  plan_options {\n    refresh = false\n  }\n}\n`;
/** `terraform test` of the batch's root: every plan printed (-verbose), as `terraform plan -no-color` prints it. */
export const TEST_ARGS = ["test", "-no-color", "-verbose"] as const;

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Top-level blocks Terraform accepts in the root module only. */
const ROOT_ONLY_BLOCKS = ["import"];

/** Why a stack's configuration cannot be a module of the batch, or undefined when it can. */
export function notBatchable(name: string, config: Record<string, unknown>): string | undefined {
  if (!MODULE_NAME.test(name)) return `its name ${JSON.stringify(name)} is not a Terraform module name`;
  const rootOnly = ROOT_ONLY_BLOCKS.filter((block) => block in config);
  if (rootOnly.length > 0) return `it has ${rootOnly.join(", ")} blocks, which only a root module may have`;
  return undefined;
}

/** Root output name re-exporting `output` of module `stack`. */
const rootOutput = (stack: string, output: string) => `${stack}__${output}`;

export interface BatchConfig {
  /** The root module's configuration (main.tf.json). */
  readonly root: Record<string, any>;
  /** Each stack's configuration as a module of it, by stack name. */
  readonly modules: Map<string, Record<string, any>>;
}

/**
 * The batch's configuration from the stacks' offline configurations: one module per stack, each
 * stack's outputs re-exported by the root so the plan shows them.
 *
 * Terraform starts one provider process per provider configuration for validation and another for
 * the plan, and each start of the AWS provider costs about half a second of CPU. Stacks whose one
 * AWS provider configuration is the same, to the byte, once offline (test stacks mostly are: a
 * region and nothing else) share one: the root declares it and passes it to their modules, which is
 * the same configuration, so the same plan, in fewer processes. Stacks with aliases or other
 * providers keep their own.
 */
export function batchConfig(stacks: readonly { name: string; source: string; config: Record<string, any> }[]): BatchConfig {
  const output: Record<string, unknown> = {};
  const module: Record<string, Record<string, unknown>> = {};
  const modules = new Map<string, Record<string, any>>();
  const shared = new Map<string, { alias: string; block: Record<string, unknown>; requirement: unknown; stacks: string[] }>();
  const sharable = (config: Record<string, any>) => {
    const providers = Object.keys(config.provider ?? {});
    const aws = config.provider?.aws;
    return providers.length === 1 && Array.isArray(aws) && aws.length === 1 && aws[0].alias === undefined && config.terraform?.required_providers?.aws !== undefined;
  };
  for (const s of stacks) {
    if (!sharable(s.config)) continue;
    const key = JSON.stringify([s.config.provider.aws[0], s.config.terraform.required_providers.aws]);
    if (!shared.has(key)) shared.set(key, { alias: `shared${shared.size + 1}`, block: s.config.provider.aws[0], requirement: s.config.terraform.required_providers.aws, stacks: [] });
    shared.get(key)!.stacks.push(s.name);
  }
  const sharedBy = new Map<string, string>();
  for (const group of shared.values()) if (group.stacks.length > 1) for (const name of group.stacks) sharedBy.set(name, group.alias);
  for (const s of stacks) {
    for (const [name, value] of Object.entries((s.config.output ?? {}) as Record<string, { sensitive?: boolean }>)) {
      output[rootOutput(s.name, name)] = { value: `\${module.${s.name}.${name}}`, ...(value.sensitive ? { sensitive: true } : {}) };
    }
    const alias = sharedBy.get(s.name);
    module[s.name] = { source: s.source, ...(alias ? { providers: { aws: `aws.${alias}` } } : {}) };
    if (alias) {
      const { provider: _own, ...rest } = s.config;
      modules.set(s.name, rest);
    } else modules.set(s.name, s.config);
  }
  const groups = [...shared.values()].filter((g) => g.stacks.length > 1);
  const root: Record<string, any> = { module };
  if (groups.length > 0) {
    root.terraform = { required_providers: { aws: groups[0].requirement } };
    root.provider = { aws: groups.map((g) => ({ ...g.block, alias: g.alias })) };
  }
  if (Object.keys(output).length > 0) root.output = output;
  return { root, modules };
}

interface Counts {
  add: number;
  change: number;
  destroy: number;
}

const ACTIONS: [RegExp, Partial<Counts>][] = [
  [/ will be created$/, { add: 1 }],
  [/ will be updated in-place$/, { change: 1 }],
  [/ will be destroyed$/, { destroy: 1 }],
  [/ (must be replaced|will be replaced, as requested)$/, { add: 1, destroy: 1 }],
];

export interface SplitPlan {
  /** Per stack: its part of the plan's text, and its counts. */
  readonly stacks: Map<string, { text: string; counts: Counts }>;
  /** Counts from Terraform's own `Plan:` line for the whole configuration. */
  readonly total: Counts;
}

const planLineOf = (c: Counts) => `Plan: ${c.add} to add, ${c.change} to change, ${c.destroy} to destroy.`;

/**
 * Splits the human-readable output of `terraform plan` (with -no-color) of a batch root by module.
 * Throws when the output does not read as expected, or when the stacks' counts do not add up to
 * Terraform's `Plan:` line.
 */
export function splitPlan(output: string, stackNames: readonly string[]): SplitPlan {
  const lines = output.split("\n");
  const parts = new Map<string, { resources: string[]; outputs: string[]; diagnostics: string[]; counts: Counts }>(
    stackNames.map((s) => [s, { resources: [], outputs: [], diagnostics: [], counts: { add: 0, change: 0, destroy: 0 } }]),
  );
  const moduleOf = (address: string): string | undefined => /^module\.([^.[\s]+)\./.exec(address)?.[1];
  const unprefix = (text: string, stack: string) => text.split(`module.${stack}.`).join("");
  const totalMatch = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(output);
  const noChanges = /No changes\. Your infrastructure matches the configuration\./.test(output);
  if (!totalMatch && !noChanges) throw new Error("the batch's plan has no `Plan:` line");
  const total: Counts = totalMatch ? { add: +totalMatch[1], change: +totalMatch[2], destroy: +totalMatch[3] } : { add: 0, change: 0, destroy: 0 };

  let i = 0;
  // Resource blocks: "  # <address> <what happens>", then the block, up to the next one or the summary.
  const start = lines.findIndex((l) => l.startsWith("Terraform will perform the following actions:"));
  if (start >= 0) {
    i = start + 1;
    let current: { stack: string; block: string[] } | undefined;
    const flush = () => {
      if (current) parts.get(current.stack)!.resources.push(unprefix(current.block.join("\n").replace(/\n+$/, ""), current.stack));
      current = undefined;
    };
    for (; i < lines.length; i++) {
      const line = lines[i];
      if (PLAN_LINE.test(line)) break;
      const header = /^ {2}# (\S+) (.+)$/.exec(line);
      if (header && !header[2].startsWith("(") && !line.startsWith("  # (")) {
        flush();
        const stack = moduleOf(header[1]);
        if (!stack || !parts.has(stack)) throw new Error(`a change outside the batch's stacks: ${line.trim()}`);
        current = { stack, block: [line] };
        for (const [pattern, add] of ACTIONS) {
          if (pattern.test(line)) for (const [k, v] of Object.entries(add)) parts.get(stack)!.counts[k as keyof Counts] += v!;
        }
      } else if (current) current.block.push(line);
    }
    flush();
  }

  // "Changes to Outputs:": root outputs named <stack>__<output>.
  const outputsAt = lines.findIndex((l) => l.startsWith("Changes to Outputs:"));
  if (outputsAt >= 0) {
    let owner: string | undefined;
    for (let j = outputsAt + 1; j < lines.length && lines[j].trim() !== "" && !lines[j].startsWith("─"); j++) {
      const entry = /^ {2}[+~-] (\S+?)__(\S+)( .*)$/.exec(lines[j]);
      if (entry && parts.has(entry[1])) {
        owner = entry[1];
        parts.get(owner)!.outputs.push(lines[j].replace(`${entry[1]}__${entry[2]}`, entry[2]));
      } else if (owner) parts.get(owner)!.outputs.push(lines[j]);
    }
  }

  // Warnings of the plan (after its `$ terraform plan` line): each starts with "Warning: " and names
  // its module in a "with module.<stack>..." line or its file in an "on <stack>/cdk.tf.json" line;
  // one that names neither goes to every stack.
  const planAt = output.lastIndexOf("$ terraform plan");
  const warnings = output.slice(Math.max(0, planAt)).split(/\n(?=Warning: )/).slice(1);
  for (const warning of warnings) {
    const stack = /with module\.([^.[\s]+)\./.exec(warning)?.[1] ?? /on ([^/\s]+)\/cdk\.tf\.json/.exec(warning)?.[1];
    const text = warning.split(/\n─{10,}/)[0].trim();
    for (const name of stack && parts.has(stack) ? [stack] : stackNames) parts.get(name)!.diagnostics.push(unprefix(text, name));
  }

  const sum = [...parts.values()].reduce((acc, p) => ({ add: acc.add + p.counts.add, change: acc.change + p.counts.change, destroy: acc.destroy + p.counts.destroy }), { add: 0, change: 0, destroy: 0 });
  if (sum.add !== total.add || sum.change !== total.change || sum.destroy !== total.destroy) {
    throw new Error(`the stacks' changes (${planLineOf(sum)}) do not add up to Terraform's line for the batch (${planLineOf(total)})`);
  }

  const stacks = new Map<string, { text: string; counts: Counts }>();
  for (const [name, p] of parts) {
    const changed = p.counts.add + p.counts.change + p.counts.destroy > 0;
    const text = [
      p.resources.length > 0 ? `Terraform will perform the following actions:\n\n${p.resources.join("\n\n")}\n` : "",
      // As Terraform prints it for a stack alone: a `Plan:` line only when resources change.
      changed ? planLineOf(p.counts) : "No resource changes in this stack.",
      p.outputs.length > 0 ? `\nChanges to Outputs:\n${p.outputs.join("\n")}` : "",
      ...p.diagnostics.map((d) => `\n${d}`),
    ].join("\n");
    stacks.set(name, { text, counts: p.counts });
  }
  return { stacks, total };
}

/**
 * Plans every requested stack, offline, in `workRoot` (a fresh folder): the batchable ones as one
 * configuration, the others alone, side by side; and each change over its applied state, in the
 * batch's `terraform test`.
 */
export async function planBatch(
  terraform: string,
  requests: readonly PlanRequest[],
  workRoot: string,
  cliConfig: string,
  options: { mirror: boolean; changes?: readonly ChangeRequest[] },
): Promise<BatchResult> {
  const names = new Set<string>();
  for (const r of requests) {
    if (names.has(r.name)) throw new Error(`two stacks named ${r.name} in one plan batch`);
    names.add(r.name);
  }
  const changes = options.changes ?? [];
  const changeNames = changes.map((c) => c.name);
  if (new Set(changeNames).size !== changeNames.length) throw new Error(`two changes of one name in one plan batch: ${changeNames.join(", ")}`);
  const configs = new Map(requests.map((r) => [r.name, JSON.parse(readFileSync(join(r.dir, "cdk.tf.json"), "utf8")) as Record<string, any>]));
  const batch = requests.filter((r) => !r.alone && notBatchable(r.name, configs.get(r.name)!) === undefined);
  const alone = requests.filter((r) => !batch.includes(r));

  const planAlone = (r: PlanRequest) => async () => planPrepared(terraform, prepareOfflineCopy(r.dir, join(workRoot, "alone"), r.name), cliConfig, r.name);
  const limit = Math.max(2, availableParallelism());
  const planAllAlone = async (list: readonly PlanRequest[], cacheFilled: boolean): Promise<TerraformRun[]> => {
    // Without a mirror, inits share a plugin cache that is not safe for concurrent installs: one
    // init fills it before the others run.
    if (options.mirror || cacheFilled || list.length < 2) return inPool(limit, list.map(planAlone));
    const first = await planAlone(list[0])();
    return [first, ...(await inPool(limit, list.slice(1).map(planAlone)))];
  };
  // With a mirror, the stacks planned alone run beside the batch.
  const aloneRuns = options.mirror ? planAllAlone(alone, false) : undefined;

  const runs = new Map<string, TerraformRun>();
  const changed: Record<string, Record<string, PlannedChange>> = {};
  let fallback: string | undefined;
  let output = "";
  if (batch.length > 0 || changes.length > 0) {
    const root = join(workRoot, "batch");
    mkdirSync(root, { recursive: true });
    const config = batchConfig(batch.map((r) => ({ name: r.name, source: `./${r.name}`, config: offlineConfig(configs.get(r.name)!) })));
    for (const r of batch) {
      const dir = prepareOfflineCopy(r.dir, root, r.name);
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config.modules.get(r.name), null, 2));
    }
    writeFileSync(join(root, "main.tf.json"), JSON.stringify(config.root, null, 2));
    if (batch.length > 0) writeFileSync(join(root, STACKS_TEST_FILE), STACKS_TEST);
    for (const change of changes) writeChange(root, change);

    let failedStep: "init" | "test" | undefined;
    for (const args of [STEP_ARGS.init, TEST_ARGS]) {
      const result = await runTerraform(terraform, args, root, cliConfig);
      output += `$ terraform ${args.join(" ")}\n${result.output}\n`;
      if (result.code !== 0) {
        failedStep = args[0] as "init" | "test";
        break;
      }
    }
    // A failed test step may still have run every file: each is read from its own part.
    const files = failedStep === "init" ? new Map() : splitTestOutput(output);
    for (const change of changes) changed[change.name] = readChange(change, files, output);
    if (batch.length > 0) {
      const run = files.get(STACKS_TEST_FILE)?.runs.get(STACKS_RUN);
      if (run?.status === "pass") {
        try {
          const split = splitPlan(run.text, batch.map((r) => r.name));
          const header = `$ terraform plan, as run "${STACKS_RUN}" of \`terraform ${TEST_ARGS.join(" ")}\` (module.<stack> of one configuration of ${batch.length} stacks: ${batch.map((r) => r.name).join(", ")})\n`;
          for (const r of batch) {
            const part = split.stacks.get(r.name)!;
            const changing = part.counts.add + part.counts.change + part.counts.destroy > 0;
            runs.set(r.name, { stack: r.name, ok: true, planLine: changing ? planLineOf(part.counts) : undefined, output: `${header}${part.text}\n` });
          }
        } catch (error) {
          fallback = `the batch's plan could not be split by stack: ${(error as Error).message}`;
        }
      } else {
        fallback = `the batch's ${failedStep === "init" ? "init" : `plan (run "${STACKS_RUN}" of ${STACKS_TEST_FILE}: ${run?.status ?? "not run"})`} failed; each stack is planned alone to say which`;
      }
      if (fallback) {
        const again = await planAllAlone(batch, true);
        for (const r of again) runs.set(r.stack, r);
      }
    }
  }
  for (const r of await (aloneRuns ?? planAllAlone(alone, batch.length > 0))) runs.set(r.stack, r);
  return { runs: requests.map((r) => runs.get(r.name)!), changes: changed, batched: fallback ? [] : batch.map((r) => r.name), fallback, output };
}
