import { SignatureV4 } from "@smithy/signature-v4";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
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
  // Its own process group, so that the SIGINT reaches the runner's node as Ctrl-C in a terminal would.
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
    // POST /users is an AWS_IAM route: signed with the operator credentials serve printed.
    const body = JSON.stringify({ name: "Bench", email: "bench@example.com" });
    const headers = await signedHeaders(`${url}/users`, "POST", body, operatorOf(stdout));
    const dynamoRequest = await timed("/users", { method: "POST", headers, body });
    return { ready, firstAnswer, hello, dynamoRequest };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGINT");
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(-child.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

interface Operator {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly endpoint: string;
}

function operatorOf(stdout: string): Operator {
  const get = (name: string) => new RegExp(`${name}=(\\S+)`).exec(stdout)?.[1] ?? "";
  return { accessKeyId: get("AWS_ACCESS_KEY_ID"), secretAccessKey: get("AWS_SECRET_ACCESS_KEY"), region: get("AWS_REGION"), endpoint: get("AWS_ENDPOINT_URL") };
}

class Sha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

/** Headers of a request signed for an AWS_IAM route (execute-api) with the operator's key. */
async function signedHeaders(url: string, method: string, body: string, operator: Operator): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: operator, region: operator.region, service: "execute-api", sha256: Sha256 as never });
  const signed = await signer.sign({ method, protocol: "http:", hostname: u.hostname, port: Number(u.port), path: u.pathname, query: {}, headers: { host: u.host, "content-type": "application/json" }, body });
  return signed.headers as Record<string, string>;
}

/** One event through three functions: a message, its worker, the table's stream, a publisher, the topic, a subscriber. */
export interface LocalChainResult {
  readonly label: string;
  readonly command: string;
  readonly at: string;
  readonly load: readonly [number, number];
  /** SendMessage to the subscriber's write being readable (three function processes, each a cold start). */
  readonly chain: Summary;
  readonly failure?: string;
}

/**
 * Serves the local-chain fixture from `outdir` once, then sends `runs` messages one after the
 * other, each timed from SendMessage until the item the third function writes can be read.
 */
export async function measureEventChain(options: { root: string; outdir: string; runs: number; env: NodeJS.ProcessEnv; load: () => number }): Promise<LocalChainResult> {
  const args = ["run", "-s", "local", "--", "serve", "local-chain", "--outdir", options.outdir];
  const loadBefore = options.load();
  const samples: number[] = [];
  let failure: string | undefined;
  const child: ChildProcess = spawn("npm", args, { cwd: options.root, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    const start = performance.now();
    while (!/^AWS_ENDPOINT_URL=/m.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`serve exited before it was ready: ${stderr.slice(-2000)}`);
      if (performance.now() - start > 60_000) throw new Error("serve was not ready within 60 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    const operator = operatorOf(stdout);
    const { SQSClient, SendMessageCommand } = await import("@aws-sdk/client-sqs");
    const { DynamoDBClient, GetItemCommand } = await import("@aws-sdk/client-dynamodb");
    const client = { endpoint: operator.endpoint, region: operator.region, credentials: operator };
    const sqs = new SQSClient(client);
    const dynamo = new DynamoDBClient(client);
    const account = /\/(\d{12})\/chain-jobs/.exec(stderr)?.[1] ?? "222222222222";
    for (let i = 0; i < options.runs; i++) {
      const id = `bench-${i}-${Date.now()}`;
      const t = performance.now();
      await sqs.send(new SendMessageCommand({ QueueUrl: `${operator.endpoint}/${account}/chain-jobs`, MessageBody: JSON.stringify({ id, kind: "widget" }) }));
      for (;;) {
        const { Item } = await dynamo.send(new GetItemCommand({ TableName: "chain-seen", Key: { id: { S: `sns#${id}` } } }));
        if (Item) break;
        if (performance.now() - t > 30_000) throw new Error(`the event did not reach the third function within 30 s: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      samples.push(performance.now() - t);
    }
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGINT");
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(-child.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  return {
    label: "one event through three functions (npm run local -- serve local-chain)",
    command: `npm ${args.join(" ").replace(options.outdir, "<synth output>")}`,
    at: new Date().toISOString(),
    load: [loadBefore, options.load()],
    chain: summarize(samples),
    failure,
  };
}
