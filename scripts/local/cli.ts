import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadIamSimulate } from "./iam-check";
import { leastPrivilegeReport, renderReport } from "./report";
import { apisOf } from "./routes";
import { serveApi, type HttpServer } from "./server";
import { serveFunctionUrls } from "./function-urls";
import { loadJwks, type Jwks } from "./jwt";
import { findRunning, forgetRunning, recordRunning, sendTrigger } from "./running";
import { Session, type Fired } from "./session";
import { staleReason, synthesize } from "./synth";
import { watchSources } from "./watch";
import { killAllWorkers } from "./worker";

const USAGE = `Usage:
  npm run local -- serve <stack> [--port N] [--api NAME] [--endpoint-port N] [--jwks FILE] [--watch] [options]
      Serves the stack: its HTTP API on http://127.0.0.1:<port>, its function URLs, and one AWS
      endpoint (DynamoDB, SQS, SNS, S3, EventBridge, Secrets Manager, Lambda Invoke) whose address
      and operator credentials are printed; events flow between them as in AWS. Ctrl-C stops it and
      prints the least-privilege report.
  npm run local -- invoke <stack> <functionName> [--event file.json] [--report] [options]
      One invocation (default event {}); the function's result JSON on stdout, logs on stderr.
      Exit code 1 when the function fails.
  npm run local -- trigger <stack> <functionName> [options]
      Fires the schedules that invoke the function, now: in the running serve of that stack if
      there is one (its state), else in a session of its own. Result JSON on stdout.
Options:
  --outdir DIR        read DIR/stacks/<stack> as it is (default: cdktf.out, synthesized first when
                      missing or older than the sources)
  --account ID        account id for ARNs (default: the provider's allowed_account_ids)
  --time-scale N      emulated waits (visibility timeouts, retry delays, batching windows) pass N
                      times faster (default 1: real time)
  --jwks FILE         a JSON Web Key Set: JWT routes verify their tokens against it
  --watch             re-synthesize when the sources change and run the new code (state is kept)
  --report-json FILE  also write the least-privilege report as JSON when stopping
See docs/local.md.`;

interface Args {
  readonly command: string;
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(["--port", "--api", "--outdir", "--account", "--event", "--report-json", "--endpoint-port", "--time-scale", "--jwks"]);
const BOOLEAN_FLAGS = new Set(["--report", "--watch"]);
const ARITY: Record<string, number> = { serve: 1, invoke: 2, trigger: 2 };

function parseArgs(argv: readonly string[]): Args {
  const [command = "", ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [name, inline] = arg.startsWith("--") ? (arg.split(/=(.*)/s) as [string, string?]) : [arg];
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else if (BOOLEAN_FLAGS.has(name)) flags.set(name, true);
    else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  return { command, positional, flags };
}

class UsageError extends Error {}

const err = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);

function portOf(args: Args, flag: string): number {
  const value = args.flags.get(flag);
  const port = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a port number, got ${String(value)}`);
  return port;
}

export async function runLocalCli(argv: readonly string[]): Promise<number> {
  let args: Args;
  let timeScale: number;
  let jwks: Jwks | undefined;
  try {
    args = parseArgs(argv);
    if (args.command === "--help" || args.command === "-h" || args.command === "help") {
      out(USAGE);
      return 0;
    }
    const expected = ARITY[args.command];
    if (expected === undefined) throw new UsageError(args.command ? `unknown command ${args.command}` : "no command");
    if (args.positional.length !== expected) throw new UsageError(`${args.command} takes ${expected === 1 ? "<stack>" : "<stack> <functionName>"}`);
    portOf(args, "--port");
    portOf(args, "--endpoint-port");
    timeScale = Number(args.flags.get("--time-scale") ?? 1);
    if (!Number.isFinite(timeScale) || timeScale < 1) throw new UsageError(`--time-scale must be a number >= 1, got ${String(args.flags.get("--time-scale"))}`);
    if (args.flags.get("--watch") === true && args.flags.has("--outdir")) throw new UsageError("--watch re-synthesizes the project's app; it cannot read a given --outdir");
    const jwksFile = args.flags.get("--jwks");
    if (typeof jwksFile === "string") jwks = loadJwks(jwksFile);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof Error && /^--jwks/.test(error.message))) throw error;
    err(`local: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const root = resolve(__dirname, "..", "..");
  const stackName = args.positional[0];
  const outdirFlag = args.flags.get("--outdir");
  const outdir = typeof outdirFlag === "string" ? resolve(outdirFlag) : join(root, "cdktf.out");

  if (args.command === "trigger") {
    const running = findRunning(join(outdir, "stacks", stackName));
    if (running) {
      const fired = await sendTrigger(running, args.positional[1]).catch((error: Error) => {
        err(`local: the serve of ${stackName} (pid ${running.pid}) did not answer: ${error.message}`);
        return undefined;
      });
      if (fired === undefined) return 1;
      return printFired(fired, args.positional[1]);
    }
  }
  if (typeof outdirFlag !== "string") {
    const reason = staleReason(root, outdir, stackName);
    if (reason) {
      err(`local: synthesizing first (${reason})`);
      synthesize(root, outdir);
    }
  }
  const account = args.flags.get("--account");
  const session = await Session.start({
    outdir,
    stack: stackName,
    account: typeof account === "string" ? account : undefined,
    log: err,
    endpointPort: portOf(args, "--endpoint-port"),
    timeScale,
  });
  const localMajor = Number(process.versions.node.split(".")[0]);
  const runtimes = [...new Set(session.functions.map((f) => f.runtime).filter((r) => Number(/^nodejs(\d+)/.exec(r)?.[1]) !== localMajor))];
  if (runtimes.length > 0) err(`local: functions run on this machine's Node ${process.versions.node}; the stack declares ${runtimes.join(", ")}`);

  const reportJson = args.flags.get("--report-json");
  const finish = (): void => {
    if (typeof reportJson !== "string") return;
    const reports = leastPrivilegeReport(session.functions, session.usage, session.observable);
    writeFileSync(reportJson, `${JSON.stringify({ stack: stackName, functions: reports }, null, 2)}\n`);
  };
  if (args.command === "serve") return serve(session, args, finish, { root, outdir, jwks });
  if (args.command === "trigger") return trigger(session, args.positional[1], finish);
  return invoke(session, args, finish);
}

function printFired(fired: readonly Fired[], functionName: string): number {
  if (fired.length === 0) {
    err(`local: no schedule (aws_scheduler_schedule, or a scheduled aws_cloudwatch_event_rule) invokes ${functionName}`);
    return 2;
  }
  out(JSON.stringify(fired.map((f) => ({ schedule: f.schedule, ...(f.refused ? { refused: f.refused } : f.result?.ok ? { result: f.result.payload } : { error: f.result?.error }) })), null, 2));
  return fired.every((f) => f.result?.ok) ? 0 : 1;
}

async function serve(session: Session, args: Args, finish: () => void, options: { root: string; outdir: string; jwks?: Jwks }): Promise<number> {
  const apis = apisOf(session.stack);
  const wanted = args.flags.get("--api");
  const api = typeof wanted === "string" ? apis.find((a) => a.name === wanted) : apis[0];
  if (typeof wanted === "string" && !api) {
    err(`local: no API ${wanted}; the stack's APIs: ${apis.map((a) => a.name).join(", ") || "none"}`);
    await session.close();
    return 2;
  }
  if (!wanted && apis.length > 1) err(`local: the stack has ${apis.length} HTTP APIs; serving ${apis[0].name} (choose with --api: ${apis.map((a) => a.name).join(", ")})`);
  for (const [name, problem] of session.prepareAll()) err(`local: ${name} cannot run: ${problem}`);
  let server: HttpServer | undefined;
  if (api) {
    for (const route of api.routes) {
      const fn = route.functionRef ? session.functionFor(route.functionRef)?.fn : undefined;
      const auth = route.authorizationType === "NONE" ? "" : `  [${route.authorizationType === "CUSTOM" ? "Lambda authorizer" : route.authorizationType}]`;
      err(`  ${route.routeKey.padEnd(28)} -> ${fn?.functionName ?? "?"}${auth}${route.problem ? `  [${route.problem}]` : ""}`);
    }
    server = await serveApi(session, api, portOf(args, "--port"), err, options.jwks);
  }
  const urls = await serveFunctionUrls(session, err);
  for (const queue of session.queues) err(`  queue ${queue.declared.name}: ${session.endpoint}/${session.stack.accountId}/${queue.declared.name}`);
  const operator = session.identities.operator;
  // One write: whoever reads the first line finds the others with it.
  out(
    [
      `AWS_ACCESS_KEY_ID=${operator.accessKeyId} AWS_SECRET_ACCESS_KEY=${operator.secretAccessKey} AWS_REGION=${session.stack.region}`,
      `AWS_ENDPOINT_URL=${session.endpoint}`,
      ...urls.urls.map((url) => `${url.functionName}=${url.url}`),
      ...(server ? [server.url] : []),
    ].join("\n"),
  );
  const stateFile = recordRunning(join(options.outdir, "stacks", session.stack.name), { pid: process.pid, endpoint: session.endpoint, region: session.stack.region, ...operator });
  // While the first request's function process starts.
  setImmediate(loadIamSimulate);
  const watcher = args.flags.get("--watch") === true ? watchSources(options.root, session, options.outdir, err) : undefined;

  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      watcher?.close();
      forgetRunning(stateFile);
      killAllWorkers();
      await server?.close();
      await urls.close();
      out(renderReport(session.stack.name, leastPrivilegeReport(session.functions, session.usage, session.observable)));
      finish();
      await session.close();
      resolveExit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function trigger(session: Session, functionName: string, finish: () => void): Promise<number> {
  try {
    const fn = session.byName(functionName);
    if (!fn) {
      err(`local: no function ${functionName} in ${session.stack.name}; its functions: ${session.functions.map((f) => f.functionName).join(", ")}`);
      return 2;
    }
    const code = printFired(await session.trigger(fn), functionName);
    // Retries, destinations and what they set off run to their end before this session stops.
    await session.invoker.settled();
    finish();
    return code;
  } finally {
    killAllWorkers();
    await session.close();
  }
}

async function invoke(session: Session, args: Args, finish: () => void): Promise<number> {
  const name = args.positional[1];
  const fn = session.byName(name);
  try {
    if (!fn) {
      err(`local: no function ${name} in ${session.stack.name}; its functions: ${session.functions.map((f) => f.functionName).join(", ")}`);
      return 2;
    }
    const eventFile = args.flags.get("--event");
    let event: unknown = {};
    if (typeof eventFile === "string") {
      try {
        event = JSON.parse(readFileSync(eventFile, "utf8"));
      } catch (error) {
        err(`local: --event ${eventFile}: ${(error as Error).message}`);
        return 2;
      }
    }
    process.once("SIGINT", () => {
      killAllWorkers();
      void session.close().then(() => process.exit(130));
    });
    const result = await session.invoke(fn, event, (line) => err(`[${fn.functionName}] ${line}`));
    if (result.ok) out(JSON.stringify(result.payload, null, 2));
    else {
      out(JSON.stringify(result.error, null, 2));
      err(`local: ${fn.functionName} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
    }
    if (args.flags.get("--report") === true) err(renderReport(session.stack.name, leastPrivilegeReport([fn], session.usage, session.observable)));
    finish();
    return result.ok ? 0 : 1;
  } catch (error) {
    err(`local: ${(error as Error).message}`);
    return 1;
  } finally {
    killAllWorkers();
    await session.close();
  }
}
