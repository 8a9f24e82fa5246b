import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CACHE = join(__dirname, "..", "..", "scripts", "module-code-cache.js");

describe("scripts/module-code-cache.js: V8's code of the packages the runner loads, kept between runs", () => {
  const root = mkdtempSync(join(tmpdir(), "module-code-cache-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const pkg = join(root, "node_modules", "answer");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(root, "package.json"), "{}");
  const write = (answer: string) =>
    writeFileSync(join(pkg, "index.js"), `exports.answer = () => ${JSON.stringify(answer)};\nexports.dirname = __dirname;\nexports.required = require("./other").x;\n`);
  writeFileSync(join(pkg, "other.js"), "exports.x = 42;\n");

  /** A process that loads the package with the cache on, as the runner does, and prints what it got. */
  const run = () =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          "-e",
          `const save = require(${JSON.stringify(CACHE)}).enableModuleCodeCache(${JSON.stringify(root)});
           const m = require(${JSON.stringify(join(pkg, "index.js"))});
           process.stdout.write(JSON.stringify({ answer: m.answer(), dirname: m.dirname, required: m.required }));
           save();`,
        ],
        { encoding: "utf8", env: { ...process.env, CDKTF_SERVERLESS_BUILD_CACHE_OFF: "" } },
      ),
    ) as { answer: string; dirname: string; required: number };
  const store = join(root, "node_modules", ".cache", "cdktf-serverless", "module-code");
  const ownCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache !== "function";

  it("runs a package's modules as Node.js does (their own __dirname and require)", () => {
    write("first");
    expect(run()).toEqual({ answer: "first", dirname: pkg, required: 42 });
  });

  it("reuses the stored code while the files are unchanged (nothing stored again)", () => {
    if (!ownCache) return; // Node.js >= 22.1 keeps its own compile cache
    const [file] = readdirSync(store);
    const before = statSync(join(store, file)).mtimeMs;
    expect(run().answer).toBe("first");
    expect(readdirSync(store)).toEqual([file]);
    expect(statSync(join(store, file)).mtimeMs).toBe(before);
  });

  it("never runs the code of an earlier version of a file: an edit of the same length is seen at the next run", () => {
    write("other");
    expect(run().answer).toBe("other");
    write("first");
    expect(run().answer).toBe("first");
  });
});
