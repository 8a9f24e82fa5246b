import type { CloudRunRolloutOutput } from "../../../modules/core/rollout-outputs";
import { cloudRunApi, revisionId, type CloudRunApi } from "../../../scripts/rollout/cloud-run-api";
import { rolloutCloudRun } from "../../../scripts/rollout/cloud-run-rollout";
import { recordingReporter } from "../../../scripts/rollout/report";
import { FakeCloudRun } from "./fake-cloud-run";

const NAME = "projects/acme-svc-prod/locations/europe-west1/services/svc-prod-backend";
const TARGET: CloudRunRolloutOutput = { kind: "gcp-cloud-run", service: "svc-prod-backend", location: "europe-west1", project: "acme-svc-prod", percent: 10, tag: "canary" };
const POLL = { pollMs: 1, timeoutMs: 60_000 };
const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";
const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";

let fake: FakeCloudRun;
let api: CloudRunApi;
beforeEach(async () => {
  fake = new FakeCloudRun();
  api = cloudRunApi({ endpoint: await fake.start(), token: async () => "ya29.fake-token" });
});
afterEach(() => fake.stop());

const patches = () => fake.requests.filter((r) => r.method === "PATCH").map((r) => r.body as { traffic: unknown[]; etag: string });

describe("npm run rollout, a Cloud Run service, against a fake of the Cloud Run Admin API", () => {
  test("traffic that follows the latest revision (first deploy) is pinned to it by name: nothing to shift", async () => {
    fake.addService(NAME, ["svc-prod-backend-00001-abc"], [{ type: LATEST, percent: 100 }]);
    const report = recordingReporter();
    const outcome = await rolloutCloudRun(TARGET, api, report, "shift", POLL);
    expect(outcome.status).toBe("unchanged");
    expect(outcome.detail).toMatch(/^nothing to shift: traffic followed the latest revision, svc-prod-backend-00001-abc, which serves it all; pinned it to svc-prod-backend-00001-abc by name/);
    expect(patches()).toEqual([{ traffic: [{ type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 100 }], etag: '"etag-1"' }]);
    expect(fake.requests.every((r) => r.token === "ya29.fake-token")).toBe(true);
    expect(fake.service(NAME).traffic).toEqual([{ type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 100 }]);
  });

  test("a new revision gets the rollout's percent and its tag, the previous one the rest; the service is followed until it serves that", async () => {
    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def"], [{ type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 100 }]);
    fake.operationPolls = 2;
    const report = recordingReporter();
    const outcome = await rolloutCloudRun(TARGET, api, report, "shift", POLL);
    expect(outcome.status).toBe("shifted");
    expect(patches()).toEqual([
      {
        traffic: [
          { type: REVISION, revision: "svc-prod-backend-00002-def", percent: 10, tag: "canary" },
          { type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 90 },
        ],
        etag: '"etag-1"',
      },
    ]);
    expect(fake.requests.map((r) => `${r.method} ${r.path.replace(/.*\/services\//, "services/")}`)).toEqual([
      "GET services/svc-prod-backend",
      "PATCH services/svc-prod-backend",
      // Reconciling twice, then serving the new split.
      "GET services/svc-prod-backend",
      "GET services/svc-prod-backend",
      "GET services/svc-prod-backend",
    ]);
    expect(report.lines[0]).toBe("svc-prod-backend-00002-def: 0% -> 10% of the traffic (svc-prod-backend-00001-abc keeps 90%)");
    expect(outcome.detail).toBe(
      "svc-prod-backend-00002-def 10% (tag canary), svc-prod-backend-00001-abc 90%; svc-prod-backend-00002-def alone at https://canary---svc-prod-backend-abc123-ew.a.run.app; npm run rollout -- <stack> --promote gives it all the traffic, --rollback none",
    );
  });

  test("run again on the same revisions: nothing to shift, nothing patched", async () => {
    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def"], [
      { type: REVISION, revision: "svc-prod-backend-00002-def", percent: 10, tag: "canary" },
      { type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 90 },
    ]);
    const outcome = await rolloutCloudRun(TARGET, api, recordingReporter(), "shift", POLL);
    expect(outcome).toEqual({ status: "unchanged", detail: "nothing to shift: svc-prod-backend-00002-def already has 10% of the traffic, svc-prod-backend-00001-abc the rest" });
    expect(patches()).toEqual([]);
  });

  test("--promote gives the new revision all the traffic; --rollback gives it back to the previous one", async () => {
    const split = [
      { type: REVISION, revision: "svc-prod-backend-00002-def", percent: 10, tag: "canary" },
      { type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 90 },
    ] as const;
    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def"], [...split]);
    expect((await rolloutCloudRun(TARGET, api, recordingReporter(), "promote", POLL)).status).toBe("shifted");
    expect(fake.service(NAME).traffic).toEqual([{ type: REVISION, revision: "svc-prod-backend-00002-def", percent: 100 }]);

    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def"], [...split]);
    const back = await rolloutCloudRun(TARGET, api, recordingReporter(), "rollback", POLL);
    expect(back).toEqual({ status: "shifted", detail: "rolled back on request: svc-prod-backend-00001-abc serves all the traffic, svc-prod-backend-00002-def none" });
    expect(fake.service(NAME).traffic).toEqual([{ type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 100 }]);
  });

  test("a revision that is not ready (its startup probe failed) gets no traffic: the rollout fails with its reason", async () => {
    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def"], [{ type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 100 }], "svc-prod-backend-00001-abc");
    fake.revisionConditions.set("svc-prod-backend-00002-def", [
      { type: "Ready", state: "CONDITION_FAILED", message: "The user-provided container failed the configured startup probe checks." },
    ]);
    const report = recordingReporter();
    const outcome = await rolloutCloudRun(TARGET, api, report, "shift", POLL);
    expect(outcome).toEqual({
      status: "failed",
      detail: "revision svc-prod-backend-00002-def is not ready (Ready: The user-provided container failed the configured startup probe checks.): it gets no traffic; svc-prod-backend-00001-abc 100% as before",
    });
    expect(patches()).toEqual([]);
  });

  test("a newer revision after an unpromoted canary: the canary is superseded, the revision that served before keeps the rest", async () => {
    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def", "svc-prod-backend-00003-ghi"], [
      { type: REVISION, revision: "svc-prod-backend-00002-def", percent: 10, tag: "canary" },
      { type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 90 },
    ]);
    await rolloutCloudRun(TARGET, api, recordingReporter(), "shift", POLL);
    expect(fake.service(NAME).traffic).toEqual([
      { type: REVISION, revision: "svc-prod-backend-00003-ghi", percent: 10, tag: "canary" },
      { type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 90 },
    ]);
  });

  test("a service changed by someone else meanwhile (etag): Cloud Run's refusal is the error", async () => {
    fake.addService(NAME, ["svc-prod-backend-00001-abc", "svc-prod-backend-00002-def"], [{ type: REVISION, revision: "svc-prod-backend-00001-abc", percent: 100 }]);
    const racing: CloudRunApi = { ...api, updateTraffic: (service, traffic) => api.updateTraffic({ ...service, etag: '"etag-stale"' }, traffic) };
    await expect(rolloutCloudRun(TARGET, racing, recordingReporter(), "shift", POLL)).rejects.toThrow(/409 etag "etag-stale" is not the service's "etag-1"/);
  });

  test("revision names are read from their full names", () => {
    expect(revisionId(`${NAME}/revisions/svc-prod-backend-00002-def`)).toBe("svc-prod-backend-00002-def");
    expect(revisionId(undefined)).toBeUndefined();
  });
});
