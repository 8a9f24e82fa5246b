import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAwsProxy, type AwsProxy } from "./aws-proxy";
import { startDynamo, tablesOf, type LocalDynamo } from "./dynamodb";
import { loadFunctions, type LocalFunction } from "./functions";
import { layOut, runtimeModules, type FunctionLayout } from "./layout";
import { readStack, type Stack } from "./stack";
import { Usage } from "./usage";
import { invokeFunction, type InvokeResult } from "./worker";

export interface SessionOptions {
  readonly outdir: string;
  readonly stack: string;
  readonly account?: string;
  /** Lines for the person running it (the server's output). */
  readonly log: (line: string) => void;
}

/** Function processes alive at once: the machine stays usable; more requests wait. */
const MAX_CONCURRENT = 4;

/** Everything a stack needs to run locally: its functions, an in-memory DynamoDB, the checking AWS endpoint. */
export class Session {
  private readonly layouts = new Map<string, FunctionLayout>();
  private readonly keyOf = new Map<string, string>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  private constructor(
    readonly stack: Stack,
    readonly functions: readonly LocalFunction[],
    private readonly dynamo: LocalDynamo,
    private readonly proxy: AwsProxy,
    private readonly root: string,
    private readonly runtimeDir: string,
    private readonly log: (line: string) => void,
    private readonly maxConcurrent: number,
    readonly usage: Usage,
  ) {}

  static async start(options: SessionOptions): Promise<Session> {
    const stack = readStack(options.outdir, options.stack, options.account);
    const functions = loadFunctions(stack);
    if (functions.length === 0) throw new Error(`stack ${options.stack} has no aws_lambda_function`);
    if (stack.accountIdSource === "stand-in") {
      options.log(`account id: the provider has no single allowed_account_ids; ARNs use ${stack.accountId} (pass --account to choose)`);
    }
    for (const fn of functions) {
      for (const note of fn.role.notEvaluated) options.log(`${fn.functionName}: not evaluated locally (calls only it would allow are refused): ${note}`);
      if (fn.role.refuseAll) options.log(`${fn.functionName}: every AWS call is refused: ${fn.role.refuseAll}`);
    }
    const tables = tablesOf(stack);
    for (const table of tables) for (const note of table.notEmulated) options.log(`${table.path}: not emulated: ${note}`);
    const usage = new Usage();
    const callers = new Map<string, LocalFunction>();
    const keys = new Map<string, string>();
    functions.forEach((fn, i) => {
      // An access key id of Lambda's shape (ASIA: temporary credentials), one per function.
      const key = `ASIALOCAL${String(i).padStart(11, "0")}`;
      callers.set(key, fn);
      keys.set(fn.functionName, key);
    });
    const root = mkdtempSync(join(tmpdir(), "cdktf-local-"));
    let dynamo: LocalDynamo | undefined;
    try {
      dynamo = await startDynamo(tables);
      const proxy = await startAwsProxy({
        dynamoEndpoint: dynamo.endpoint,
        callers,
        tables: { partition: stack.partition, region: stack.region, accountId: stack.accountId, hashKeys: new Map(tables.map((t) => [t.name, t.hashKey])) },
        accountId: stack.accountId,
        usage,
        log: options.log,
      });
      const session = new Session(stack, functions, dynamo, proxy, root, runtimeModules(root), options.log, MAX_CONCURRENT, usage);
      keys.forEach((key, name) => session.keyOf.set(name, key));
      return session;
    } catch (error) {
      await dynamo?.close();
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  byName(functionName: string): LocalFunction | undefined {
    return this.functions.find((f) => f.functionName === functionName);
  }

  /** Extracts every runnable function now (checks each zip); returns the problems found, by function. */
  prepareAll(): Map<string, string> {
    const problems = new Map<string, string>();
    for (const fn of this.functions) {
      try {
        this.layoutOf(fn);
      } catch (error) {
        problems.set(fn.functionName, (error as Error).message);
      }
    }
    return problems;
  }

  /** One invocation in its own process (at most `maxConcurrent` at a time, the rest wait their turn). */
  async invoke(fn: LocalFunction, event: unknown, log: (line: string) => void): Promise<InvokeResult> {
    const layout = this.layoutOf(fn);
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      this.usage.invocation(fn.functionName);
      return await invokeFunction({ fn, layout, event, endpoint: this.proxy.endpoint, accessKeyId: this.keyOf.get(fn.functionName)!, log });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await this.proxy.close();
    await this.dynamo.close();
    rmSync(this.root, { recursive: true, force: true });
  }

  private layoutOf(fn: LocalFunction): FunctionLayout {
    const existing = this.layouts.get(fn.functionName);
    if (existing) return existing;
    if (fn.problems.length > 0) throw new Error(`${fn.functionName} cannot run locally: ${fn.problems.join("; ")}`);
    const layout = layOut(fn, join(this.root, "functions", fn.functionName), this.runtimeDir);
    this.layouts.set(fn.functionName, layout);
    for (const warning of fn.warnings) this.log(`${fn.functionName}: ${warning}`);
    return layout;
  }
}
