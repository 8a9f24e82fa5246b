/**
 * The deploy workflow's order, from the app itself: main.ts is constructed (bundled and run as
 * synth runs it, up to `app.synth()`, without writing anything) and every stack it creates is
 * placed by stacks/deploy-order.ts: one entry per environment, in promotion order (config/:
 * `promotedFrom`), with its stacks, each after the stacks it depends on. Stacks left out on purpose
 * (`deployManually`, e.g. state-bootstrap) are named on stderr with their reason.
 * `.github/workflows/deploy.yml` reads stdout as its matrix, so a stack added to main.ts, or an
 * environment added as config/<env>.ts, is deployed without editing the workflow.
 *
 * Usage: npm run --silent deploy-order [-- --app <entry.ts>]   (default: the entry of cdktf.json's "app")
 *   ->  [{"environment":"dev","promotedFrom":null,"stacks":"aws-dev gcp-dev"}, ...]
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DeployOrder } from "../stacks/deploy-order";

/** scripts/run-app.js: plain JavaScript shared with cdktf.json's "app", so the app is bundled and run exactly as synth runs it. */
export interface AppRunner {
  constructApp(entry: string, options: { alongside: string }): Promise<false | { app: unknown; exports: Record<string, unknown> }>;
  printError(error: unknown): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ownRunner = () => require("./run-app.js") as AppRunner;

const ROOT = resolve(__dirname, "..");
const RUNNER_APP = /^node\s+(\S*run-app\.js)(?:\s+(\S+))?\s*$/;

/** The app's entry: `--app <file>`, else the one cdktf.json's "app" runs, else main.ts. */
function entryOf(args: readonly string[]): string {
  const at = args.indexOf("--app");
  if (at >= 0) {
    if (!args[at + 1]) throw new Error("--app needs the app's entry file, e.g. --app main.ts");
    return resolve(args[at + 1]);
  }
  const config = join(process.cwd(), "cdktf.json");
  const app = existsSync(config) ? (JSON.parse(readFileSync(config, "utf8")) as { app?: string }).app : undefined;
  const match = app ? RUNNER_APP.exec(app) : null;
  return resolve(match?.[2] ?? "main.ts");
}

/**
 * Constructs the app at `entry` and places its stacks; undefined (the error printed) when it cannot.
 * `runner`: run-app.js as loaded by Node's own module system, where the app runs (a test suite that
 * calls this in its jest worker passes the one it loaded so: __tests__/in-process.ts).
 */
export async function deployOrderOfApp(entry: string, runner: AppRunner = ownRunner()): Promise<DeployOrder | undefined> {
  const constructed = await runner.constructApp(entry, { alongside: join(ROOT, "stacks", "deploy-order.ts") });
  if (!constructed) return undefined;
  const place = constructed.exports.deployOrder as (app: unknown) => DeployOrder;
  try {
    return place(constructed.app);
  } catch (error) {
    runner.printError(error);
    return undefined;
  }
}

async function main(args: readonly string[]): Promise<number> {
  let entry: string;
  try {
    entry = entryOf(args);
  } catch (error) {
    process.stderr.write(`deploy-order: ${(error as Error).message}\n`);
    return 2;
  }
  const order = await deployOrderOfApp(entry);
  if (!order) return 1;
  for (const { stack, reason } of order.manual) process.stderr.write(`deploy-order: ${stack} is not deployed by the workflow: ${reason}\n`);
  process.stdout.write(`${JSON.stringify(order.stages)}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
