import type { IncomingMessage, ServerResponse } from "node:http";
import { LoopbackFake } from "./loopback-fake";

/**
 * A loopback fake of the CodeDeploy (JSON 1.1) and Lambda (REST JSON) APIs the rollout and the
 * smoke-test hook call, spoken over HTTP as AWS speaks them: the real SDK clients talk to it
 * (serialization, signing, error parsing included). Each deployment follows a script of states, one
 * per GetDeployment; the alias moves as CodeDeploy would move it. Every request is recorded.
 */

/** One state a deployment is in when it is looked at. */
export interface DeploymentStep {
  readonly status: "Created" | "Queued" | "InProgress" | "Succeeded" | "Failed" | "Stopped";
  /** While InProgress: the weight of the target version on the alias. */
  readonly weight?: number;
  readonly errorInformation?: { readonly code: string; readonly message: string };
  /** For Failed or Stopped: CodeDeploy's rollback, a deployment of its own with its script. */
  readonly rollback?: readonly DeploymentStep[];
}

export interface AliasState {
  functionVersion: string;
  weights?: Record<string, number>;
}

export interface RecordedRequest {
  readonly service: "lambda" | "codedeploy";
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

interface Deployment {
  readonly id: string;
  readonly functionName: string;
  readonly alias: string;
  readonly current: string;
  readonly target: string;
  readonly script: readonly DeploymentStep[];
  readonly rollbackOf?: string;
  at: number;
  rollbackId?: string;
}

export class FakeAws extends LoopbackFake {
  public readonly requests: RecordedRequest[] = [];
  /** Aliases by `function:alias`. */
  public readonly aliases = new Map<string, AliasState>();
  /** What CreateDeployment answers with instead of a deployment, once (e.g. DeploymentLimitExceededException). */
  public createError?: { readonly type: string; readonly message: string };
  /** The script the next deployment follows. */
  public script: readonly DeploymentStep[] = [{ status: "Succeeded" }];
  /** What Invoke returns, by function name. */
  public readonly invocations = new Map<string, (payload: unknown) => { statusCode?: number; functionError?: string; payload: unknown }>();
  private readonly deployments = new Map<string, Deployment>();
  private next = 1;

  alias(functionName: string, alias: string): AliasState {
    const key = `${functionName}:${alias}`;
    let state = this.aliases.get(key);
    if (!state) this.aliases.set(key, (state = { functionVersion: "1" }));
    return state;
  }

  /** The operations called, in order: `lambda.GetAlias`, `codedeploy.CreateDeployment`... */
  get operations(): string[] {
    return this.requests.map((r) => `${r.service}.${r.operation}`);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const target = req.headers["x-amz-target"];
    if (typeof target === "string" && target.startsWith("CodeDeploy_20141006.")) {
      const operation = target.slice("CodeDeploy_20141006.".length);
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      this.requests.push({ service: "codedeploy", operation, input });
      const answer = this.codedeploy(operation, input);
      res.writeHead(answer.error ? 400 : 200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(answer.error ? { __type: answer.error.type, message: answer.error.message } : answer.body));
      return;
    }
    const path = decodeURIComponent((req.url ?? "").split("?")[0]);
    const getAlias = /^\/2015-03-31\/functions\/([^/]+)\/aliases\/([^/]+)$/.exec(path);
    if (req.method === "GET" && getAlias) {
      this.requests.push({ service: "lambda", operation: "GetAlias", input: { FunctionName: getAlias[1], Name: getAlias[2] } });
      const state = this.aliases.get(`${getAlias[1]}:${getAlias[2]}`);
      if (!state) {
        res.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "ResourceNotFoundException" });
        res.end(JSON.stringify({ Type: "User", Message: `Alias not found: ${getAlias[1]}:${getAlias[2]}` }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          AliasArn: `arn:aws:lambda:eu-west-1:111111111111:function:${getAlias[1]}:${getAlias[2]}`,
          Name: getAlias[2],
          FunctionVersion: state.functionVersion,
          ...(state.weights ? { RoutingConfig: { AdditionalVersionWeights: state.weights } } : {}),
        }),
      );
      return;
    }
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    if (req.method === "POST" && invoke) {
      const payload = body ? (JSON.parse(body) as unknown) : null;
      this.requests.push({ service: "lambda", operation: "Invoke", input: { FunctionName: invoke[1], Payload: payload } });
      const run = this.invocations.get(invoke[1]);
      if (!run) {
        res.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "ResourceNotFoundException" });
        res.end(JSON.stringify({ Type: "User", Message: `Function not found: ${invoke[1]}` }));
        return;
      }
      const result = run(payload);
      res.writeHead(result.statusCode ?? 200, { "content-type": "application/json", ...(result.functionError ? { "x-amz-function-error": result.functionError } : {}) });
      res.end(JSON.stringify(result.payload));
      return;
    }
    res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "InvalidRequestException" });
    res.end(JSON.stringify({ message: `the fake does not know ${req.method} ${path}` }));
  }

  private codedeploy(operation: string, input: Record<string, unknown>): { body?: unknown; error?: { type: string; message: string } } {
    if (operation === "CreateDeployment") {
      if (this.createError) {
        const error = this.createError;
        this.createError = undefined;
        return { error };
      }
      const revision = input.revision as { appSpecContent: { content: string } };
      const spec = JSON.parse(revision.appSpecContent.content) as { Resources: Record<string, { Properties: { Name: string; Alias: string; CurrentVersion: string; TargetVersion: string } }>[] };
      const properties = Object.values(spec.Resources[0])[0].Properties;
      const id = this.deploy(properties.Name, properties.Alias, properties.CurrentVersion, properties.TargetVersion, this.script);
      return { body: { deploymentId: id } };
    }
    if (operation === "GetDeployment") {
      const deployment = this.deployments.get(String(input.deploymentId));
      if (!deployment) return { error: { type: "DeploymentDoesNotExistException", message: `no deployment ${input.deploymentId}` } };
      return { body: { deploymentInfo: this.advance(deployment) } };
    }
    if (operation === "StopDeployment") {
      const deployment = this.deployments.get(String(input.deploymentId));
      if (!deployment) return { error: { type: "DeploymentDoesNotExistException", message: `no deployment ${input.deploymentId}` } };
      const rollback = input.autoRollbackEnabled ? [{ status: "Succeeded" } as const] : undefined;
      deployment.at = deployment.script.length;
      (deployment as { script: readonly DeploymentStep[] }).script = [...deployment.script, { status: "Stopped", errorInformation: { code: "MANUAL_STOP", message: "stopped by the user" }, rollback }];
      return { body: { status: "Pending", statusMessage: "Stopping" } };
    }
    if (operation === "PutLifecycleEventHookExecutionStatus") return { body: { lifecycleEventHookExecutionId: input.lifecycleEventHookExecutionId } };
    return { error: { type: "InvalidOperationException", message: `the fake does not know ${operation}` } };
  }

  private deploy(functionName: string, alias: string, current: string, target: string, script: readonly DeploymentStep[], rollbackOf?: string): string {
    const id = `d-FAKE${String(this.next++).padStart(5, "0")}`;
    this.deployments.set(id, { id, functionName, alias, current, target, script, rollbackOf, at: 0 });
    return id;
  }

  /** The deployment's next state (it stays on its last one), with the alias moved as CodeDeploy moves it. */
  private advance(d: Deployment): Record<string, unknown> {
    const step = d.script[Math.min(d.at, d.script.length - 1)];
    d.at++;
    const alias = this.alias(d.functionName, d.alias);
    if (step.status === "InProgress" && step.weight !== undefined) {
      alias.functionVersion = d.current;
      alias.weights = { [d.target]: step.weight };
    }
    if (step.status === "Succeeded") {
      alias.functionVersion = d.target;
      alias.weights = undefined;
    }
    if ((step.status === "Failed" || step.status === "Stopped") && step.rollback && d.rollbackId === undefined) {
      // CodeDeploy's rollback deploys the version that served before.
      d.rollbackId = this.deploy(d.functionName, d.alias, d.target, d.current, step.rollback, d.id);
    }
    return {
      deploymentId: d.id,
      status: step.status,
      ...(step.errorInformation ? { errorInformation: step.errorInformation } : {}),
      ...(d.rollbackId ? { rollbackInfo: { rollbackDeploymentId: d.rollbackId, rollbackMessage: `Deployment ${d.id} rolled back by ${d.rollbackId}` } } : {}),
      ...(d.rollbackOf ? { rollbackInfo: { rollbackTriggeringDeploymentId: d.rollbackOf } } : {}),
    };
  }
}
