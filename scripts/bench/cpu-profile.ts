import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { runMeasured, type RunResult } from "./measure";
import { withRequire } from "./trace";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  /** Main-thread time covered by the profile (from the preload's start to exit). */
  readonly totalMs: number;
  /** Self time per package (or project folder, or V8 category), largest first. */
  readonly byPackage: readonly { readonly name: string; readonly ms: number }[];
  /** The functions with the most self time. */
  readonly topFunctions: readonly { readonly name: string; readonly where: string; readonly ms: number }[];
  /** Inclusive time of notable activities (a sample counts when any frame of its stack matches). */
  readonly markers: readonly { readonly name: string; readonly ms: number }[];
}

/** Activities worth knowing the inclusive time of: where a cdktf app's synth time goes. */
const MARKERS: readonly { readonly name: string; readonly match: (f: CallFrame) => boolean }[] = [
  { name: "require() of modules (resolve, read, transpile, compile, run top level)", match: (f) => f.functionName === "require" && f.url === "node:internal/modules/helpers" },
  { name: "App.synth (aspects, token resolution, JSON, files)", match: (f) => f.functionName === "synth" && f.url.endsWith("/cdktf/lib/app.js") },
  { name: "aspects run at synth (e.g. a rule pack)", match: (f) => f.functionName === "invokeAspects" && f.url.includes("/cdktf/lib/synthesize/") },
  { name: "cdktf token resolution", match: (f) => f.functionName === "resolve" && f.url.endsWith("/cdktf/lib/tokens/private/resolve.js") },
  { name: "stack traces captured for every cdktf token (captureStackTrace)", match: (f) => f.functionName === "captureStackTrace" && f.url.includes("/cdktf/lib/") },
  { name: "source-mapped stack traces (Node.js source maps on)", match: (f) => f.url === "node:internal/source_map/prepare_stack_trace" },
  { name: "source map parsing", match: (f) => f.url.startsWith("node:internal/source_map/source_map") },
  { name: "esbuild bundling (waiting for the esbuild process)", match: (f) => (f.functionName === "buildSync" || f.functionName === "build") && f.url.includes("/esbuild/lib/") },
  { name: "esbuild transform (tsx transpiling)", match: (f) => f.functionName === "transformSync" && f.url.includes("/esbuild/lib/") },
  { name: "zipping (fflate)", match: (f) => f.url.includes("/fflate/") },
  { name: "child processes waited for (spawnSync, execSync)", match: (f) => f.functionName === "spawnSync" && f.url.startsWith("node:") },
  { name: "TypeScript compiler (type checking, e.g. ts-node)", match: (f) => f.url.includes("/typescript/lib/") },
  { name: "garbage collection", match: (f) => f.functionName === "(garbage collector)" },
];

export interface ProfileOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly projectRoot: string;
  /** The preload file (bench/preload/cpu-profile.cjs). */
  readonly preload: string;
}

/** Runs the command once with every Node.js main thread of its tree profiled; summarises the app's. */
export async function runProfiled(options: ProfileOptions): Promise<{ run: RunResult; summary?: ProfileSummary }> {
  const dir = mkdtempSync(join(tmpdir(), "cdktf-bench-prof-"));
  try {
    const run = await runMeasured({
      command: options.command,
      cwd: options.cwd,
      env: { ...options.env, BENCH_CPU_PROFILE_DIR: dir, NODE_OPTIONS: withRequire(options.env.NODE_OPTIONS, options.preload) },
    });
    const profiles = (existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => f.endsWith(".cpuprofile.json"))
      .map((f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { profile: CpuProfile }).profile);
    // The app process is the one that ran cdktf; launchers (npx, sh wrappers) barely touch it.
    const cdktfTime = (p: CpuProfile) => summarizeProfile(p, options.projectRoot).byPackage.find((e) => e.name === "cdktf")?.ms ?? 0;
    const app = profiles.sort((a, b) => cdktfTime(b) - cdktfTime(a))[0];
    return { run, summary: app ? summarizeProfile(app, options.projectRoot) : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self time by package and the top functions of one V8 CPU profile. */
export function summarizeProfile(profile: CpuProfile, projectRoot: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const markerUs = MARKERS.map(() => 0);
  for (const [id, us] of selfUs) {
    const hit = MARKERS.map(() => false);
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (frame) MARKERS.forEach((m, i) => (hit[i] = hit[i] || m.match(frame)));
    }
    hit.forEach((h, i) => (markerUs[i] += h ? us : 0));
  }

  const packages = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const pkg = packageOfUrl(frame.url, frame.functionName, projectRoot);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const where = frame.url ? `${shortPath(frame.url, projectRoot)}:${frame.lineNumber + 1}` : pkg;
    const key = `${frame.functionName}@${where}`;
    const f = functions.get(key) ?? { name: frame.functionName || "(anonymous)", where, us: 0 };
    f.us += us;
    functions.set(key, f);
  }
  return {
    totalMs: total / 1000,
    byPackage: [...packages].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 12)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000 })),
    markers: MARKERS.map((m, i) => ({ name: m.name, ms: markerUs[i] / 1000 })),
  };
}

function toPath(url: string): string {
  if (url.startsWith("file://")) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

function packageOfUrl(url: string, functionName: string, projectRoot: string): string {
  if (!url) {
    // V8's own buckets: (garbage collector), (program) = native code and compilation, (idle), (root).
    return functionName.startsWith("(") ? functionName : "(native or V8)";
  }
  if (url.startsWith("node:internal/modules/")) return "Node.js module loader (resolve, read, compile)";
  if (url.startsWith("node:internal/source_map")) return "Node.js source maps (turned on by tsx)";
  if (url.startsWith("node:")) return "other Node.js built-ins";
  const path = toPath(url);
  const nm = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (nm !== -1) {
    const parts = path.slice(nm + "/node_modules/".length).split(sep);
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const root = projectRoot.endsWith(sep) ? projectRoot : projectRoot + sep;
  if (path.startsWith(root)) {
    const rel = path.slice(root.length).split(sep);
    return `project: ${rel.length > 1 ? `${rel[0]}/` : rel[0]}`;
  }
  return "other";
}

function shortPath(url: string, projectRoot: string): string {
  const path = toPath(url);
  const nm = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (nm !== -1) return path.slice(nm + 1);
  return path.startsWith(projectRoot) ? path.slice(projectRoot.length + 1) : path;
}
