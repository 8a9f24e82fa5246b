import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import type { LocalFunction } from "../../../scripts/local/functions";
import type { PackageRef } from "../../../scripts/local/packages";
import { layOut, runtimeModules } from "../../../scripts/local/layout";
import { invokeFunction, type InvokeResult } from "../../../scripts/local/worker";

// The runtime's handler resolution and environment, on small zips made here.

const work = mkdtempSync(join(tmpdir(), "cdktf-local-worker-"));
const runtimeDir = runtimeModules(work);
afterAll(() => rmSync(work, { recursive: true, force: true }));

let zips = 0;
function zip(files: Record<string, string>): PackageRef {
  const bytes = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
  const file = join(work, `z${zips++}.zip`);
  writeFileSync(file, bytes);
  return { file, sourceCodeHash: createHash("sha256").update(bytes).digest("base64"), what: file };
}

function fn(handler: string, code: Record<string, string>, layers: Record<string, string>[] = [], timeout = 5): LocalFunction {
  return {
    key: "Fn",
    path: "test/Fn",
    functionName: `fn-${zips}`,
    functionArn: `arn:aws:lambda:eu-west-1:111111111111:function:fn-${zips}`,
    handler,
    runtime: "nodejs22.x",
    memorySize: 256,
    timeout,
    architecture: "arm64",
    code: zip(code),
    layers: layers.map(zip),
    environment: { GREETING: "hi" },
    logGroupName: "/aws/lambda/fn",
    role: { roleArn: "arn:aws:iam::111111111111:role/r", roleName: "r", policies: [], notEvaluated: [] },
    serviceUses: [],
    problems: [],
    warnings: [],
  };
}

async function run(f: LocalFunction, event: unknown = { n: 1 }): Promise<InvokeResult & { logs: string[] }> {
  const layout = layOut(f, join(work, f.functionName), runtimeDir);
  const logs: string[] = [];
  const result = await invokeFunction({ fn: f, layout, event, endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "ASIATEST", secretAccessKey: "secret", sessionToken: "token" }, log: (l) => logs.push(l) });
  return { ...result, logs };
}

const echo = "exports.handler = async (event, context) => ({ event, name: context.functionName, remaining: context.getRemainingTimeInMillis() });";

describe("the function process (Lambda's Node.js runtime, locally)", () => {
  let results: Record<string, InvokeResult & { logs: string[] }>;
  beforeAll(async () => {
    process.env.CALLER_SECRET = "must not leak";
    const cases: Record<string, LocalFunction> = {
      js: fn("index.handler", { "index.js": echo }),
      mjsInFolder: fn("src/app.main", { "src/app.mjs": "export const main = async () => 'esm';" }),
      cjs: fn("index.handler", { "index.cjs": "exports.handler = async () => 'cjs';" }),
      typeModule: fn("index.handler", { "package.json": '{"type":"module"}', "index.js": "export const handler = async () => 'module js';" }),
      nested: fn("lib.api.get", { "lib.js": "exports.api = { get: async () => 'nested' };" }),
      callback: fn("index.handler", { "index.js": "exports.handler = (event, context, callback) => setTimeout(() => callback(null, 'called back'), 10);" }),
      malformed: fn("index", { "index.js": echo }),
      outside: fn("../index.handler", { "index.js": echo }),
      missingModule: fn("nope.handler", { "index.js": echo }),
      syntax: fn("index.handler", { "index.js": "exports.handler = async () => {" }),
      notFunction: fn("index.handler", { "index.js": "exports.handler = 42;" }),
      thrown: fn("index.handler", { "index.js": "exports.handler = async () => { const e = new Error('boom'); e.name = 'OrderError'; throw e; };" }),
      environment: fn("index.handler", {
        "index.js": `exports.handler = async () => {
          console.log("logged", { a: 1 });
          return {
            env: Object.fromEntries(["GREETING", "AWS_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "LAMBDA_TASK_ROOT", "_HANDLER", "AWS_EXECUTION_ENV", "CALLER_SECRET", "TZ"].map((k) => [k, process.env[k]])),
            nodePath: process.env.NODE_PATH.split(":").length,
            layer: require("shared-lib").version,
            sdk: typeof require("@aws-sdk/client-dynamodb").DynamoDBClient,
          };
        };`,
      }, [
        { "nodejs/node_modules/shared-lib/index.js": "exports.version = 1;" },
        { "nodejs/node_modules/shared-lib/index.js": "exports.version = 2;" },
      ]),
    };
    const entries = await Promise.all(Object.entries(cases).map(async ([name, f]) => [name, await run(f)] as const));
    results = Object.fromEntries(entries);
    delete process.env.CALLER_SECRET;
  });

  test("handlers resolve as the runtime resolves them: .js, .mjs in a folder, .cjs, type module, nested names, callbacks", () => {
    expect(results.js).toMatchObject({ ok: true, payload: { event: { n: 1 }, name: expect.stringMatching(/^fn-/) } });
    const remaining = (results.js as { payload: { remaining: number } }).payload.remaining;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5000);
    expect(results.mjsInFolder).toMatchObject({ ok: true, payload: "esm" });
    expect(results.cjs).toMatchObject({ ok: true, payload: "cjs" });
    expect(results.typeModule).toMatchObject({ ok: true, payload: "module js" });
    expect(results.nested).toMatchObject({ ok: true, payload: "nested" });
    expect(results.callback).toMatchObject({ ok: true, payload: "called back" });
  });

  test("the runtime's errors, by type", () => {
    expect(results.malformed).toMatchObject({ ok: false, error: { errorType: "Runtime.MalformedHandlerName", errorMessage: "Bad handler" } });
    expect(results.outside).toMatchObject({ ok: false, error: { errorType: "Runtime.MalformedHandlerName" } });
    expect(results.missingModule).toMatchObject({ ok: false, error: { errorType: "Runtime.ImportModuleError", errorMessage: "Error: Cannot find module 'nope'" } });
    expect(results.syntax).toMatchObject({ ok: false, error: { errorType: "Runtime.UserCodeSyntaxError" } });
    expect(results.notFunction).toMatchObject({ ok: false, error: { errorType: "Runtime.HandlerNotFound", errorMessage: "index.handler is not a function" } });
    expect(results.thrown).toMatchObject({ ok: false, error: { errorType: "OrderError", errorMessage: "boom" } });
  });

  test("Lambda's environment only (nothing of the caller's), layers in order under /opt, the SDK from the runtime", () => {
    expect(results.environment).toMatchObject({
      ok: true,
      payload: {
        env: {
          GREETING: "hi",
          AWS_REGION: "eu-west-1",
          AWS_LAMBDA_FUNCTION_NAME: expect.stringMatching(/^fn-/),
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
          LAMBDA_TASK_ROOT: expect.stringMatching(/task$/),
          _HANDLER: "index.handler",
          AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
          TZ: ":UTC",
        },
        nodePath: 5,
        layer: 2,
        sdk: "function",
      },
    });
    expect((results.environment as { payload: { env: Record<string, unknown> } }).payload.env.CALLER_SECRET).toBeUndefined();
    expect(results.environment.logs.join("\n")).toMatch(/^\S+Z\t[0-9a-f-]{36}\tINFO\tlogged { a: 1 }$/m);
  });
});
