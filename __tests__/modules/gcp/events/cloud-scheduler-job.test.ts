import type { TerraformStack } from "cdktf";
import { CloudRunService, type CloudRunEvent, type CloudRunServiceProps } from "../../../../modules/gcp";
import { expectRefused, grants, newStack, only, onlyId, problemsOf, resources, synth, type Json } from "../support";

const RUN = "google_cloud_run_v2_service";
const RUN_IAM = "google_cloud_run_v2_service_iam_member";
const SA = "google_service_account";
const JOB = "google_cloud_scheduler_job";
const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/backend:1.0.0";

function service(props: Partial<CloudRunServiceProps>, stack: TerraformStack = newStack(), name = "svc-dev-backend") {
  new CloudRunService(stack, name, { serviceName: name, location: "europe-west1", image: IMAGE, ...props });
  return stack;
}
const withEvents = (events: CloudRunEvent[], props: Partial<CloudRunServiceProps> = {}): Json => synth(service({ events, ...props }));
const ref = (json: Json, type: string, attribute: string) => `\${${type}.${onlyId(json, type)}.${attribute}}`;
const invokerEmail = (json: Json) => {
  const [id] = Object.entries<Json>(resources(json, SA)).find(([, sa]) => sa.account_id.endsWith("-invoker"))!;
  return `\${${SA}.${id}.email}`;
};

describe("CloudRunService events: Cloud Scheduler", () => {
  test("a job in the service's region that POSTs to the service with an OIDC token of the invoker, in UTC, waiting as long as the service may take", () => {
    const json = withEvents([{ type: "schedule", expression: "0 3 * * *" }], { timeout: 60 });
    const { "//": _, ...job } = only(json, JOB);
    expect(job).toEqual({
      name: "svc-dev-backend-schedule",
      region: "europe-west1",
      description: 'POST / of Cloud Run service svc-dev-backend on "0 3 * * *"',
      schedule: "0 3 * * *",
      time_zone: "Etc/UTC",
      attempt_deadline: "60s",
      http_target: {
        uri: ref(json, RUN, "uri"),
        http_method: "POST",
        oidc_token: { service_account_email: invokerEmail(json), audience: ref(json, RUN, "uri") },
      },
      depends_on: [`${RUN_IAM}.${onlyId(json, RUN_IAM)}`],
    });
  });

  test("the invoker holds run.invoker on this service only: the one grant of the stack", () => {
    const json = withEvents([{ type: "schedule", expression: "*/15 * * * *" }]);
    expect(grants(json).map((g) => [g.type, g.role, g.member, g.target.name])).toEqual([[RUN_IAM, "roles/run.invoker", `serviceAccount:${invokerEmail(json)}`, ref(json, RUN, "name")]]);
    expect(Object.keys(json.resource).sort()).toEqual([RUN, RUN_IAM, JOB, SA]);
  });

  test("path, time zone, project and a JSON body (base64, as the API takes it, with its content type)", () => {
    const json = withEvents(
      [{ type: "schedule", expression: "30 2 * * MON-FRI", timeZone: "Europe/Berlin", path: "/tasks/nightly-report?full=1", body: { full: true } }],
      { project: "acme-svc-dev", timeout: 3600 },
    );
    const job = only(json, JOB);
    expect(job).toMatchObject({
      name: "svc-dev-backend-tasks-nightly-report",
      project: "acme-svc-dev",
      time_zone: "Europe/Berlin",
      attempt_deadline: "1800s",
      http_target: { uri: `${ref(json, RUN, "uri")}/tasks/nightly-report?full=1`, headers: { "Content-Type": "application/json" } },
    });
    expect(Buffer.from(job.http_target.body, "base64").toString("utf8")).toBe('{"full":true}');
  });

  test("a string body is sent as it is; the attempt deadline is at least Scheduler's 15 s", () => {
    const job = only(withEvents([{ type: "schedule", expression: "0 * * * *", body: "ping" }], { timeout: 5 }), JOB);
    expect(Buffer.from(job.http_target.body, "base64").toString("utf8")).toBe("ping");
    expect(job.http_target.headers).toBeUndefined();
    expect(job.attempt_deadline).toBe("15s");
  });

  test("a long path is cut to Scheduler's 500-character description and job name limits", () => {
    const path = `/${"segment/".repeat(200)}end`;
    const job = only(withEvents([{ type: "schedule", expression: "0 3 * * *", path }]), JOB);
    expect(job.description).toHaveLength(500);
    expect(job.name.length).toBeLessThanOrEqual(500);
    expect(job.name).toMatch(/^svc-dev-backend-segment-segment-.*-[0-9a-f]{8}$/);
    expect(job.http_target.uri.endsWith(path)).toBe(true);
  });

  test("several schedules share the one invoker; names follow the path", () => {
    const json = withEvents([
      { type: "schedule", expression: "0 3 * * *", path: "/report" },
      { type: "schedule", expression: "0 4 * * *", path: "/report" },
      { type: "schedule", expression: "0 5 * * *" },
      { type: "pubsub", topic: "orders" },
    ]);
    expect(Object.values<Json>(resources(json, JOB)).map((j) => j.name).sort()).toEqual(["svc-dev-backend-report", "svc-dev-backend-report-2", "svc-dev-backend-schedule"]);
    expect(Object.keys(resources(json, RUN_IAM))).toHaveLength(1);
    expect(Object.values<Json>(resources(json, SA)).map((sa) => sa.account_id).sort()).toEqual(["svc-dev-backend-invoker", "svc-dev-backend-run"]);
  });

  test("a long service name keeps the invoker's account id within 30 characters, distinct from the runtime account", () => {
    const long = synth(service({ events: [{ type: "schedule", expression: "0 3 * * *" }] }, newStack(), "svc-production-orders-backend"));
    const ids = Object.values<Json>(resources(long, SA)).map((sa) => sa.account_id);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(30);
    expect(new Set(ids).size).toBe(2);
    expect(ids.some((id) => id.endsWith("-invoker"))).toBe(true);
  });
});

describe("CloudRunService events: Cloud Scheduler refusals", () => {
  const refused = (event: Json, prop: string, rule: string | RegExp, ...received: unknown[]) => expectRefused(() => service({ events: [event] }), prop, rule, ...received);

  test("an expression that is not 5-field unix-cron", () => {
    refused({ type: "schedule", expression: "0 3 * * ? *" }, "events[0].expression", /unix-cron.*here: 6 fields/, "0 3 * * ? *");
    refused({ type: "schedule", expression: "cron(0 3 * * ? *)" }, "events[0].expression", "here: an AWS schedule expression");
    refused({ type: "schedule", expression: "rate(5 minutes)" }, "events[0].expression", "here: an AWS schedule expression");
    refused({ type: "schedule", expression: "0 24 * * *" }, "events[0].expression", 'here: hour "24"');
    refused({ type: "schedule" }, "events[0].expression", "set (it is required)");
  });

  test("an unknown time zone", () => {
    refused({ type: "schedule", expression: "0 3 * * *", timeZone: "Mars/Olympus" }, "events[0].timeZone", "a time zone name of the tz database", "Mars/Olympus");
    refused({ type: "schedule", expression: "0 3 * * *", timeZone: "+02:00" }, "events[0].timeZone", "a time zone name");
  });

  test("a path not starting with /", () => {
    refused({ type: "schedule", expression: "0 3 * * *", path: "tasks" }, "events[0].path", "a path starting with /", "tasks");
    refused({ type: "schedule", expression: "0 3 * * *", path: `/${"a".repeat(2048)}` }, "events[0].path", "at most 2048 characters");
  });

  test("a body that is neither a string nor a JSON object", () => {
    refused({ type: "schedule", expression: "0 3 * * *", body: [1, 2] }, "events[0].body", "a string or a JSON object", [1, 2]);
    refused({ type: "schedule", expression: "0 3 * * *", body: 42 }, "events[0].body", "a string or a JSON object", 42);
  });

  test("unknown keys, among them the AWS side's", () => {
    refused({ type: "schedule", expression: "0 3 * * *", timezone: "Europe/Berlin" }, "events[0].timezone", "one of the known props (type, expression, timeZone, path, body)");
    refused({ type: "schedule", expression: "0 3 * * *", input: "{}" }, "events[0].input", "one of the known props");
  });

  test("two services of a stack cannot create one job name in a region", () => {
    const stack = newStack();
    service({ events: [{ type: "schedule", expression: "0 3 * * *", path: "/x" }] }, stack, "svc-a");
    const problems = problemsOf(() => service({ events: [{ type: "schedule", expression: "0 3 * * *", path: "/a-x" }] }, stack, "svc"));
    expect(problems).toEqual([expect.objectContaining({ prop: "events[0]", received: "svc-a-x", rule: expect.stringContaining("Cloud Scheduler job name in europe-west1") })]);
  });

  test("the invoker's account id may not be another account's of the stack", () => {
    const stack = newStack();
    new CloudRunService(stack, "Other", { serviceName: "other", location: "europe-west1", image: IMAGE, serviceAccountId: "svc-dev-backend-invoker" });
    const problems = problemsOf(() => service({ events: [{ type: "schedule", expression: "0 3 * * *" }] }, stack));
    expect(problems).toEqual([expect.objectContaining({ prop: "events", received: "svc-dev-backend-invoker" })]);
  });
});
