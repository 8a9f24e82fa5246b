import type { IncomingMessage, ServerResponse } from "node:http";
import type { Condition, Service, TrafficTarget } from "../../../scripts/rollout/cloud-run-api";
import { LoopbackFake } from "./loopback-fake";

/**
 * A loopback fake of the Cloud Run Admin API v2 calls the rollout makes: GET of a service and a
 * revision, PATCH of a service's traffic (`updateMask=traffic`, guarded by the etag, checked as Cloud
 * Run checks it: known revisions, percents adding up to 100). A traffic change is a long-running
 * operation: the service is `reconciling` for `operationPolls` looks, then serves the new traffic.
 * Operations themselves are not readable (the deployer holds no project-level grant). Every request is recorded.
 */
export class FakeCloudRun extends LoopbackFake {
  public readonly requests: { readonly method: string; readonly path: string; readonly body?: unknown; readonly token?: string }[] = [];
  public readonly services = new Map<string, Service & { revisions: string[] }>();
  public readonly revisionConditions = new Map<string, Condition[]>();
  /** Looks at the service while it reconciles a traffic change. */
  public operationPolls = 1;
  private readonly pending = new Map<string, { polls: number; apply: () => void }>();
  private next = 1;

  /** A service with its revisions (oldest first); the last is the latest created, `ready` the latest ready. */
  addService(name: string, revisions: string[], traffic: TrafficTarget[], ready = revisions[revisions.length - 1]): void {
    const full = (r: string) => `${name}/revisions/${r}`;
    this.services.set(name, { name, etag: `"etag-1"`, revisions, traffic, latestCreatedRevision: full(revisions[revisions.length - 1]), latestReadyRevision: full(ready), trafficStatuses: traffic });
  }

  service(name: string): Service {
    return this.services.get(name)!;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname.replace(/^\/v2\//, ""));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    this.requests.push({ method: req.method ?? "", path, ...(text ? { body: JSON.parse(text) as unknown } : {}), token });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, message: string) => send(status, { error: { code: status, message, status: status === 409 ? "ABORTED" : "INVALID_ARGUMENT" } });
    if (token === undefined) return error(401, "Request is missing required authentication credential");

    if (req.method === "GET" && /\/operations\//.test(path)) return error(403, `Permission 'run.operations.get' denied on resource '${path}'`);
    const revision = /^(.+\/services\/[^/]+)\/revisions\/([^/]+)$/.exec(path);
    if (req.method === "GET" && revision) {
      return send(200, { name: path, conditions: this.revisionConditions.get(revision[2]) ?? [{ type: "Ready", state: "CONDITION_SUCCEEDED" }] });
    }
    const service = this.services.get(path);
    if (!service) return error(404, `Resource '${path}' was not found`);
    if (req.method === "GET") {
      const change = this.pending.get(path);
      if (change && ++change.polls > this.operationPolls) {
        this.pending.delete(path);
        change.apply();
      }
      const { revisions: _revisions, ...rest } = this.services.get(path)!;
      return send(200, { ...rest, reconciling: this.pending.has(path) });
    }
    if (req.method === "PATCH") {
      if (url.searchParams.get("updateMask") !== "traffic") return error(400, "the fake takes traffic updates only");
      const body = JSON.parse(text) as { traffic: TrafficTarget[]; etag?: string };
      if (body.etag !== service.etag) return error(409, `etag ${body.etag} is not the service's ${service.etag}`);
      const total = body.traffic.reduce((sum, t) => sum + (t.percent ?? 0), 0);
      if (total !== 100) return error(400, `Traffic percents must add up to 100, got ${total}`);
      const unknown = body.traffic.find((t) => t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" && !service.revisions.includes(t.revision ?? ""));
      if (unknown) return error(400, `Revision ${unknown.revision} does not exist`);
      const name = `${path.replace(/\/services\/.*$/, "")}/operations/op-${this.next++}`;
      this.pending.set(path, {
        polls: 0,
        apply: () => {
          const host = path.split("/").pop();
          this.services.set(path, {
            ...service,
            etag: `"etag-${this.next++}"`,
            traffic: body.traffic,
            trafficStatuses: body.traffic.map((t) => ({ ...t, ...(t.tag ? { uri: `https://${t.tag}---${host}-abc123-ew.a.run.app` } : {}) })),
          });
        },
      });
      return send(200, { name, done: false });
    }
    return error(400, `the fake does not know ${req.method} ${path}`);
  }
}
