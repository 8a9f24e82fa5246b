import type { CloudRunRolloutOutput } from "../../modules/core/rollout-outputs";
import { revisionId, type CloudRunApi, type Service, type TrafficTarget } from "./cloud-run-api";
import type { RolloutOutcome } from "./outcome";
import type { PollOptions } from "./lambda-rollout";
import { sleep, type Reporter } from "./report";

/**
 * What a Cloud Run rollout does: `shift` gives the newest ready revision the output's percent (the
 * deploy workflow, after apply), `promote` all the traffic, `rollback` all of it back to the revision
 * that served before.
 */
export type CloudRunRolloutMode = "shift" | "promote" | "rollback";

const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";
const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";

/**
 * Shifts a Cloud Run service's traffic to its newest ready revision, as `mode` says, and waits for
 * the change to take effect. The revision that served before is the one with the largest share
 * among the others. A newest revision that did not become ready (its startup probe failed, say) gets
 * nothing, and the rollout fails. Traffic that still follows the latest revision (the service was
 * just created, or never rolled out) is pinned to it by name: from then on apply creates revisions
 * without traffic.
 */
export async function rolloutCloudRun(t: CloudRunRolloutOutput, api: CloudRunApi, report: Reporter, mode: CloudRunRolloutMode, options: PollOptions): Promise<RolloutOutcome> {
  const name = `projects/${t.project}/locations/${t.location}/services/${t.service}`;
  const service = await settled(api, name, report, options);
  const ready = revisionId(service.latestReadyRevision);
  const created = revisionId(service.latestCreatedRevision);
  if (created !== undefined && created !== ready && mode !== "rollback") {
    const revision = await api.getRevision(service.latestCreatedRevision!);
    const why = (revision.conditions ?? []).filter((c) => c.state !== "CONDITION_SUCCEEDED" && c.message).map((c) => `${c.type}: ${c.message}`);
    const detail = `revision ${created} is not ready (${why.join("; ") || "no reason given"}): it gets no traffic; ${describe(service.traffic)} as before`;
    report.problem(detail);
    return { status: "failed", detail };
  }
  if (ready === undefined) {
    const detail = `the service has no ready revision (${service.terminalCondition?.message ?? "no reason given"})`;
    report.problem(detail);
    return { status: "failed", detail };
  }
  const traffic = service.traffic ?? [];
  if (traffic.some((target) => target.type === LATEST)) {
    await apply(api, service, [{ type: REVISION, revision: ready, percent: 100 }], report, options);
    const detail = `nothing to shift: traffic followed the latest revision, ${ready}, which serves it all; pinned it to ${ready} by name, so that a revision a later apply creates gets traffic from the rollout only`;
    report.info(detail);
    return { status: "unchanged", detail };
  }
  const onReady = traffic.filter((target) => target.revision === ready).reduce((sum, target) => sum + (target.percent ?? 0), 0);
  const previous = [...traffic].filter((target) => target.revision !== undefined && target.revision !== ready && (target.percent ?? 0) > 0).sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0]?.revision;
  const tag = t.tag || undefined;

  if (mode === "rollback") {
    if (previous === undefined) {
      const detail = `no revision to roll back to: ${ready} serves all the traffic`;
      report.problem(detail);
      return { status: "failed", detail };
    }
    await apply(api, service, [{ type: REVISION, revision: previous, percent: 100 }], report, options);
    const detail = `rolled back on request: ${previous} serves all the traffic, ${ready} none`;
    report.info(detail);
    return { status: "shifted", detail };
  }
  const want = mode === "promote" ? 100 : t.percent;
  if (previous === undefined || onReady === want) {
    const detail = `nothing to shift: ${ready} already has ${onReady}% of the traffic${previous ? `, ${previous} the rest` : ""}`;
    report.info(detail);
    return { status: "unchanged", detail };
  }
  const split: TrafficTarget[] = [
    { type: REVISION, revision: ready, percent: want, ...(tag && want < 100 ? { tag } : {}) },
    ...(want < 100 ? [{ type: REVISION, revision: previous, percent: 100 - want } as const] : []),
  ];
  report.info(`${ready}: ${onReady}% -> ${want}% of the traffic${want < 100 ? ` (${previous} keeps ${100 - want}%)` : ` (${previous} had the rest)`}`);
  const after = await apply(api, service, split, report, options);
  const tagged = after.trafficStatuses?.find((s) => s.tag === tag && s.uri);
  const detail = `${describe(after.traffic)}${tagged ? `; ${ready} alone at ${tagged.uri}` : ""}${want < 100 ? `; npm run rollout -- <stack> --promote gives it all the traffic, --rollback none` : ""}`;
  report.info(detail);
  return { status: "shifted", detail };
}

/** The service once Cloud Run is done with its last change (a new revision rolling out, say). */
async function settled(api: CloudRunApi, name: string, report: Reporter, options: PollOptions): Promise<Service> {
  const started = Date.now();
  let told = false;
  for (;;) {
    const service = await api.getService(name);
    if (!service.reconciling) return service;
    if (!told) report.info(`waiting for Cloud Run to finish its last change of ${name}`);
    told = true;
    if (Date.now() - started > options.timeoutMs) throw new Error(`${name} is still changing after ${Math.round(options.timeoutMs / 60000)} min`);
    await sleep(options.pollMs);
  }
}

/**
 * Sets the service's traffic and waits until Cloud Run serves it: the service settled (not
 * reconciling) with the traffic asked for in its traffic statuses. The service is watched rather than
 * the long-running operation: reading operations takes `run.operations.get` on the project, while
 * the deployer holds its grants on the service only.
 */
async function apply(api: CloudRunApi, service: Service, traffic: readonly TrafficTarget[], report: Reporter, options: PollOptions): Promise<Service> {
  const operation = await api.updateTraffic(service, traffic);
  report.info(`${operation.name}: ${describe(traffic)}`);
  const started = Date.now();
  for (;;) {
    const now = await api.getService(service.name);
    if (!now.reconciling) {
      if (now.terminalCondition?.state === "CONDITION_FAILED") throw new Error(`Cloud Run could not apply the traffic: ${now.terminalCondition.message ?? "no reason given"}`);
      if (serves(now, traffic)) return now;
    }
    if (Date.now() - started > options.timeoutMs) throw new Error(`${service.name} does not serve ${describe(traffic)} after ${Math.round(options.timeoutMs / 60000)} min`);
    await sleep(options.pollMs);
  }
}

/** True when the service's traffic statuses are the traffic asked for (revision and percent). */
function serves(service: Service, traffic: readonly TrafficTarget[]): boolean {
  const key = (t: TrafficTarget) => `${t.revision}:${t.percent ?? 0}`;
  const statuses = (service.trafficStatuses ?? []).filter((t) => (t.percent ?? 0) > 0).map(key).sort();
  return JSON.stringify(statuses) === JSON.stringify(traffic.filter((t) => (t.percent ?? 0) > 0).map(key).sort());
}

/** `svc-00002-abc 10% (tag canary), svc-00001-xyz 90%`. */
function describe(traffic: readonly TrafficTarget[] | undefined): string {
  return (traffic ?? []).map((t) => `${t.type === LATEST ? "latest" : t.revision} ${t.percent ?? 0}%${t.tag ? ` (tag ${t.tag})` : ""}`).join(", ") || "no traffic";
}
