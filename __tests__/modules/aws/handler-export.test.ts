import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, type TerraformStack } from "cdktf";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerlessFunction, type ServerlessFunctionProps } from "../../../modules/aws";
import { nodeHandlerParts } from "../../../modules/aws/handler-export";
import * as bundling from "../../../modules/core/packaging/bundle";
import { newStack as bareStack, validationError } from "./support";

const work = mkdtempSync(join(tmpdir(), "handler-export-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes files under a fresh folder of `work`; returns the folder. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const esm = folder("esm", {
  "index.ts": 'export { list, get } from "./routes";\nexport const create = async () => ({ statusCode: 201 });\nexport default async function main() { return 1; }\n',
  "routes.ts": "export const list = async () => []; export const get = async () => ({});\n",
});
const cjs = folder("cjs", {
  "index.js": 'module.exports = require("./impl");\nmodule.exports.extra = 1;\n',
  "impl.js": "exports.handler = async () => ({ statusCode: 200 });\nexports.other = async () => 1;\n",
});
const dynamic = folder("dynamic", { "index.js": "module.exports = Object.fromEntries([['handler', async () => 1]]);\n" });
const code = folder("code", {
  "app.js": "exports.handler = async () => 1;\n",
  "src/esm.mjs": 'export async function handler() {}\nexport * from "./more.mjs";\n',
  "src/more.mjs": "export const more = 1;\n",
  "lib/index.js": "exports.handler = 1;\n",
  "dyn.js": "module.exports = build();\nfunction build() { return { handler: async () => 1 }; }\n",
});
const py = folder("py", { "app.py": "def handler(event, context):\n    return 1\n", "pkg/__init__.py": "", "pkg/mod.py": "def run(e, c):\n    return 1\n" });

/** A stack with its provider, so that validations report only the handler. */
function newStack(): TerraformStack {
  const stack = bareStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

/** Synthesizes with validations, as the app does: the entry check is a validation of the function. */
const synthWithValidations = (stack: TerraformStack) => Testing.synth(stack, true);

function fn(stack: TerraformStack, id: string, props: Partial<ServerlessFunctionProps>): ServerlessFunction {
  return new ServerlessFunction(stack, id, { functionName: id.toLowerCase(), ...props } as ServerlessFunctionProps);
}

describe("handler names an export of the entry's bundle (checked once the app's entries are bundled)", () => {
  // [case, entry, handler, the exports the message lists]
  const noncompliant: [string, string, string, string][] = [
    ["a typo in an ES module's export", join(esm, "index.ts"), "index.lsit", "create, get, list"],
    ["a bare name that is no export", join(esm, "index.ts"), "lsit", "create, get, list"],
    ["a CommonJS entry that re-exports another file", join(cjs, "index.js"), "index.handlr", "extra, handler, other"],
  ];
  const compliant: [string, string, string][] = [
    ["an export re-exported from another module", join(esm, "index.ts"), "index.list"],
    ["a bare export name (the bundle is index.js)", join(esm, "index.ts"), "create"],
    ["the default export (read from the entry: esbuild's annotation leaves it out)", join(esm, "index.ts"), "index.default"],
    ["a nested handler path: its first name is the export", join(esm, "index.ts"), "index.get.call"],
    ["an export of a re-exported CommonJS file", join(cjs, "index.js"), "index.other"],
    ["CommonJS exports built at run time (Node's lexer cannot see them: not checked)", join(dynamic, "index.js"), "index.handler"],
  ];

  test.each(noncompliant)("refuses %s, naming the construct, the prop, the exports found and the value", (_, entry, handler, found) => {
    const stack = newStack();
    fn(stack, "Fn", { entry, handler });
    const received = handler.includes(".") ? handler : `index.${handler}`;
    expect(() => synthWithValidations(stack)).toThrow(
      `Validation failed with the following errors:\n  [stack/Fn] handler: must be an export of the bundle of ${entry} (exports found: ${found}); received ${JSON.stringify(received)}\n`,
    );
  });

  test.each(compliant)("accepts %s", (_, entry, handler) => {
    const stack = newStack();
    fn(stack, "Fn", { entry, handler });
    expect(() => synthWithValidations(stack)).not.toThrow();
  });

  test("one bundle for several functions with different handlers: bundled once, only the wrong handler refused", () => {
    const runs = jest.spyOn(bundling, "bundleEntries");
    try {
      const stack = newStack();
      fn(stack, "List", { entry: join(esm, "index.ts"), handler: "list" });
      fn(stack, "Get", { entry: join(esm, "index.ts"), handler: "gett" });
      fn(stack, "Create", { entry: join(esm, "index.ts"), handler: "create" });
      let message = "";
      try {
        synthWithValidations(stack);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message.match(/\[stack\/\w+\] handler:/g)).toEqual(["[stack/Get] handler:"]);
      expect(runs).toHaveBeenCalledTimes(1);
      expect(runs.mock.calls[0][0]).toHaveLength(1);
    } finally {
      runs.mockRestore();
    }
  });
});

describe("handler names a file (and for JavaScript an export) of codeDirectory, at construction", () => {
  // [case, directory, runtime, handler, the rule the message states]
  const noncompliant: [string, string, string, string, string][] = [
    ["a file the folder lacks", code, "nodejs22.x", "missing.handler", `a file of codeDirectory ${code}: missing.js, .mjs or .cjs is not there (JavaScript files there: app.js, dyn.js, lib/index.js, src/esm.mjs, src/more.mjs)`],
    ["a CommonJS export the file lacks", code, "nodejs22.x", "app.handlr", `an export of app.js in codeDirectory ${code} (exports found: handler)`],
    ["an ES module export the file lacks (re-exports followed)", code, "nodejs22.x", "src/esm.main", `an export of src/esm.mjs in codeDirectory ${code} (exports found: handler, more)`],
    ["a handler without a file part", code, "nodejs22.x", "handler", "<file>.<export>, e.g. index.handler (the file's path in codeDirectory without its extension, then the export)"],
    ["a Python module the folder lacks", py, "python3.12", "main.handler", `a module of codeDirectory ${py}: main.py is not there (Python files there: app.py, pkg/__init__.py, pkg/mod.py)`],
  ];
  const compliant: [string, string, string, string][] = [
    ["a CommonJS export", code, "nodejs22.x", "app.handler"],
    ["an ES module export re-exported with export *", code, "nodejs22.x", "src/esm.more"],
    ["a folder Node resolves (lib/index.js)", code, "nodejs22.x", "lib.handler"],
    ["CommonJS exports built at run time (not checked)", code, "nodejs22.x", "dyn.handler"],
    ["a Python module", py, "python3.12", "app.handler"],
    ["a Python package module", py, "python3.12", "pkg.mod.run"],
    ["a runtime that is not checked", py, "java21", "com.example.Handler::handleRequest"],
  ];

  test.each(noncompliant)("refuses %s", (_, codeDirectory, runtime, handler, rule) => {
    const e = validationError(() => fn(newStack(), "Fn", { codeDirectory, runtime, handler }));
    expect(e.problems).toEqual([{ path: "stack/Fn", prop: "handler", rule, received: handler }]);
  });

  test.each(compliant)("accepts %s", (_, codeDirectory, runtime, handler) => {
    expect(() => fn(newStack(), "Fn", { codeDirectory, runtime, handler })).not.toThrow();
  });

  test("a module missing from the zip is not refused when the function has layers (a layer may provide it)", () => {
    expect(() => fn(newStack(), "Fn", { codeDirectory: code, handler: "shared-handler.handler", layers: ["arn:aws:lambda:eu-west-1:111111111111:layer:shared:3"] })).not.toThrow();
  });
});

test("nodeHandlerParts splits as Lambda's Node.js runtime does", () => {
  expect(nodeHandlerParts("index.handler")).toEqual({ module: "index", exportName: "handler" });
  expect(nodeHandlerParts("src/app.v1.handler")).toEqual({ module: "src/app", exportName: "v1" });
  expect(nodeHandlerParts("a.b/c.d")).toEqual({ module: "a.b/c", exportName: "d" });
  expect(nodeHandlerParts("handler")).toBeUndefined();
  expect(nodeHandlerParts("index.")).toBeUndefined();
});
