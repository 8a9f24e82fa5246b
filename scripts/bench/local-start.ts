import { spawn } from "node:child_process";
import { summarize, type Summary } from "./measure";

/** `npm run local -- serve`: from the command to its first HTTP answer, and the requests after it. */
export interface LocalStartResult {
  readonly label: string;
  readonly command: string;
  readonly at: string;
  readonly load: readonly [number, number];
  /** Spawn to the URL printed (tables created, zips checked and extracted, server listening). */
  readonly ready: Summary;
  /** Spawn to the first answer of GET /hello (one function process started and run). */
  readonly firstAnswer: Summary;
  /** A later GET /hello: one function process per request. */
  readonly hello: Summary;
  /** POST /users: a function process with the AWS SDK, one DynamoDB call checked by iam-simulate. */
  readonly dynamoRequest: Summary;
  readonly failure?: string;
}

interface Sample {
  readonly ready: number;
  readonly firstAnswer: number;
  readonly hello: number;
  readonly dynamoRequest: number;
}

/**
 * Serves `stack` from an already synthesized `outdir` (synth is measured on its own), `runs` times,
 * each in a fresh process tree stopped with SIGINT as Ctrl-C would.
 */
export async function measureLocalStart(options: { root: string; outdir: string; stack: string; runs: number; env: NodeJS.ProcessEnv; load: () => number }): Promise<LocalStartResult> {
  const args = ["run", "-s", "local", "--", "serve", options.stack, "--outdir", options.outdir];
  const loadBefore = options.load();
  const samples: Sample[] = [];
  let failure: string | undefined;
  for (let i = 0; i < options.runs && failure === undefined; i++) {
    try {
      samples.push(await oneRun(options.root, args, options.env));
    } catch (error) {
      failure = (error as Error).message;
    }
  }
  return {
    label: `npm run local -- serve ${options.stack}`,
    // The temporary outdir's path would change the results file on every run.
    command: `npm ${args.join(" ").replace(options.outdir, "<synth output>")}`,
    at: new Date().toISOString(),
    load: [loadBefore, options.load()],
    ready: summarize(samples.map((s) => s.ready)),
    firstAnswer: summarize(samples.map((s) => s.firstAnswer)),
    hello: summarize(samples.map((s) => s.hello)),
    dynamoRequest: summarize(samples.map((s) => s.dynamoRequest)),
    failure,
  };
}

async function oneRun(root: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const start = performance.now();
  // Its own process group, so that the SIGINT reaches tsx's node as Ctrl-C in a terminal would.
  const child = spawn("npm", args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    let url: string | undefined;
    while (!(url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1])) {
      if (child.exitCode !== null) throw new Error(`serve exited before it was ready: ${stderr.slice(-2000)}`);
      if (performance.now() - start > 60_000) throw new Error("serve was not ready within 60 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    const ready = performance.now() - start;
    const timed = async (path: string, init?: RequestInit) => {
      const t = performance.now();
      const res = await fetch(`${url}${path}`, init);
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${init?.method ?? "GET"} ${path} answered ${res.status}: ${stderr.slice(-2000)}`);
      return performance.now() - t;
    };
    await timed("/hello");
    const firstAnswer = performance.now() - start;
    const hello = await timed("/hello?name=bench");
    const dynamoRequest = await timed("/users", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Bench", email: "bench@example.com" }) });
    return { ready, firstAnswer, hello, dynamoRequest };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGINT");
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(-child.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
