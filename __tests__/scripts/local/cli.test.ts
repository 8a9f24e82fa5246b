import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appOutdir } from "./local-fixtures";
import { signedFetch } from "./serve-harness";

const ROOT = join(__dirname, "..", "..", "..");

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exit: Promise<number | null>;
}

function runLocal(args: readonly string[]): Run {
  // As package.json's `local` script runs it.
  const child = spawn(process.execPath, [join(ROOT, "scripts", "local.js"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const run: Run = {
    child,
    stdout: "",
    stderr: "",
    exit: new Promise((resolve) => child.on("close", (code) => resolve(code))),
  };
  child.stdout!.on("data", (c: Buffer) => (run.stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (run.stderr += c.toString()));
  return run;
}

async function urlOf(run: Run): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(run.stdout)?.[1];
    if (url) return url;
    if (run.child.exitCode !== null) throw new Error(`serve exited: ${run.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`serve did not print its URL: ${run.stderr}`);
}

interface Report {
  functions: { functionName: string; invoked: boolean; used: Record<string, string[]>; unused: string[]; refused: unknown[] }[];
}

const TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-users";

describe("npm run local (aws-dev, from the synthesized zips)", () => {
  const work = mkdtempSync(join(tmpdir(), "cdktf-local-cli-"));
  const runs: Run[] = [];
  afterAll(() => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  });

  test("serve answers the users API and GET /hello over HTTP, and the report finds every grant used", async () => {
    const reportFile = join(work, "serve-report.json");
    const serve = runLocal(["serve", "aws-dev", "--outdir", appOutdir(), "--report-json", reportFile]);
    runs.push(serve);
    // The nightly report is not behind the API: invoked meanwhile with its sample schedule event.
    const invokeReport = join(work, "invoke-report.json");
    const invoke = runLocal(["invoke", "aws-dev", "svc-dev-users-report", "--outdir", appOutdir(), "--event", join(ROOT, "examples", "events", "users-report-schedule.json"), "--report-json", invokeReport]);
    runs.push(invoke);

    const base = await urlOf(serve);
    expect(serve.stderr).toMatch(/GET \/users\/\{id\}\s+-> svc-dev-users-get\s+\[AWS_IAM\]/);
    // The users routes are AWS_IAM: signed (execute-api) with the operator credentials serve printed.
    const credentials = {
      accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(serve.stdout)![1],
      secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(serve.stdout)![1],
    };
    const unsigned = await fetch(`${base}/users`);
    expect([unsigned.status, await unsigned.json()]).toEqual([403, { message: "Forbidden" }]);
    const call = async (method: string, path: string, body?: unknown) => {
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      const res = await signedFetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: payload,
        service: "execute-api",
        region: "eu-west-1",
        credentials,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
    };

    // Independent requests go together (each runs in a process of its own, four at a time).
    const [hello, created, invalid, notFound] = await Promise.all([
      call("GET", "/hello?name=Jos%C3%A9"),
      Promise.all(["Ada", "Grace", "Edsger"].map((name) => call("POST", "/users", { name, email: `${name.toLowerCase()}@example.com` }))),
      call("POST", "/users", { name: "", email: "nope" }),
      call("GET", "/nowhere"),
    ]);
    expect(hello).toMatchObject({ status: 200, json: { message: "Hello, José!" } });
    expect(hello.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(invalid).toMatchObject({ status: 400, json: { error: "Invalid user" } });
    expect(notFound).toMatchObject({ status: 404, json: { message: "Not Found" } });
    for (const res of created) {
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toBe(`/users/${res.json.id}`);
    }
    const [ada, grace] = created.map((c) => c.json);

    const [got, page1, updated] = await Promise.all([
      call("GET", `/users/${ada.id}`),
      call("GET", "/users?limit=2"),
      call("PUT", `/users/${grace.id}`, { name: "Grace Hopper", email: "grace@example.com" }),
    ]);
    expect(got).toMatchObject({ status: 200, json: ada });
    expect(updated).toMatchObject({ status: 200, json: { id: grace.id, name: "Grace Hopper", createdAt: grace.createdAt } });
    expect(page1.status).toBe(200);
    expect(page1.json.items).toHaveLength(2);

    // Deleting an item of the first page does not move the second page (the cursor is past it).
    const victim = page1.json.items[0] as { id: string };
    const [page2, deleted] = await Promise.all([call("GET", `/users?limit=2&cursor=${page1.json.nextCursor}`), call("DELETE", `/users/${victim.id}`)]);
    expect(page2.json.items).toHaveLength(1);
    expect(page2.json.nextCursor).toBeUndefined();
    expect([...page1.json.items, ...page2.json.items].map((u: { id: string }) => u.id).sort()).toEqual(created.map((c) => c.json.id).sort());
    expect(deleted).toMatchObject({ status: 204, text: "" });
    expect(await call("GET", `/users/${victim.id}`)).toMatchObject({ status: 404, json: { error: "User not found" } });

    serve.child.kill("SIGINT");
    expect(await serve.exit).toBe(0);
    expect(serve.stdout).toMatch(/least-privilege report for aws-dev/);
    expect(serve.stderr).not.toMatch(/REFUSED/);

    expect(await invoke.exit).toBe(0);
    expect(JSON.parse(invoke.stdout)).toBeNull();
    expect(invoke.stderr).toMatch(/"message":"users report","users":0/);

    // Every function ran, and each used exactly what its policy grants its code: nothing to remove.
    const served = (JSON.parse(readFileSync(reportFile, "utf8")) as Report).functions.filter((f) => f.functionName !== "svc-dev-users-report");
    const invoked = (JSON.parse(readFileSync(invokeReport, "utf8")) as Report).functions.filter((f) => f.functionName === "svc-dev-users-report");
    const byName = Object.fromEntries([...served, ...invoked].map((f) => [f.functionName, f]));
    expect(Object.keys(byName).sort()).toEqual(
      ["hello", "users-create", "users-delete", "users-get", "users-list", "users-report", "users-update"].map((n) => `svc-dev-${n}`),
    );
    for (const fn of Object.values(byName)) {
      expect({ name: fn.functionName, invoked: fn.invoked, unused: fn.unused, refused: fn.refused }).toEqual({ name: fn.functionName, invoked: true, unused: [], refused: [] });
    }
    expect(byName["svc-dev-hello"].used).toEqual({});
    expect(byName["svc-dev-users-get"].used).toEqual({ "dynamodb:GetItem": [TABLE_ARN] });
    expect(byName["svc-dev-users-list"].used).toEqual({ "dynamodb:Scan": [TABLE_ARN] });
    expect(byName["svc-dev-users-create"].used).toEqual({ "dynamodb:PutItem": [TABLE_ARN] });
    expect(byName["svc-dev-users-update"].used).toEqual({ "dynamodb:UpdateItem": [TABLE_ARN] });
    expect(byName["svc-dev-users-delete"].used).toEqual({ "dynamodb:DeleteItem": [TABLE_ARN] });
    expect(byName["svc-dev-users-report"].used).toEqual({ "dynamodb:Scan": [TABLE_ARN] });
  });

  test("usage errors exit 2 with the usage", async () => {
    const run = runLocal(["serve"]);
    runs.push(run);
    expect(await run.exit).toBe(2);
    expect(run.stderr).toMatch(/serve takes <stack>[\s\S]*Usage:/);
  });
});
