import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One command run in a fresh process, measured from outside. */
export interface RunResult {
  /** Wall time from spawn to exit, measured by the bench (high resolution). */
  readonly wallMs: number;
  /**
   * GNU time's `%M`: the peak RSS of the largest single process of the tree (the kernel reports
   * the maximum over the child and the descendants it waited for, not their sum). For the apps
   * this is the node process that runs main.ts.
   */
  readonly maxRssKb?: number;
  /** Peak of the sum of RSS over every process of the tree alive at the same moment, sampled every 20 ms. */
  readonly treePeakRssKb: number;
  /** Most processes of the tree seen alive at once by the sampler. */
  readonly treeMaxProcesses: number;
  readonly exitCode: number;
  /** The last part of stdout and stderr, for error messages and the test summary. */
  readonly outputTail: string;
  /** CPU time of the whole tree (GNU time's user + system: the command and every process it waited for), when known. */
  readonly cpuMs?: number;
  /** Every output line matching RunOptions.collect, in order (kept whole, unlike outputTail). */
  readonly collected: string[];
}

export interface RunOptions {
  /** A shell command line, run with `sh -c` as cdktf runs an app command. */
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** @default 15 minutes */
  readonly timeoutMs?: number;
  /** Lines of output to keep whatever the output's length (e.g. a script's own timings). */
  readonly collect?: RegExp;
}

const GNU_TIME = "/usr/bin/time";
const SAMPLE_MS = 20;
const PAGE_KB = 4; // Linux page size on x86-64 and arm64 defaults
const TAIL_CHARS = 64_000;

export const hasGnuTime = (): boolean => existsSync(GNU_TIME);

/** Runs `command` once under GNU time (when present) while sampling the RSS of its process tree. */
export function runMeasured(options: RunOptions): Promise<RunResult> {
  const timeDir = mkdtempSync(join(tmpdir(), "cdktf-bench-time-"));
  const timeFile = join(timeDir, "time.txt");
  const useTime = hasGnuTime();
  const [file, args] = useTime
    ? [GNU_TIME, ["-f", "%e %M %U %S", "-o", timeFile, "sh", "-c", options.command]]
    : ["sh", ["-c", options.command]];

  return new Promise((resolve, reject) => {
    let output = "";
    const collected: string[] = [];
    let partial = "";
    const keep = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output = (output + text).slice(-TAIL_CHARS);
      if (options.collect) {
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        collected.push(...lines.filter((line) => options.collect!.test(line)));
      }
    };
    const start = process.hrtime.bigint();
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);

    let treePeakRssKb = 0;
    let treeMaxProcesses = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const pids = descendants(child.pid, useTime ? false : true);
      let sum = 0;
      for (const pid of pids) sum += rssKb(pid);
      treePeakRssKb = Math.max(treePeakRssKb, sum);
      treeMaxProcesses = Math.max(treeMaxProcesses, pids.length);
    };
    const sampler = setInterval(sample, SAMPLE_MS);
    const timeout = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15 * 60_000);

    child.on("error", (error) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      rmSync(timeDir, { recursive: true, force: true });
      reject(error);
    });
    child.on("close", (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      clearInterval(sampler);
      clearTimeout(timeout);
      let maxRssKb: number | undefined;
      let cpuMs: number | undefined;
      if (useTime && existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" before the format line on failure.
        const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
        const [, kbText, user, system] = last.split(/\s+/);
        const kb = Number(kbText);
        if (Number.isFinite(kb) && kb > 0) maxRssKb = kb;
        if (Number.isFinite(Number(user)) && Number.isFinite(Number(system))) cpuMs = (Number(user) + Number(system)) * 1000;
      }
      if (options.collect && options.collect.test(partial)) collected.push(partial);
      rmSync(timeDir, { recursive: true, force: true });
      resolve({
        wallMs,
        maxRssKb,
        treePeakRssKb,
        treeMaxProcesses,
        exitCode: code ?? (signal ? 128 : 1),
        outputTail: output,
        cpuMs,
        collected,
      });
    });
  });
}

/** The processes below `root` (every thread's children: worker threads fork too), optionally with root. */
function descendants(root: number, includeRoot: boolean): number[] {
  const found: number[] = includeRoot ? [root] : [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone already
    }
    for (const task of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.split(" ")) {
        const n = Number(child);
        if (child.trim() !== "" && Number.isInteger(n)) {
          found.push(n);
          queue.push(n);
        }
      }
    }
  }
  return found;
}

function rssKb(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/statm`, "utf8").split(" ");
    return Number(fields[1]) * PAGE_KB;
  } catch {
    return 0;
  }
}

/** median, min and max of a list of numbers. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}
