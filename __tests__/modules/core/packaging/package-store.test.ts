import { App, TerraformStack, Testing } from "cdktf";
import { strToU8 } from "fflate";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deterministicZip } from "../../../../modules/core/packaging/deterministic-zip";
import { PACKAGES_DIR, PackageStore } from "../../../../modules/core/packaging/package-store";

const ARCHIVE = deterministicZip([{ path: "index.js", data: strToU8("exports.handler = async () => 1;") }]);
const OTHER = deterministicZip([{ path: "index.js", data: strToU8("exports.handler = async () => 2;") }]);

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fullSynth(stack: TerraformStack): string {
  const outdir = Testing.fullSynth(stack);
  outdirs.push(outdir);
  return join(outdir, "stacks", stack.node.id);
}

function packagesOf(stackDir: string): string[] {
  const dir = join(stackDir, PACKAGES_DIR);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe("PackageStore", () => {
  test("writes packages/<label>-<first 12 hex of SHA-256>.zip at synth, with the archive's bytes", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const path = PackageStore.of(stack).add("users-index", ARCHIVE);
    expect(path).toBe(`packages/users-index-${ARCHIVE.sha256Hex.slice(0, 12)}.zip`);
    const stackDir = fullSynth(stack);
    expect(packagesOf(stackDir)).toEqual([`users-index-${ARCHIVE.sha256Hex.slice(0, 12)}.zip`]);
    expect(new Uint8Array(readFileSync(join(stackDir, path)))).toEqual(ARCHIVE.bytes);
  });

  test("adds nothing to the Terraform JSON: it only writes files", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    PackageStore.of(stack).add("users-index", ARCHIVE);
    expect(JSON.parse(Testing.synth(stack))).toEqual(JSON.parse(Testing.synth(new TerraformStack(app, "empty"))));
  });

  test("writes equal content under one label once", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const a = PackageStore.of(stack).add("users-index", ARCHIVE);
    const b = PackageStore.of(stack).add("users-index", deterministicZip([{ path: "index.js", data: strToU8("exports.handler = async () => 1;") }]));
    expect(b).toBe(a);
    expect(packagesOf(fullSynth(stack))).toHaveLength(1);
  });

  test("keeps different content under one label apart", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const a = PackageStore.of(stack).add("users-index", ARCHIVE);
    const b = PackageStore.of(stack).add("users-index", OTHER);
    expect(b).not.toBe(a);
    expect(packagesOf(fullSynth(stack))).toHaveLength(2);
  });

  test("is one store per stack, and each stack writes its own packages", () => {
    const app = Testing.app();
    const one = new TerraformStack(app, "one");
    const two = new TerraformStack(app, "two");
    expect(PackageStore.of(one)).toBe(PackageStore.of(one));
    expect(PackageStore.of(two)).not.toBe(PackageStore.of(one));
    PackageStore.of(one).add("a", ARCHIVE);
    PackageStore.of(two).add("b", OTHER);
    expect(packagesOf(fullSynth(one))).toEqual([`a-${ARCHIVE.sha256Hex.slice(0, 12)}.zip`]);
    expect(packagesOf(fullSynth(two))).toEqual([`b-${OTHER.sha256Hex.slice(0, 12)}.zip`]);
  });

  test("removes stale zips of an earlier synth into the same output folder", () => {
    const outdir = mkdtempSync(join(tmpdir(), "package-store-"));
    outdirs.push(outdir);
    const synthWith = (archive: typeof ARCHIVE): string[] => {
      const app = new App({ outdir, skipValidation: true });
      const stack = new TerraformStack(app, "stack");
      PackageStore.of(stack).add("fn", archive);
      app.synth();
      return packagesOf(join(outdir, "stacks", "stack"));
    };
    expect(synthWith(ARCHIVE)).toEqual([`fn-${ARCHIVE.sha256Hex.slice(0, 12)}.zip`]);
    writeFileSync(join(outdir, "stacks", "stack", PACKAGES_DIR, "left-over.zip"), "stale");
    expect(synthWith(OTHER)).toEqual([`fn-${OTHER.sha256Hex.slice(0, 12)}.zip`]);
  });

  test("a stack that registers no package gets no packages folder", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    PackageStore.of(stack);
    expect(existsSync(join(fullSynth(stack), PACKAGES_DIR))).toBe(false);
  });

  test("an empty store still removes the zips of an earlier synth", () => {
    const outdir = mkdtempSync(join(tmpdir(), "package-store-"));
    outdirs.push(outdir);
    const dir = join(outdir, "stacks", "stack", PACKAGES_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "fn-0123456789ab.zip"), "stale");
    const app = new App({ outdir, skipValidation: true });
    PackageStore.of(new TerraformStack(app, "stack"));
    app.synth();
    expect(existsSync(dir)).toBe(false);
  });
});
