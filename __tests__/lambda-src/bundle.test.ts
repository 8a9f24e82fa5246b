import * as dynamodb from "@aws-sdk/client-dynamodb";
import * as shared from "@svc/shared";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { buildSync } from "esbuild";
import * as crypto from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { deflateRawSync } from "node:zlib";
import { isIgnored } from "../../scripts/project-files";
import { httpEvent, lambdaContext, type EventOptions } from "./http-fixtures";

const ROOT = join(__dirname, "..", "..");
const LAYER = join(ROOT, "lambda-src", "layers", "shared");
const SHARED = join(LAYER, "nodejs", "node_modules", "@svc", "shared");
const MAX_ZIP_BYTES = 10 * 1024;

/** Bundled the way the stack bundles an entry (ServerlessFunction with `bundlingExternalModules: ["@svc/shared"]`). */
function bundle(entry: string): string {
  const result = buildSync({
    entryPoints: [join(ROOT, "lambda-src", entry)],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    minify: true,
    legalComments: "none",
    external: ["@aws-sdk/*", "@svc/shared"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** Evaluates a CommonJS bundle with only what the Lambda runtime and the layer provide. */
function load(code: string): Record<string, (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>> {
  const provided: Record<string, unknown> = { "@svc/shared": shared, "@aws-sdk/client-dynamodb": dynamodb, "node:crypto": crypto, crypto };
  const module = { exports: {} };
  const requireFn = (id: string) => {
    if (!(id in provided)) throw new Error(`bundle requires ${id}, which the runtime does not provide`);
    return provided[id];
  };
  new Function("module", "exports", "require", code)(module, module.exports, requireFn);
  return module.exports as ReturnType<typeof load>;
}

const requiresOf = (code: string) => [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

describe("function bundles", () => {
  it.each([
    ["hello/index.ts", ["@svc/shared"]],
    ["users/index.ts", ["@aws-sdk/client-dynamodb", "@svc/shared", "node:crypto"]],
  ])("%s stays tiny and leaves the SDK and the layer out", (entry, requires) => {
    const code = bundle(entry);
    expect(requiresOf(code)).toEqual(requires);
    expect(deflateRawSync(code).length).toBeLessThan(MAX_ZIP_BYTES / 2);
    // The layer's code is not inlined: esbuild would follow tsconfig `paths` if it were not external.
    expect(code).not.toContain("Request body is not valid JSON");
  });

  it("hello runs from its minified bundle", async () => {
    const { handler } = load(bundle("hello/index.ts"));
    const response = await handler(httpEvent({ path: "/hello", query: { name: "Ada" } }), lambdaContext());
    expect(response).toMatchObject({ statusCode: 200, body: JSON.stringify({ message: "Hello, Ada!" }) });
  });

  it("users runs from its minified bundle, one export per function", async () => {
    const exported = load(bundle("users/index.ts"));
    expect(Object.keys(exported).sort()).toEqual(["create", "get", "list", "remove", "update"]);
    const send = jest.spyOn(dynamodb.DynamoDBClient.prototype, "send").mockImplementation(async () => ({ $metadata: {} }));
    const table = process.env.USERS_TABLE_NAME;
    process.env.USERS_TABLE_NAME = "svc-test-users";
    try {
      const event: EventOptions = { method: "POST", path: "/users", body: JSON.stringify({ name: "Ada", email: "ada@example.org" }) };
      expect((await exported.create(httpEvent(event), lambdaContext())).statusCode).toBe(201);
      expect(send.mock.calls[0][0]).toBeInstanceOf(dynamodb.PutItemCommand);
      const bad = await exported.remove(httpEvent({ method: "DELETE", pathParameters: { id: "x" } }), lambdaContext());
      expect(bad.statusCode).toBe(400);
    } finally {
      send.mockRestore();
      if (table === undefined) delete process.env.USERS_TABLE_NAME;
      else process.env.USERS_TABLE_NAME = table;
    }
  });
});

describe("shared layer folder", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));

  it("holds only the package, at the path Lambda puts on NODE_PATH", () => {
    expect(files(LAYER).map((f) => relative(LAYER, f)).sort()).toEqual([
      "nodejs/node_modules/@svc/shared/index.d.ts",
      "nodejs/node_modules/@svc/shared/index.js",
      "nodejs/node_modules/@svc/shared/package.json",
    ]);
    const total = files(LAYER).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeLessThan(MAX_ZIP_BYTES);
  });

  it("is a package whose main is loadable plain CommonJS without dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(SHARED, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "@svc/shared", main: "index.js", types: "index.d.ts" });
    const source = readFileSync(join(SHARED, "index.js"), "utf8");
    expect(requiresOf(source)).toEqual([]);
    const loaded = load(source);
    expect(Object.keys(loaded).sort()).toEqual(["HttpError", "JsonBodyError", "createLogger", "errorResponse", "httpHandler", "json", "parseJsonBody"]);
  });

  it("is not ignored by git, so a clone deploys the same layer", () => {
    // Read from the .gitignore files (as `git check-ignore --no-index`), so it holds without a repository too.
    for (const file of files(LAYER)) expect({ file: relative(ROOT, file), ignored: isIgnored(ROOT, relative(ROOT, file)) }).toEqual({ file: relative(ROOT, file), ignored: false });
  });
});
