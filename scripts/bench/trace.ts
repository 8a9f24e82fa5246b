import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMeasured, type RunResult } from "./measure";

/** A child process started from Node.js code somewhere in the traced tree (bench/preload/trace.cjs). */
export interface SpawnRecord {
  readonly pid: number;
  readonly thread: number;
  readonly fn: string;
  readonly file: string;
  readonly args: readonly string[];
}

/** What the trace preload recorded about the process that ran App.synth. */
export interface AppProcessRecord {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly preloadAtMs: number;
  readonly exitAtMs: number;
  readonly synthStartMs: number;
  readonly synthEndMs: number;
  readonly categoriesMs: Readonly<Record<string, number>>;
  readonly modulesLoaded: number;
  readonly calls: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** esbuild build/buildSync calls that bundle handler entries. */
  readonly bundleCalls: number;
  /** esbuild builds of the app's own TypeScript (a runner such as scripts/run-app.js). */
  readonly appBuildCalls: number;
  /** Entry points passed to those bundle calls, in all. */
  readonly entriesBundled: number;
  /** Distinct (entry, options) among them: equal to entriesBundled when nothing is bundled twice. */
  readonly distinctEntriesBundled: number;
  readonly rssBeforeSynthBytes: number;
  readonly maxRssBytes: number;
}

export interface TraceResult {
  readonly run: RunResult;
  readonly app?: AppProcessRecord;
  /** Child processes the app process started (main thread and worker threads). */
  readonly appSpawns: readonly SpawnRecord[];
  /** Child processes other processes of the tree started (launchers such as npx, or grandchildren). */
  readonly otherSpawns: readonly SpawnRecord[];
}

export interface TraceOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly projectRoot: string;
  /** The preload file (bench/preload/trace.cjs). */
  readonly preload: string;
}

/** Runs the command once with the trace preload in every Node.js process of its tree. */
export async function runTraced(options: TraceOptions): Promise<TraceResult> {
  const dir = mkdtempSync(join(tmpdir(), "cdktf-bench-trace-"));
  try {
    const run = await runMeasured({
      command: options.command,
      cwd: options.cwd,
      env: {
        ...options.env,
        BENCH_TRACE_DIR: dir,
        BENCH_PROJECT_ROOT: options.projectRoot,
        NODE_OPTIONS: withRequire(options.env.NODE_OPTIONS, options.preload),
      },
    });
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const spawns: SpawnRecord[] = files
      .filter((f) => f.startsWith("spawns-"))
      .flatMap((f) =>
        readFileSync(join(dir, f), "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => JSON.parse(line) as SpawnRecord),
      );
    const apps = files
      .filter((f) => f.startsWith("process-"))
      .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as AppProcessRecord);
    const app = apps[0];
    return {
      run,
      app,
      appSpawns: spawns.filter((s) => app !== undefined && s.pid === app.pid),
      otherSpawns: spawns.filter((s) => app === undefined || s.pid !== app.pid),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** NODE_OPTIONS with one more `--require`, quoted as Node.js parses NODE_OPTIONS. */
export function withRequire(nodeOptions: string | undefined, file: string): string {
  return [nodeOptions ?? "", `--require ${JSON.stringify(file)}`].join(" ").trim();
}

/** How the spawned processes split by kind. */
export interface ProcessCounts {
  readonly total: number;
  readonly esbuild: number;
  readonly node: number;
  readonly other: number;
}

export function countProcesses(spawns: readonly SpawnRecord[]): ProcessCounts {
  let esbuild = 0;
  let node = 0;
  for (const s of spawns) {
    const command = `${s.file} ${s.args.join(" ")}`;
    if (/esbuild/.test(s.file)) esbuild++;
    else if (/(^|[\s/])node(\s|$)/.test(command)) node++;
  }
  return { total: spawns.length, esbuild, node, other: spawns.length - esbuild - node };
}
