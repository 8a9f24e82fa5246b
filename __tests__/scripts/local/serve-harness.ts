import { SignatureV4 } from "@smithy/signature-v4";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A running `npm run local -- serve`, as a user drives it: from what it prints. */
export interface Serve {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: Credentials;
  /** The HTTP API's URL, when the stack has one. */
  readonly apiUrl?: string;
  readonly functionUrls: Readonly<Record<string, string>>;
  /** AWS SDK client settings for the operator (the printed endpoint and credentials). */
  readonly client: { endpoint: string; region: string; credentials: Credentials; maxAttempts: number };
  stdout(): string;
  stderr(): string;
  /** Ctrl-C: resolves with the exit code once the report is printed. */
  stop(): Promise<number | null>;
}

/** Runs the CLI as package.json's `local` script does. */
export function runLocal(args: readonly string[]): { child: ChildProcess; out: { stdout: string; stderr: string }; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [join(ROOT, "scripts", "local.js"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout!.on("data", (c: Buffer) => (out.stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out.stderr += c.toString()));
  return { child, out, exit: new Promise((resolve) => child.on("close", (code) => resolve(code))) };
}

export async function startServe(args: readonly string[]): Promise<Serve> {
  const { child, out, exit } = runLocal(["serve", ...args]);
  for (let i = 0; !/^AWS_ENDPOINT_URL=\S+$/m.test(out.stdout); i++) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${out.stderr}`);
    if (i > 1200) throw new Error(`serve did not start: ${out.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const get = (name: string) => new RegExp(`${name}=(\\S+)`).exec(out.stdout)![1];
  const credentials = { accessKeyId: get("AWS_ACCESS_KEY_ID"), secretAccessKey: get("AWS_SECRET_ACCESS_KEY") };
  const endpoint = get("AWS_ENDPOINT_URL");
  const region = get("AWS_REGION");
  const functionUrls = Object.fromEntries([...out.stdout.matchAll(/^([\w.-]+)=(http:\/\/127\.0\.0\.1:\d+\/)$/gm)].map((m) => [m[1], m[2]]));
  return {
    child,
    endpoint,
    region,
    credentials,
    apiUrl: /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out.stdout)?.[1],
    functionUrls,
    client: { endpoint, region, credentials, maxAttempts: 1 },
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      return exit;
    },
  };
}

/** Waits until `probe` gives a value (not undefined/false), or fails with what was last seen. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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

/** A fetch signed with SigV4 for `service` (execute-api for AWS_IAM routes, lambda for function URLs). */
export async function signedFetch(url: string, options: { method?: string; body?: string; headers?: Record<string, string>; service: string; region: string; credentials: Credentials }): Promise<Response> {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region, service: options.service, sha256: Sha256 as never });
  const query = Object.fromEntries(u.searchParams);
  const signed = await signer.sign({
    method: options.method ?? "GET",
    protocol: "http:",
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    query,
    headers: { host: u.host, ...(options.headers ?? {}) },
    body: options.body,
  });
  return fetch(url, { method: options.method ?? "GET", headers: signed.headers as Record<string, string>, body: options.body });
}
