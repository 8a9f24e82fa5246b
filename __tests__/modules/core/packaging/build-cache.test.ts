import { strFromU8 } from "fflate";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheDir, DISABLE, KEEP, readCached, storeFile, writeCached } from "../../../../modules/core/packaging/build-cache";
import { bundleEntries, bundleEntry } from "../../../../modules/core/packaging/bundle";

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "build-cache-test-"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "fixture", private: true }));
  mkdirSync(join(work, "src", "greeting"), { recursive: true });
  writeFileSync(join(work, "src", "index.ts"), 'import { greet } from "./greeting";\nexport const handler = async () => greet("Ada");\n');
  writeFileSync(join(work, "src", "greeting", "index.ts"), 'export const greet = (name: string) => `hello ${name}`;\n');
});
afterEach(() => {
  delete process.env[DISABLE];
  rmSync(work, { recursive: true, force: true });
});

const ENTRY = () => join(work, "src", "index.ts");
const bundle = (entry = ENTRY()) => strFromU8(bundleEntry({ entry, target: "node22", externalModules: [] }).code);
const handlerCache = () => cacheDir(work, "handler-bundles");

/** Replaces the code of every cached handler bundle, to tell a cache hit from a build. */
function markCachedBundles(code: string): void {
  for (const name of readdirSync(handlerCache())) {
    const file = join(handlerCache(), name);
    const entry = JSON.parse(readFileSync(file, "utf8"));
    entry.value.code = Buffer.from(code).toString("base64");
    writeFileSync(file, JSON.stringify(entry));
  }
}

describe("handler bundles are cached by content", () => {
  test("a second bundle of unchanged sources comes from the cache, with esbuild's bytes and exports", () => {
    const built = bundleEntry({ entry: ENTRY(), target: "node22", externalModules: [] });
    expect(readdirSync(handlerCache())).toHaveLength(1);
    const again = bundleEntry({ entry: ENTRY(), target: "node22", externalModules: [] });
    expect(Buffer.from(again.code).equals(Buffer.from(built.code))).toBe(true);
    expect(again.exports).toEqual(built.exports);
    expect(again.entryFormat).toBe(built.entryFormat);
    markCachedBundles("cached");
    expect(bundle()).toBe("cached");
  });

  test.each([
    ["the entry is edited", () => writeFileSync(join(work, "src", "index.ts"), 'import { greet } from "./greeting";\nexport const handler = async () => greet("Grace");\n')],
    ["a module it imports is edited", () => writeFileSync(join(work, "src", "greeting", "index.ts"), "export const greet = (name: string) => `hi ${name}`;\n")],
    ["a new file shadows an import (greeting.ts next to greeting/index.ts)", () => writeFileSync(join(work, "src", "greeting.ts"), "export const greet = (name: string) => `hey ${name}`;\n")],
    ["a tsconfig.json appears above the sources", () => writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022" } }))],
    ["the package-lock.json changes", () => writeFileSync(join(work, "package-lock.json"), "{}")],
  ])("is not used when %s", (_, change) => {
    bundle();
    markCachedBundles("cached");
    change();
    const rebuilt = bundle();
    expect(rebuilt).not.toBe("cached");
    process.env[DISABLE] = "1";
    expect(rebuilt).toBe(bundle());
  });

  test("is used when only dot-named entries come and go next to the sources (a synth's staging folder and list, an editor's swap file)", () => {
    bundle();
    markCachedBundles("cached");
    mkdirSync(join(work, ".cdktf.out.synth-123-abc"));
    writeFileSync(join(work, ".cdktf-synths"), ".cdktf.out.synth-123-abc\n");
    writeFileSync(join(work, "src", ".index.ts.swp"), "");
    expect(bundle()).toBe("cached");
  });

    test("is keyed by the build's options: another target or other externals are built", () => {
    bundle();
    markCachedBundles("cached");
    expect(strFromU8(bundleEntry({ entry: ENTRY(), target: "node20", externalModules: [] }).code)).not.toBe("cached");
    expect(strFromU8(bundleEntry({ entry: ENTRY(), target: "node22", externalModules: ["x"] }).code)).not.toBe("cached");
  });

  test("entries bundled together are cached one by one: a changed entry is rebuilt alone, the others come from the cache", () => {
    writeFileSync(join(work, "src", "other.ts"), "export const handler = async () => 42;\n");
    const requests = [ENTRY(), join(work, "src", "other.ts")].map((entry) => ({ entry, target: "node22", externalModules: [] }));
    const first = bundleEntries(requests).map((b) => strFromU8(b.code));
    expect(readdirSync(handlerCache())).toHaveLength(2);
    markCachedBundles("cached");
    writeFileSync(join(work, "src", "other.ts"), "export const handler = async () => 43;\n");
    const second = bundleEntries(requests).map((b) => strFromU8(b.code));
    expect(second[0]).toBe("cached");
    expect(second[1]).not.toBe("cached");
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]).toContain("43");
  });

  test(`${"CDKTF_SERVERLESS_BUILD_CACHE_OFF"}=1 neither reads nor writes the cache`, () => {
    process.env[DISABLE] = "1";
    bundle();
    expect(() => readdirSync(handlerCache())).toThrow();
  });
});

describe("readCached / writeCached", () => {
  test("a value is returned for its own key only, while its inputs are unchanged", () => {
    const input = join(work, "src", "index.ts");
    writeCached(work, "test", "key-1", [input], { answer: 42 });
    expect(readCached(work, "test", "key-1")).toEqual({ answer: 42 });
    expect(readCached(work, "test", "key-2")).toBeUndefined();
    writeFileSync(input, "changed");
    expect(readCached(work, "test", "key-1")).toBeUndefined();
  });

  test("an input that is removed, or a damaged entry, is a miss", () => {
    const input = join(work, "src", "greeting", "index.ts");
    writeCached(work, "test", "key", [input], 1);
    rmSync(input);
    expect(readCached(work, "test", "key")).toBeUndefined();
    writeCached(work, "test", "key", [join(work, "src", "index.ts")], 1);
    for (const name of readdirSync(cacheDir(work, "test"))) writeFileSync(join(cacheDir(work, "test"), name), "{not json");
    expect(readCached(work, "test", "key")).toBeUndefined();
  });

  test("keeps the newest entries of a kind only, so that builds of temporary copies do not pile up", () => {
    for (let i = 0; i < KEEP + 5; i++) storeFile(work, "test", `entry-${i}.json`, "{}");
    expect(readdirSync(cacheDir(work, "test"))).toHaveLength(KEEP);
  });
});
