import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IamStatement } from "../../modules/core/terraform";
import { Access } from "./aws/access";
import { DynamoDbService } from "./aws/dynamodb-service";
import { EventBridgeService } from "./aws/eventbridge-service";
import { Gateway } from "./aws/gateway";
import { LambdaService } from "./aws/lambda-service";
import { jsonResponse, type AwsResponse } from "./aws/protocol";
import { SecretsManagerService } from "./aws/secretsmanager-service";
import { S3Service } from "./aws/s3-service";
import { SnsService } from "./aws/sns-service";
import { LocalQueue } from "./aws/sqs-queue";
import { SqsService } from "./aws/sqs-service";
import { Clock } from "./clock";
import { readDeclared, type Declared } from "./declared";
import { startDynamo, tablesOf, type LocalDynamo } from "./dynamodb";
import { Delivery } from "./events/delivery";
import { Invoker } from "./events/invoker";
import { QueuePoller } from "./events/queue-poller";
import { StreamPoller } from "./events/stream-poller";
import { TableStream } from "./events/table-stream";
import { loadFunctions, type LocalFunction } from "./functions";
import { Identities } from "./identities";
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
  /** Port of the AWS endpoint (default: a free one). */
  readonly endpointPort?: number;
  /** How much faster emulated waits pass (visibility timeouts, retry delays); 1 is real time. */
  readonly timeScale?: number;
}

/** Function processes alive at once: the machine stays usable; more invocations wait. */
const MAX_CONCURRENT = 4;

/** What firing a schedule did: which schedule, and the first attempt's result. */
export interface Fired {
  readonly schedule: string;
  readonly result?: InvokeResult;
  readonly refused?: string;
}

/**
 * Everything a stack needs to run locally: its functions, the emulated services behind one
 * verified AWS endpoint (DynamoDB with streams, SQS, SNS, S3, EventBridge, Lambda's Invoke), and
 * the event sources that connect them as in AWS.
 */
export class Session {
  private layouts = new Map<string, FunctionLayout>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly pollers: { stop(): void }[] = [];
  readonly usage = new Usage();
  readonly invoker: Invoker;
  readonly queues: LocalQueue[];
  private readonly delivery: Delivery;
  /** The IAM actions the emulated services answer: the least-privilege report judges only these. */
  observable: ReadonlySet<string> = new Set();

  private constructor(
    readonly stack: Stack,
    public functions: readonly LocalFunction[],
    readonly declared: Declared,
    readonly identities: Identities,
    readonly gateway: Gateway,
    private readonly dynamo: LocalDynamo,
    readonly streams: ReadonlyMap<string, TableStream>,
    private readonly root: string,
    private readonly runtimeDir: string,
    readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {
    const access = this.access;
    this.queues = declared.queues.map((q) => new LocalQueue(q, clock, (arn) => this.queues.find((x) => x.arn === arn)));
    this.invoker = new Invoker({
      run: (fn, event) => this.invoke(fn, event, (line) => log(`[${fn.functionName}] ${line}`)),
      send: async (send) => {
        const body = JSON.stringify(send.payload);
        const attributes = send.attributes && Object.fromEntries(Object.entries(send.attributes).map(([k, v]) => [k, { DataType: "String", StringValue: v }]));
        await this.delivery.asRole(send.fn, send.targetArn, { body, event: send.payload, attributes, ...(send.detailType && { eventBridge: { source: "lambda", detailType: send.detailType, resources: [send.fn.functionArn] } }) }, send.label);
      },
      configOf: (fn) => declared.invokeConfigs.find((c) => this.functionFor(c.functionRef)?.fn === fn),
      clock,
      log,
    });
    this.delivery = new Delivery({
      access,
      accountId: stack.accountId,
      queueByArn: (arn) => this.queues.find((q) => q.arn === arn),
      functionFor: (ref) => this.functionFor(ref),
      permissions: declared.permissions,
      invokeAsync: (fn, event, source) => this.invoker.invokeAsync(fn, event, source),
      log,
    });
  }

  private _access?: Access;
  /** Every authorization decision (function calls, service deliveries) goes through this one checker. */
  get access(): Access {
    return (this._access ??= new Access(this.stack.accountId, this.stack.region, this.usage, this.log, (arn) => this.resourcePolicyOf(arn)));
  }

  static async start(options: SessionOptions): Promise<Session> {
    const stack = readStack(options.outdir, options.stack, options.account);
    const gateway = await Gateway.listen(options.endpointPort);
    const root = mkdtempSync(join(tmpdir(), "cdktf-local-"));
    try {
      const functions = loadFunctions(stack, gateway.endpoint);
      if (functions.length === 0) throw new Error(`stack ${options.stack} has no aws_lambda_function`);
      if (stack.accountIdSource === "stand-in") {
        options.log(`account id: the provider has no single allowed_account_ids; ARNs use ${stack.accountId} (pass --account to choose)`);
      }
      for (const fn of functions) {
        for (const note of fn.role.notEvaluated) options.log(`${fn.functionName}: not evaluated locally (calls only it would allow are refused): ${note}`);
        if (fn.role.refuseAll) options.log(`${fn.functionName}: every AWS call is refused: ${fn.role.refuseAll}`);
      }
      const declared = readDeclared(stack, gateway.endpoint);
      for (const problem of declared.problems) options.log(problem);
      // One line per type, in the catalog's words (its `local` slot).
      for (const type of declared.notEmulated) options.log(`not emulated (calls to it are refused, deliveries from it never happen): ${type}`);
      const tables = tablesOf(stack);
      for (const table of tables) for (const note of table.notEmulated) options.log(`${table.path}: not emulated: ${note}`);
      const dynamo = await startDynamo(tables);
      const streams = new Map(tables.flatMap((t) => (t.stream ? [[t.name, new TableStream({ ...t, stream: t.stream }, stack.region)] as const] : [])));
      const session = new Session(stack, functions, declared, new Identities(functions), gateway, dynamo, streams, root, runtimeModules(root), new Clock(options.timeScale ?? 1), options.log);
      await session.wire();
      return session;
    } catch (error) {
      await gateway.close();
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  get endpoint(): string {
    return this.gateway.endpoint;
  }

  byName(functionName: string): LocalFunction | undefined {
    return this.functions.find((f) => f.functionName === functionName);
  }

  /**
   * The function an ARN or a name stands for, and the ARN it was named by: unqualified, or qualified
   * (`<arn>:live`) with `$LATEST`, a version number or an alias the stack declares for that function
   * (`aws_lambda_alias`); any other qualifier names no function, as in Lambda. Every version and
   * alias runs the function's one local code.
   */
  functionFor(ref: string): { fn: LocalFunction; arn: string } | undefined {
    for (const fn of this.functions) {
      if (ref === fn.functionName || ref === fn.functionArn) return { fn, arn: fn.functionArn };
      const prefix = ref.startsWith(`${fn.functionArn}:`) ? fn.functionArn : ref.startsWith(`${fn.functionName}:`) ? fn.functionName : undefined;
      if (prefix === undefined) continue;
      const qualifier = ref.slice(prefix.length + 1);
      const known = qualifier === "$LATEST" || /^\d+$/.test(qualifier) || this.declared.aliases.some((a) => a.name === qualifier && (a.functionRef === fn.functionName || a.functionRef === fn.functionArn));
      return known ? { fn, arn: `${fn.functionArn}:${qualifier}` } : undefined;
    }
    return undefined;
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

  /** One synchronous invocation in its own process (at most 4 at a time, the rest wait their turn). */
  async invoke(fn: LocalFunction, event: unknown, log: (line: string) => void): Promise<InvokeResult> {
    const layout = this.layoutOf(fn);
    if (this.running >= MAX_CONCURRENT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      this.usage.invocation(fn.functionName);
      return await invokeFunction({ fn, layout, event, endpoint: this.endpoint, credentials: this.identities.of(fn), log });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /**
   * Fires the schedules that target a function, as EventBridge Scheduler (with the schedule's role)
   * or a scheduled rule (through the function's permission) would: an asynchronous invocation with
   * the schedule's input. Resolves with each first attempt's result.
   */
  async trigger(fn: LocalFunction): Promise<Fired[]> {
    const fired: Fired[] = [];
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    for (const schedule of this.declared.schedules.filter((s) => this.functionFor(s.targetArn)?.fn === fn)) {
      const roleSession = `arn:${this.stack.partition}:sts::${this.stack.accountId}:assumed-role/${schedule.role.roleName}/${randomUUID().slice(0, 8)}`;
      const refusal = await this.access.checkPrincipal({ arn: roleSession, role: schedule.role }, { action: "lambda:InvokeFunction", resource: schedule.targetArn, context: {} }, `schedule ${schedule.name}`);
      if (refusal) {
        fired.push({ schedule: schedule.name, refused: refusal.message });
        continue;
      }
      const input = (schedule.input ?? "{}")
        .replace(/<aws\.scheduler\.execution-id>/g, randomUUID())
        .replace(/<aws\.scheduler\.scheduled-time>/g, now)
        .replace(/<aws\.scheduler\.schedule-arn>/g, schedule.arn)
        .replace(/<aws\.scheduler\.attempt-number>/g, "1");
      fired.push({ schedule: schedule.name, result: await this.invoker.invokeAsync(fn, JSON.parse(input), `schedule ${schedule.name}`) });
    }
    for (const rule of this.declared.rules.filter((r) => r.scheduleExpression && r.enabled)) {
      for (const target of this.declared.targets.filter((t) => t.ruleName === rule.name && t.busName === rule.busName && this.functionFor(t.arn)?.fn === fn)) {
        const refusal = await this.access.checkPrincipal(
          { arn: "events.amazonaws.com", context: { "aws:SourceArn": rule.arn, "aws:SourceAccount": this.stack.accountId } },
          { action: "lambda:InvokeFunction", resource: target.arn, context: {}, resourcePolicy: this.delivery.functionPolicy(target.arn) },
          `rule ${rule.name}`,
        );
        if (refusal) {
          fired.push({ schedule: rule.name, refused: refusal.message });
          continue;
        }
        const event = target.input
          ? JSON.parse(target.input)
          : { version: "0", id: randomUUID(), "detail-type": "Scheduled Event", source: "aws.events", account: this.stack.accountId, time: now, region: this.stack.region, resources: [rule.arn], detail: {} };
        fired.push({ schedule: rule.name, result: await this.invoker.invokeAsync(fn, event, `rule ${rule.name}`) });
      }
    }
    return fired;
  }

  /** Commands sent to a running `serve` (signed by the operator): `trigger`. */
  async control(command: string, body: Buffer): Promise<AwsResponse> {
    if (command !== "trigger") return jsonResponse("rest-json", { message: `unknown command ${command}` }, 404);
    const { functionName } = JSON.parse(body.toString("utf8") || "{}") as { functionName?: string };
    const fn = functionName ? this.byName(functionName) : undefined;
    if (!fn) return jsonResponse("rest-json", { message: `no function ${String(functionName)} in ${this.stack.name}` }, 404);
    return jsonResponse("rest-json", { fired: await this.trigger(fn) });
  }

  async close(): Promise<void> {
    for (const poller of this.pollers) poller.stop();
    this.invoker.close();
    for (const queue of this.queues) queue.close();
    await this.gateway.close();
    await this.dynamo.close();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Swaps in functions re-read from a new synth (watch mode): same credentials, fresh code. */
  replaceFunctions(functions: readonly LocalFunction[]): string[] {
    const changed = functions.filter((f) => {
      const old = this.byName(f.functionName);
      return !old || old.code?.sourceCodeHash !== f.code?.sourceCodeHash || JSON.stringify(old.layers) !== JSON.stringify(f.layers);
    });
    this.identities.replace(functions);
    this.functions = functions;
    for (const fn of changed) this.layouts.delete(fn.functionName);
    return changed.map((f) => f.functionName);
  }

  private layoutOf(fn: LocalFunction): FunctionLayout {
    const existing = this.layouts.get(fn.functionName);
    if (existing) return existing;
    if (fn.problems.length > 0) throw new Error(`${fn.functionName} cannot run locally: ${fn.problems.join("; ")}`);
    const layout = layOut(fn, join(this.root, "functions", fn.functionName, randomUUID().slice(0, 8)), this.runtimeDir);
    this.layouts.set(fn.functionName, layout);
    for (const warning of fn.warnings) this.log(`${fn.functionName}: ${warning}`);
    return layout;
  }

  private resourcePolicyOf(arn: string): readonly IamStatement[] | undefined {
    const service = arn.split(":")[2];
    if (service === "s3") {
      const bucket = arn.split(":::")[1]?.split("/")[0];
      return this.declared.buckets.find((b) => b.name === bucket)?.policy;
    }
    if (service === "sqs") return this.declared.queues.find((q) => q.arn === arn)?.policy;
    if (service === "sns") return this.declared.topics.find((t) => t.arn === arn)?.policy;
    if (service === "events") return this.declared.buses.find((b) => b.arn === arn)?.policy;
    if (service === "secretsmanager") return this.declared.secrets.find((s) => s.arn === arn)?.policy;
    if (service === "dynamodb") return this.tablePolicyOf(arn);
    if (service === "lambda" && this.functionFor(arn)) return this.delivery.functionPolicy(arn);
    return undefined;
  }

  /**
   * A DynamoDB table's or stream's `aws_dynamodb_resource_policy` (the table's covers its indexes).
   * One the model cannot read refuses every call on it: it could hold a Deny (said on start).
   */
  private tablePolicyOf(arn: string): readonly IamStatement[] | undefined {
    const stream = /\/stream\//.test(arn);
    const table = /^(arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+)/.exec(arn)?.[1];
    const policy = this.declared.resourcePolicies.find((p) => p.on === arn || (!stream && p.on !== undefined && p.on === table));
    if (!policy || !("unreadable" in policy)) return policy?.statements;
    return [refuseAll(`${policy.path}, which cannot be read locally`)];
  }

  /** The services behind the endpoint and the event sources between them. */
  private async wire(): Promise<void> {
    const { stack, declared, log, access } = this;
    const where = { accountId: stack.accountId, region: stack.region, partition: stack.partition };
    const sqs = new SqsService(this.queues, access, stack.accountId, () => this.endpoint);
    const sns = new SnsService(declared.topics, declared.subscriptions, access, this.delivery, log);
    const events = new EventBridgeService(declared.buses, declared.rules, declared.targets, access, this.delivery, where, log);
    this.delivery.attach(sns, events);
    const dynamoService = new DynamoDbService(this.dynamo, this.streams, access, { ...where, hashKeys: new Map(this.dynamo.tables.map((t) => [t.name, t.hashKey])) });
    const lambda = new LambdaService({
      access,
      functionFor: (ref) => this.functionFor(ref),
      functionPolicy: (arn) => this.delivery.functionPolicy(arn),
      invoke: (fn, event, logs) =>
        this.invoke(fn, event, (line) => {
          logs.push(line);
          log(`[${fn.functionName}] ${line}`);
        }),
      invokeAsync: (fn, event, source) => this.invoker.invokeAsync(fn, event, source),
    });
    const s3 = new S3Service(declared.buckets, declared.notifications, access, this.delivery, where);
    const secrets = new SecretsManagerService(declared.secrets, access, where);
    const services = [dynamoService, sqs, sns, s3, events, secrets, lambda];
    this.observable = new Set(services.flatMap((s) => s.actions));
    this.gateway.route({
      region: stack.region,
      lookup: (key) => this.identities.lookup(key),
      services,
      control: (command, body) => this.control(command, body),
      log,
    });
    for (const mapping of declared.mappings) await this.startMapping(mapping);
  }

  /** An event source mapping, started once its role may do what Lambda does with it (AWS checks this on creation). */
  private async startMapping(mapping: Declared["mappings"][number]): Promise<void> {
    const target = this.functionFor(mapping.functionRef);
    if (!target) return this.log(`${mapping.path}: its function ${mapping.functionRef} is not in the stack; not emulated`);
    if (!mapping.enabled) return this.log(`${mapping.path}: disabled (enabled = false)`);
    const fn = target.fn;
    const queue = this.queues.find((q) => q.arn === mapping.sourceArn);
    const stream = [...this.streams.values()].find((s) => s.arn === mapping.sourceArn);
    const needs = queue
      ? ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"].map((action) => ({ action, resource: queue.arn }))
      : stream
        ? [...["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"].map((action) => ({ action, resource: stream.arn })), { action: "dynamodb:ListStreams", resource: "*" }]
        : undefined;
    if (!needs) return this.log(`${mapping.path}: event source ${mapping.sourceArn} is not emulated locally (SQS queues and DynamoDB streams of the stack are): ${fn.functionName} is never invoked by it`);
    for (const need of needs) {
      const refusal = await this.access.checkService(fn, { ...need, context: {} }, "event source mapping");
      if (refusal) {
        return this.log(`${mapping.path}: not started: ${fn.functionName}'s role may not ${need.action} on ${need.resource} (${refusal.reason}); AWS refuses to create or enable this mapping`);
      }
    }
    if (queue && queue.declared.visibilityTimeout < fn.timeout) {
      return this.log(
        `${mapping.path}: not started: Queue visibility timeout: ${queue.declared.visibilityTimeout} seconds is less than Function timeout: ${fn.timeout} seconds (AWS refuses this mapping)`,
      );
    }
    const invoke = (f: LocalFunction, event: unknown) => this.invoke(f, event, (line) => this.log(`[${f.functionName}] ${line}`));
    if (queue) {
      const poller = new QueuePoller({ mapping, fn, queue, region: this.stack.region, clock: this.clock, invoke, log: this.log, concurrency: Math.min(mapping.maxConcurrency ?? MAX_CONCURRENT, MAX_CONCURRENT) });
      this.pollers.push(poller);
      poller.start();
    } else if (stream) {
      const poller = new StreamPoller({
        mapping,
        fn,
        stream,
        clock: this.clock,
        invoke,
        onFailure: async (arn, record) => {
          await this.delivery.asRole(fn, arn, { body: JSON.stringify(record), event: record }, "stream on-failure destination");
        },
        log: this.log,
      });
      this.pollers.push(poller);
      poller.start();
    }
  }
}

/** A Deny of everything by everyone: what stands in for a resource policy that cannot be read. */
function refuseAll(why: string): IamStatement {
  return {
    label: `refused: ${why}`,
    effect: "Deny",
    actions: ["*"],
    notActions: [],
    resources: ["*"],
    notResources: [],
    principals: [{ type: "*", identifiers: ["*"] }],
    notPrincipals: [],
    hasNotPrincipals: false,
    conditions: [],
    syntax: "json",
    source: { address: "local", attribute: why },
  };
}
