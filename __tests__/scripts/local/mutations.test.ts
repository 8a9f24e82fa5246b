import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { leastPrivilegeReport } from "../../../scripts/local/report";
import { apisOf } from "../../../scripts/local/routes";
import { serveApi } from "../../../scripts/local/server";
import { Session } from "../../../scripts/local/session";
import type { InvokeResult } from "../../../scripts/local/worker";
import { httpEvent, StackCopy } from "./local-fixtures";
import { signedFetch } from "./serve-harness";

// Each mutation is made on a copy of the synthesized aws-dev stack (its JSON or its zips, with the
// source_code_hash a synth of the changed code would write), and must make the run fail, saying why.

const TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-users";
const SOME_ID = "0b7c8f1e-3a52-4c7e-9d1a-2f6e5b4c3d2a";

describe("a role that lost its action, served over HTTP", () => {
  const copy = new StackCopy("aws-dev");
  const log: string[] = [];
  let session: Session;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // users-get loses dynamodb:GetItem; users-list keeps Scan but only on the table's indexes.
    const get = copy.policyDocument("svc-dev-users-get");
    get.statement = get.statement.filter((s: { actions: string[] }) => !s.actions.includes("dynamodb:GetItem"));
    const list = copy.policyDocument("svc-dev-users-list");
    list.statement.find((s: { actions: string[] }) => s.actions.includes("dynamodb:Scan")).resources = ["${aws_dynamodb_table.UsersTable.arn}/index/*"];
    copy.save();
    session = await Session.start({ outdir: copy.outdir, stack: "aws-dev", log: (l) => log.push(l) });
    const server = await serveApi(session, apisOf(session.stack)[0], 0, (l) => log.push(l));
    base = server.url;
    close = async () => {
      await server.close();
      await session.close();
    };
  });
  afterAll(async () => {
    await close?.();
    copy.remove();
  });

  test("GET /users/{id} answers 500; the refused action is printed and DynamoDB's AccessDeniedException reached the code", async () => {
    // The users routes are AWS_IAM: signed by the session's operator.
    const signed = (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
      signedFetch(`${base}${path}`, { ...init, service: "execute-api", region: "eu-west-1", credentials: session.identities.operator });
    const created = await signed("/users", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Ada", email: "ada@example.com" }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const [got, listed] = await Promise.all([signed(`/users/${id}`), signed("/users")]);
    expect(got.status).toBe(500);
    expect(await got.json()).toEqual({ error: "Internal server error", requestId: expect.any(String) });
    expect(listed.status).toBe(500);
    const output = log.join("\n");
    expect(output).toContain(`REFUSED svc-dev-users-get: dynamodb:GetItem on ${TABLE_ARN} (no identity-based policy allows the dynamodb:GetItem action)`);
    expect(output).toContain(`REFUSED svc-dev-users-list: dynamodb:Scan on ${TABLE_ARN}`);
    expect(output).toMatch(/\[svc-dev-users-get\] .*AccessDeniedException.*is not authorized to perform: dynamodb:GetItem/);
    const report = leastPrivilegeReport(session.functions, session.usage).find((r) => r.functionName === "svc-dev-users-get")!;
    expect(report.refused).toEqual([{ action: "dynamodb:GetItem", resource: TABLE_ARN, reason: "no identity-based policy allows the dynamodb:GetItem action" }]);
  });
});

describe("a permissions boundary that no longer allows what the role holds", () => {
  const copy = new StackCopy("aws-dev");
  let session: Session;
  const log: string[] = [];

  beforeAll(async () => {
    // The boundary (in the environment's identity stack) drops dynamodb:Scan; users-list still holds it.
    const identities = join(copy.outdir, "stacks", "deployer-aws-dev", "cdk.tf.json");
    const tf = JSON.parse(readFileSync(identities, "utf8"));
    const boundary = Object.values(tf.resource.aws_iam_policy as Record<string, { name: string; policy: string }>).find((p) => p.name === "svc-dev-permissions-boundary")!;
    const doc = tf.data.aws_iam_policy_document[/data\.aws_iam_policy_document\.([^.]+)\.json/.exec(boundary.policy)![1]];
    for (const statement of doc.statement) statement.actions = statement.actions.filter((a: string) => a !== "dynamodb:Scan");
    writeFileSync(identities, JSON.stringify(tf));
    session = await Session.start({ outdir: copy.outdir, stack: "aws-dev", log: (l) => log.push(l) });
  });
  afterAll(async () => {
    await session?.close();
    copy.remove();
  });

  test("the call is refused as AWS would refuse it, naming the boundary; what the boundary allows still goes through", async () => {
    const listed = await session.invoke(session.byName("svc-dev-users-list")!, httpEvent("GET", "/users", { routeKey: "GET /users" }), (l) => log.push(l));
    expect(listed).toMatchObject({ ok: true, payload: { statusCode: 500 } });
    expect(log.join("\n")).toContain(
      `REFUSED svc-dev-users-list: dynamodb:Scan on ${TABLE_ARN} (the role's permissions boundary (arn:aws:iam::111111111111:policy/deployer/svc-dev-permissions-boundary) does not allow the dynamodb:Scan action)`,
    );
    const got = await session.invoke(session.byName("svc-dev-users-get")!, httpEvent("GET", `/users/${SOME_ID}`, { routeKey: "GET /users/{id}", pathParameters: { id: SOME_ID } }), (l) => log.push(l));
    expect(got).toMatchObject({ ok: true, payload: { statusCode: 404 } });
  });
});

describe("broken deployments fail their invocation with the runtime's error", () => {
  const copy = new StackCopy("aws-dev");
  const log: string[] = [];
  let session: Session;
  const results: Record<string, InvokeResult> = {};

  beforeAll(async () => {
    // users-get: the code renamed its export, the handler attribute still says index.get.
    copy.editCode("svc-dev-users-get", (files) => ({ ...files, "index.js": files["index.js"].replace(/([{,])get:\(\)=>/, "$1fetch:()=>") }));
    // hello: deployed without its layer.
    delete copy.fn("svc-dev-hello").layers;
    // users-delete: its table variable is gone.
    delete copy.fn("svc-dev-users-delete").environment;
    // users-report: takes longer than its timeout.
    copy.fn("svc-dev-users-report").timeout = 1;
    copy.editCode("svc-dev-users-report", (files) => ({
      "original.js": files["index.js"],
      "index.js": `const original = require("./original.js");\nexports.handler = async (event, context) => { await new Promise((r) => setTimeout(r, 10000)); return original.handler(event, context); };\n`,
    }));
    // users-list: its zip (a copy of its own: the others share the original) changed after synth.
    copy.editCode("svc-dev-users-list", (files) => files);
    copy.save();
    const listZip = join(copy.dir, copy.fn("svc-dev-users-list").filename);
    writeFileSync(listZip, Buffer.concat([readFileSync(listZip), Buffer.from("tampered")]));

    session = await Session.start({ outdir: copy.outdir, stack: "aws-dev", log: (l) => log.push(l) });
    const invoke = async (name: string, event: unknown) => {
      try {
        results[name] = await session.invoke(session.byName(name)!, event, (l) => log.push(`[${name}] ${l}`));
      } catch (error) {
        results[name] = { ok: false, requestId: "", durationMs: 0, error: { errorType: "local", errorMessage: (error as Error).message } };
      }
    };
    await Promise.all([
      invoke("svc-dev-users-get", httpEvent("GET", `/users/${SOME_ID}`, { routeKey: "GET /users/{id}", pathParameters: { id: SOME_ID } })),
      invoke("svc-dev-hello", httpEvent("GET", "/hello")),
      invoke("svc-dev-users-delete", httpEvent("DELETE", `/users/${SOME_ID}`, { routeKey: "DELETE /users/{id}", pathParameters: { id: SOME_ID } })),
      invoke("svc-dev-users-report", {}),
      invoke("svc-dev-users-list", httpEvent("GET", "/users")),
    ]);
  });
  afterAll(async () => {
    await session?.close();
    copy.remove();
  });

  test("a handler export renamed: Runtime.HandlerNotFound", () => {
    expect(results["svc-dev-users-get"]).toMatchObject({ ok: false, error: { errorType: "Runtime.HandlerNotFound", errorMessage: "index.get is undefined or not exported" } });
  });

  test("a function without its layer: Runtime.ImportModuleError naming the module", () => {
    expect(results["svc-dev-hello"]).toMatchObject({ ok: false, error: { errorType: "Runtime.ImportModuleError", errorMessage: "Error: Cannot find module '@svc/shared'" } });
  });

  test("a missing environment variable: a 500 answer and the error in the function's log", () => {
    expect(results["svc-dev-users-delete"]).toMatchObject({ ok: true, payload: { statusCode: 500 } });
    expect(log.join("\n")).toMatch(/\[svc-dev-users-delete\] .*USERS_TABLE_NAME is not set/);
  });

  test("a timeout: the process is killed after the function's timeout", () => {
    const result = results["svc-dev-users-report"];
    expect(result).toMatchObject({ ok: false, error: { errorType: "Sandbox.Timedout", errorMessage: expect.stringMatching(/^Task timed out after 1\.\d+ seconds$/) } });
    expect(result.durationMs).toBeLessThan(5000);
  });

  test("a zip that is not the one the stack declares is refused", () => {
    expect(results["svc-dev-users-list"]).toMatchObject({ ok: false, error: { errorMessage: expect.stringMatching(/svc-dev-users-list's code: .* has SHA-256 .* but the stack's source_code_hash is .*: synthesize again/) } });
  });
});
