import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadIamSimulate } from "./iam-check";
import { leastPrivilegeReport, renderReport } from "./report";
import { apisOf } from "./routes";
import { serveApi } from "./server";
import { Session } from "./session";
import { staleReason, synthesize } from "./synth";
import { killAllWorkers } from "./worker";

const USAGE = `Usage:
  npm run local -- serve <stack> [--port N] [--api NAME] [options]
      Serves the stack's HTTP API on http://127.0.0.1:<port> (default: a free port); Ctrl-C stops it
      and prints the least-privilege report.
  npm run local -- invoke <stack> <functionName> [--event file.json] [--report] [options]
      One invocation (default event {}); the function's result JSON on stdout, logs on stderr.
      Exit code 1 when the function fails.
Options:
  --outdir DIR        read DIR/stacks/<stack> as it is (default: cdktf.out, synthesized first when
                      missing or older than the sources)
  --account ID        account id for ARNs (default: the provider's allowed_account_ids)
  --report-json FILE  also write the least-privilege report as JSON when stopping
See docs/local.md.`;

interface Args {
  readonly command: string;
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(["--port", "--api", "--outdir", "--account", "--event", "--report-json"]);
const BOOLEAN_FLAGS = new Set(["--report"]);

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

export async function runLocalCli(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
    if (args.command === "--help" || args.command === "-h" || args.command === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.command !== "serve" && args.command !== "invoke") throw new UsageError(args.command ? `unknown command ${args.command}` : "no command");
    const expected = args.command === "serve" ? 1 : 2;
    if (args.positional.length !== expected) throw new UsageError(`${args.command} takes ${expected === 1 ? "<stack>" : "<stack> <functionName>"}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`local: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const root = resolve(__dirname, "..", "..");
  const stackName = args.positional[0];
  const outdirFlag = args.flags.get("--outdir");
  const outdir = typeof outdirFlag === "string" ? resolve(outdirFlag) : join(root, "cdktf.out");
  if (typeof outdirFlag !== "string") {
    const reason = staleReason(root, outdir, stackName);
    if (reason) {
      err(`local: synthesizing first (${reason})`);
      synthesize(root, outdir);
    }
  }
  const account = args.flags.get("--account");
  const session = await Session.start({ outdir, stack: stackName, account: typeof account === "string" ? account : undefined, log: err });
  const localMajor = Number(process.versions.node.split(".")[0]);
  const runtimes = [...new Set(session.functions.map((f) => f.runtime).filter((r) => Number(/^nodejs(\d+)/.exec(r)?.[1]) !== localMajor))];
  if (runtimes.length > 0) err(`local: functions run on this machine's Node ${process.versions.node}; the stack declares ${runtimes.join(", ")}`);

  const reportJson = args.flags.get("--report-json");
  const finish = (): void => {
    if (typeof reportJson !== "string") return;
    const reports = leastPrivilegeReport(session.functions, session.usage);
    writeFileSync(reportJson, `${JSON.stringify({ stack: stackName, functions: reports }, null, 2)}\n`);
  };
  return args.command === "serve" ? serve(session, args, finish) : invoke(session, args, finish);
}

async function serve(session: Session, args: Args, finish: () => void): Promise<number> {
  const apis = apisOf(session.stack);
  const wanted = args.flags.get("--api");
  const api = typeof wanted === "string" ? apis.find((a) => a.name === wanted) : apis.length === 1 ? apis[0] : undefined;
  if (!api) {
    err(apis.length === 0 ? `local: stack ${session.stack.name} has no HTTP API` : `local: choose an API with --api: ${apis.map((a) => a.name).join(", ")}`);
    await session.close();
    return 2;
  }
  const portFlag = args.flags.get("--port");
  const port = portFlag === undefined ? 0 : Number(portFlag);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`local: --port must be a port number, got ${String(portFlag)}`);
    await session.close();
    return 2;
  }
  for (const [name, problem] of session.prepareAll()) err(`local: ${name} cannot run: ${problem}`);
  for (const route of api.routes) {
    const fn = session.functions.find((f) => f.key === route.functionKey);
    const flag = route.authorizationType !== "NONE" ? `  [${route.authorizationType} authorization: not verified locally]` : "";
    err(`  ${route.routeKey.padEnd(28)} -> ${fn?.functionName ?? "?"}${flag}${route.problem ? `  [${route.problem}]` : ""}`);
  }
  const server = await serveApi(session, api, port, err);
  process.stdout.write(`${server.url}\n`);
  // While the first request's function process starts.
  setImmediate(loadIamSimulate);

  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      killAllWorkers();
      await server.close();
      process.stdout.write(`${renderReport(session.stack.name, leastPrivilegeReport(session.functions, session.usage))}\n`);
      finish();
      await session.close();
      resolveExit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
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
    if (result.ok) process.stdout.write(`${JSON.stringify(result.payload, null, 2)}\n`);
    else {
      process.stdout.write(`${JSON.stringify(result.error, null, 2)}\n`);
      err(`local: ${fn.functionName} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
    }
    if (args.flags.get("--report") === true) err(renderReport(session.stack.name, leastPrivilegeReport([fn], session.usage)));
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
