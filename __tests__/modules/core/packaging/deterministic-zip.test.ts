import { strToU8 } from "fflate";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deterministicZip, type ZipEntry } from "../../../../modules/core/packaging/deterministic-zip";
import { readDirectoryEntries } from "../../../../modules/core/packaging/read-directory";
import { unzipText, zipEntries } from "./zip-inspect";

const ROOT = resolve(__dirname, "../../../..");

const ENTRIES: ZipEntry[] = [
  { path: "src/b.js", data: strToU8("b") },
  { path: "index.js", data: strToU8("exports.handler = async () => 1;") },
  { path: "bin/tool", data: strToU8("#!/bin/sh\necho hi\n"), executable: true },
  { path: "Z-upper.txt", data: strToU8("Z") },
  { path: "a.txt", data: strToU8("a") },
];

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "zip-test-"));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("deterministicZip", () => {
  test("holds every entry with its content", () => {
    const files = unzipText(deterministicZip(ENTRIES).bytes);
    expect(files).toEqual({
      "src/b.js": "b",
      "index.js": "exports.handler = async () => 1;",
      "bin/tool": "#!/bin/sh\necho hi\n",
      "Z-upper.txt": "Z",
      "a.txt": "a",
    });
  });

  test("sorts entries by path (byte order), whatever order they are given in", () => {
    const names = zipEntries(deterministicZip(ENTRIES).bytes).map((e) => e.name);
    expect(names).toEqual(["Z-upper.txt", "a.txt", "bin/tool", "index.js", "src/b.js"]);
    expect(deterministicZip([...ENTRIES].reverse()).bytes).toEqual(deterministicZip(ENTRIES).bytes);
  });

  test("stamps every entry 1980-01-01 00:00:00 in both the central directory and the local headers", () => {
    for (const entry of zipEntries(deterministicZip(ENTRIES).bytes)) {
      expect(entry.modified).toBe("1980-01-01 00:00:00");
      expect(entry.localModified).toBe("1980-01-01 00:00:00");
    }
  });

  test("gives regular files mode 0644 and executables 0755, made on Unix", () => {
    const modes = Object.fromEntries(zipEntries(deterministicZip(ENTRIES).bytes).map((e) => [e.name, e]));
    expect(modes["index.js"].mode).toBe(0o644);
    expect(modes["bin/tool"].mode).toBe(0o755);
    for (const entry of Object.values(modes)) {
      expect(entry.fileType).toBe(0o100000);
      expect(entry.madeBy).toBe(3);
    }
  });

  test("writes no extra fields (no extended timestamps, no uid/gid)", () => {
    for (const entry of zipEntries(deterministicZip(ENTRIES).bytes)) {
      expect(entry.centralExtraLength).toBe(0);
      expect(entry.localExtraLength).toBe(0);
    }
  });

  test("gives identical bytes for identical entries, and different bytes for different content", () => {
    const a = deterministicZip(ENTRIES);
    const b = deterministicZip(ENTRIES.map((e) => ({ ...e, data: Uint8Array.from(e.data) })));
    expect(b.bytes).toEqual(a.bytes);
    const changed = deterministicZip(ENTRIES.map((e) => (e.path === "a.txt" ? { ...e, data: strToU8("A") } : e)));
    expect(changed.sha256Hex).not.toBe(a.sha256Hex);
  });

  test("a change of mode alone changes the bytes", () => {
    const plain = deterministicZip([{ path: "run", data: strToU8("x") }]);
    const executable = deterministicZip([{ path: "run", data: strToU8("x"), executable: true }]);
    expect(executable.sha256Hex).not.toBe(plain.sha256Hex);
  });

  test("reports the base64 and hex SHA-256 of its bytes (Lambda's CodeSha256)", () => {
    const archive = deterministicZip(ENTRIES);
    const digest = createHash("sha256").update(archive.bytes).digest();
    expect(archive.sha256Base64).toBe(digest.toString("base64"));
    expect(archive.sha256Hex).toBe(digest.toString("hex"));
  });

  test("refuses the same path twice", () => {
    expect(() => deterministicZip([ENTRIES[0], { ...ENTRIES[0] }])).toThrow("zip entry src/b.js appears twice");
  });

  test("accepts files named like Object properties (constructor, toString)", () => {
    const names = ["constructor", "toString", "hasOwnProperty"];
    const archive = deterministicZip(names.map((path) => ({ path, data: strToU8(path) })));
    expect(Object.keys(unzipText(archive.bytes)).sort()).toEqual([...names].sort());
  });

  test("an empty list gives a valid, empty zip", () => {
    expect(zipEntries(deterministicZip([]).bytes)).toEqual([]);
  });

  test("gives the same bytes in any process time zone", () => {
    const script = [
      'const { deterministicZip } = require("./modules/core/packaging/deterministic-zip.ts");',
      'const entries = [{ path: "index.js", data: Buffer.from("x") }, { path: "bin/run", data: Buffer.from("y"), executable: true }];',
      "process.stdout.write(deterministicZip(entries).sha256Hex);",
    ].join("\n");
    const hashIn = (tz: string): string => {
      const run = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
        cwd: ROOT,
        env: { ...process.env, TZ: tz },
        encoding: "utf8",
      });
      if (run.status !== 0) throw new Error(run.stderr);
      return run.stdout;
    };
    const expected = deterministicZip([
      { path: "index.js", data: strToU8("x") },
      { path: "bin/run", data: strToU8("y"), executable: true },
    ]).sha256Hex;
    for (const tz of ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu"]) {
      expect(hashIn(tz)).toBe(expected);
    }
  });
});

describe("zipping a directory (readDirectoryEntries + deterministicZip)", () => {
  function makeTree(root: string): void {
    mkdirSync(join(root, "lib", "deep"), { recursive: true });
    writeFileSync(join(root, "index.js"), "exports.handler = require('./lib/util').handler;");
    writeFileSync(join(root, "lib", "util.js"), "exports.handler = async () => 'ok';");
    writeFileSync(join(root, "lib", "deep", "data.json"), "{}");
    writeFileSync(join(root, "bootstrap"), "#!/bin/sh\n");
    chmodSync(join(root, "bootstrap"), 0o755);
    chmodSync(join(root, "index.js"), 0o600);
  }

  test("keeps relative paths with forward slashes and only the executable bit of modes", () => {
    makeTree(work);
    const entries = zipEntries(deterministicZip(readDirectoryEntries(work)).bytes);
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ["bootstrap", "755"],
      ["index.js", "644"],
      ["lib/deep/data.json", "644"],
      ["lib/util.js", "644"],
    ]);
  });

  test("puts entries under a prefix when asked", () => {
    makeTree(work);
    expect(readDirectoryEntries(work, "nodejs/").map((e) => e.path)).toContain("nodejs/lib/util.js");
  });

  test("leaves out .DS_Store, Thumbs.db, .gitkeep and .git", () => {
    makeTree(work);
    writeFileSync(join(work, ".DS_Store"), "x");
    writeFileSync(join(work, "lib", "Thumbs.db"), "x");
    writeFileSync(join(work, "lib", "deep", ".gitkeep"), "");
    mkdirSync(join(work, ".git"));
    writeFileSync(join(work, ".git", "HEAD"), "ref: refs/heads/main");
    expect(readDirectoryEntries(work).map((e) => e.path)).toEqual(["bootstrap", "index.js", "lib/deep/data.json", "lib/util.js"]);
  });

  test("gives identical bytes whatever the files' modification times", () => {
    makeTree(work);
    const before = deterministicZip(readDirectoryEntries(work)).bytes;
    for (const file of ["index.js", "lib/util.js", "lib/deep/data.json", "bootstrap"]) {
      utimesSync(join(work, file), new Date("2031-07-04T12:34:56Z"), new Date("2031-07-04T12:34:56Z"));
    }
    expect(deterministicZip(readDirectoryEntries(work)).bytes).toEqual(before);
  });

  test("gives identical bytes for the same tree in another place (checkout path independent)", () => {
    const a = join(work, "checkout-a", "code");
    const b = join(work, "another", "deeper", "checkout-b", "code");
    makeTree(a);
    makeTree(b);
    expect(deterministicZip(readDirectoryEntries(b)).bytes).toEqual(deterministicZip(readDirectoryEntries(a)).bytes);
  });
});

describe("zips of the same entries are made once per process", () => {
  const copy = (entries: readonly ZipEntry[]) => entries.map((e) => ({ ...e, data: Uint8Array.from(e.data) }));

  test("the same entries (in any order, as new objects) give the archive already made", () => {
    const first = deterministicZip(copy(ENTRIES));
    expect(deterministicZip(copy([...ENTRIES].reverse()))).toBe(first);
  });

  test.each([
    ["one byte of a file", (e: ZipEntry[]) => (e[0] = { ...e[0], data: strToU8("c") })],
    ["a file's path", (e: ZipEntry[]) => (e[0] = { ...e[0], path: "src/c.js" })],
    ["a file's executable bit", (e: ZipEntry[]) => (e[1] = { ...e[1], executable: true })],
    ["a file more", (e: ZipEntry[]) => e.push({ path: "more.txt", data: strToU8("") })],
  ])("another %s gives another zip, as if zipped alone", (_, change) => {
    const first = deterministicZip(copy(ENTRIES));
    const changed = copy(ENTRIES);
    change(changed);
    const other = deterministicZip(changed);
    expect(other.sha256Hex).not.toBe(first.sha256Hex);
    expect(zipEntries(other.bytes).map((e) => e.name).sort()).toEqual(changed.map((e) => e.path).sort());
    expect(unzipText(other.bytes)[changed[0].path]).toBe(new TextDecoder().decode(changed[0].data));
  });
});

describe("zips kept on disk between synths (cacheRoot)", () => {
  /** deterministicZip of a fresh module instance: another synth, nothing made in this process. */
  const inNewProcess = (entries: readonly ZipEntry[], cacheRoot: string) => {
    let zip!: typeof deterministicZip;
    jest.isolateModules(() => {
      zip = (require("../../../../modules/core/packaging/deterministic-zip") as { deterministicZip: typeof deterministicZip }).deterministicZip;
    });
    return zip(entries, cacheRoot);
  };
  const kept = (root: string) => readdirSync(join(root, "node_modules", ".cache", "cdktf-serverless", "zips"));

  test("a later synth of the same entries reads the kept bytes: the same archive, the same hashes", () => {
    const made = inNewProcess(ENTRIES, work);
    expect(kept(work)).toHaveLength(1);
    const read = inNewProcess([...ENTRIES].reverse(), work);
    expect(Buffer.from(read.bytes).equals(Buffer.from(made.bytes))).toBe(true);
    expect(read.sha256Hex).toBe(made.sha256Hex);
    expect(read.sha256Base64).toBe(made.sha256Base64);
    expect(Buffer.from(read.bytes).equals(Buffer.from(deterministicZip(ENTRIES).bytes))).toBe(true);
    expect(kept(work)).toHaveLength(1);
  });

  test("other entries (one byte of a file) are another zip, never the kept one", () => {
    const first = inNewProcess(ENTRIES, work);
    const changed = ENTRIES.map((e, i) => (i === 0 ? { ...e, data: strToU8("c") } : e));
    const other = inNewProcess(changed, work);
    expect(other.sha256Hex).not.toBe(first.sha256Hex);
    expect(unzipText(other.bytes)[changed[0].path]).toBe("c");
    expect(kept(work)).toHaveLength(2);
  });

  test("CDKTF_SERVERLESS_BUILD_CACHE_OFF=1: nothing kept", () => {
    process.env.CDKTF_SERVERLESS_BUILD_CACHE_OFF = "1";
    try {
      inNewProcess(ENTRIES, work);
    } finally {
      delete process.env.CDKTF_SERVERLESS_BUILD_CACHE_OFF;
    }
    expect(existsSync(join(work, "node_modules"))).toBe(false);
  });
});
