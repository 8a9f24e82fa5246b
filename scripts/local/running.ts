import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Fired } from "./session";

/** How a running `serve` is reached by `trigger`: its endpoint and operator key (readable by this user only). */
export interface Running {
  readonly pid: number;
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

function fileOf(stackDir: string): string {
  const id = createHash("sha256").update(resolve(stackDir)).digest("hex").slice(0, 16);
  return join(tmpdir(), `cdktf-local-${process.getuid?.() ?? "user"}`, `${id}.json`);
}

/** Records a serve of the stack in `stackDir`; returns the file to remove when it stops. */
export function recordRunning(stackDir: string, running: Running): string {
  const file = fileOf(stackDir);
  mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(running), { mode: 0o600 });
  return file;
}

export function forgetRunning(file: string): void {
  rmSync(file, { force: true });
}

/** The serve of that stack, if one is alive. */
export function findRunning(stackDir: string): Running | undefined {
  const file = fileOf(stackDir);
  if (!existsSync(file)) return undefined;
  try {
    const running = JSON.parse(readFileSync(file, "utf8")) as Running;
    process.kill(running.pid, 0);
    return running;
  } catch {
    return undefined;
  }
}

/** Asks a running serve to fire a function's schedules (a request signed with the operator's key). */
export async function sendTrigger(running: Running, functionName: string): Promise<Fired[]> {
  const url = new URL("/_local/trigger", running.endpoint);
  const body = JSON.stringify({ functionName });
  class Sha256 {
    private readonly h;
    constructor(secret?: string | Uint8Array) {
      this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
    }
    update(d: string | Uint8Array) {
      this.h.update(d);
    }
    digest() {
      return Promise.resolve(new Uint8Array(this.h.digest()));
    }
  }
  const signer = new SignatureV4({ credentials: running, region: running.region, service: "local", sha256: Sha256 as never });
  const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host, "content-type": "application/json" }, body });
  const res = await fetch(url, { method: "POST", headers: signed.headers as Record<string, string>, body });
  const answer = (await res.json()) as { fired?: Fired[]; message?: string };
  if (!res.ok || !answer.fired) throw new Error(answer.message ?? `HTTP ${res.status}`);
  return answer.fired;
}
