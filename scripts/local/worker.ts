import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { LocalFunction } from "./functions";
import type { Credentials } from "./identities";
import type { FunctionLayout } from "./layout";

const BOOTSTRAP = join(__dirname, "runtime", "bootstrap.cjs");
/** Lambda's limit on a synchronous invocation's event. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

const live = new Set<ChildProcess>();

/** Kills every function process still running (on shutdown). */
export function killAllWorkers(): void {
  for (const child of live) child.kill("SIGKILL");
}

/** What Lambda answers a synchronous invoke with. */
export type InvokeResult =
  | { readonly ok: true; readonly requestId: string; readonly payload: unknown; readonly durationMs: number }
  | { readonly ok: false; readonly requestId: string; readonly error: LambdaError; readonly durationMs: number };

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export interface InvokeOptions {
  readonly fn: LocalFunction;
  readonly layout: FunctionLayout;
  readonly event: unknown;
  /** AWS_ENDPOINT_URL: every AWS SDK client of the function goes to the local proxy. */
  readonly endpoint: string;
  /** The function's own temporary credentials: its calls are verified and checked as its role's. */
  readonly credentials: Credentials;
  /** Each line the function writes (stdout and stderr). */
  readonly log: (line: string) => void;
}

/**
 * One invocation in a fresh Node process with Lambda's environment (nothing of the caller's
 * environment passes), killed when it runs past the function's timeout as Lambda would.
 */
export function invokeFunction(options: InvokeOptions): Promise<InvokeResult> {
  const { fn, layout } = options;
  const requestId = randomUUID();
  const started = Date.now();
  const eventJson = JSON.stringify(options.event ?? null);
  if (Buffer.byteLength(eventJson) > MAX_EVENT_BYTES) {
    return Promise.resolve({ ok: false, requestId, durationMs: 0, error: { errorType: "RequestEntityTooLargeException", errorMessage: `Request must be smaller than ${MAX_EVENT_BYTES} bytes for the InvokeFunction operation` } });
  }
  const runtimeMajor = Number(/^nodejs(\d+)\.x$/.exec(fn.runtime)?.[1] ?? 0);
  const env: NodeJS.ProcessEnv = {
    ...fn.environment,
    // Lambda's reserved variables win over the function's own, as in Lambda.
    PATH: process.env.PATH,
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    NODE_PATH: layout.nodePath,
    LAMBDA_TASK_ROOT: layout.taskRoot,
    LAMBDA_RUNTIME_DIR: layout.runtimeDir,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${requestId.replace(/-/g, "")}`,
    AWS_REGION: fn.functionArn.split(":")[3],
    AWS_DEFAULT_REGION: fn.functionArn.split(":")[3],
    AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: options.credentials.sessionToken ?? "",
    AWS_ENDPOINT_URL: options.endpoint,
    // The SDK warns on Node versions older than the runtime's on every cold start: said once by `local` instead.
    ...(Number(process.versions.node.split(".")[0]) < runtimeMajor && { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }),
  };
  // The runtime sizes the V8 heap from the function's memory; the same ceiling applies here.
  const heap = Math.max(16, Math.floor(fn.memorySize * 0.9));
  const child = spawn(process.execPath, [`--max-old-space-size=${heap}`, BOOTSTRAP], {
    cwd: layout.taskRoot,
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  live.add(child);
  const lines = (stream: NodeJS.ReadableStream) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) options.log(line);
    });
    stream.on("end", () => rest && options.log(rest));
  };
  lines(child.stdout!);
  lines(child.stderr!);

  return new Promise((resolve) => {
    let outcome: InvokeResult | undefined;
    const settle = (result: { ok: true; payload: unknown } | { ok: false; error: LambdaError }) => {
      outcome ??= { ...result, requestId, durationMs: Date.now() - started } as InvokeResult;
    };
    const timer = setTimeout(() => {
      settle({ ok: false, error: { errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${(Date.now() - started) / 1000} seconds` } });
      child.kill("SIGKILL");
    }, fn.timeout * 1000);
    child.on("message", (message: { type: string; payload?: string; error?: LambdaError }) => {
      if (message.type === "result") settle({ ok: true, payload: JSON.parse(message.payload ?? "null") });
      else if (message.type === "error" && message.error) settle({ ok: false, error: message.error });
    });
    child.on("error", (error) => settle({ ok: false, error: { errorType: "Runtime.StartError", errorMessage: error.message } }));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      settle({
        ok: false,
        error: { errorType: "Runtime.ExitError", errorMessage: `RequestId: ${requestId} Error: Runtime exited ${signal ? `with signal ${signal}` : `with error: exit status ${code}`}` },
      });
      resolve(outcome!);
    });
    child.send({ event: eventJson, requestId, functionArn: fn.functionArn, deadlineMs: started + fn.timeout * 1000 });
  });
}
