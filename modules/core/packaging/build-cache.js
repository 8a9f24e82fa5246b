/*
 * A cache of esbuild's outputs (the app's bundle in scripts/run-app.js, the handlers' bundles in
 * bundle.ts), so that a synth whose sources did not change does not start esbuild at all.
 *
 * An entry is used only when everything esbuild read to build it is as it was: the content of every
 * input (esbuild's metafile), the names in every folder that holds an input and in each folder above
 * it up to the package root (a new `x.ts` next to `x/index.ts`, a new tsconfig.json; dot-names
 * apart, see namesHash), the content of
 * every package.json / tsconfig.json / jsconfig.json from the inputs' folders up to the filesystem
 * root, and the package root's package-lock.json. The key holds everything else a build depends on
 * (the caller puts esbuild's version and options in it). A hit returns the bytes esbuild wrote, so
 * the output is the same with or without the cache; any doubt (a missing or unreadable file, another
 * key) is a miss, and the caller builds as before.
 *
 * Plain CommonJS (no TypeScript): scripts/run-app.js loads it before anything is bundled.
 * Entries live in <package root>/node_modules/.cache/cdktf-serverless/<kind>/, one file per key,
 * written whole (temporary file, then rename), so concurrent synths never read half an entry; the
 * newest KEEP of each kind are kept.
 */
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");

/** Setting this to "1" turns the cache off (builds always run, nothing is read or written). */
const DISABLE = "CDKTF_SERVERLESS_BUILD_CACHE_OFF";

/** Files whose content changes how esbuild reads the folder they are in, or folders below it. */
const CONFIG_FILES = ["package.json", "tsconfig.json", "jsconfig.json"];

const sha = (data) => createHash("sha256").update(data).digest("hex");

/** The folder of a cache kind under `root` (a package root: the folder of the nearest package.json). */
function cacheDir(root, kind) {
  return path.join(root, "node_modules", ".cache", "cdktf-serverless", kind);
}

function fileHash(file) {
  try {
    return sha(readFileSync(file));
  } catch {
    return null;
  }
}

/**
 * The names in a folder, but those starting with a dot: an import of the project names no dot-file,
 * and what appears and goes there while the sources stay the same would otherwise miss every time (a
 * synth's staging folder and list next to cdktf.out, `.git`'s neighbours, an editor's swap file).
 */
function namesHash(dir) {
  try {
    return sha(
      readdirSync(dir)
        .filter((name) => !name.startsWith("."))
        .sort()
        .join("\0"),
    );
  } catch {
    return null;
  }
}

/**
 * What the build of `inputs` (absolute paths) under `root` read, as { path: hash } maps: the inputs'
 * contents, folder listings and configuration files (see the header).
 */
function fingerprint(root, inputs) {
  const files = {};
  const listings = {};
  const seen = new Set();
  for (const input of inputs) {
    files[input] = fileHash(input);
    for (let dir = path.dirname(input); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const inside = dir === root || dir.startsWith(root + path.sep);
      if (inside) listings[dir] = namesHash(dir);
      for (const name of CONFIG_FILES) files[path.join(dir, name)] = fileHash(path.join(dir, name));
      if (path.dirname(dir) === dir) break;
    }
  }
  files[path.join(root, "package-lock.json")] = fileHash(path.join(root, "package-lock.json"));
  return { files, listings };
}

function unchanged(recorded) {
  for (const [file, hash] of Object.entries(recorded.files)) if (fileHash(file) !== hash) return false;
  for (const [dir, hash] of Object.entries(recorded.listings)) if (namesHash(dir) !== hash) return false;
  return true;
}

/**
 * The value stored for `key` (a string holding everything but the inputs the build depends on), or
 * undefined when there is none or anything the build read has changed since.
 */
function readCached(root, kind, key) {
  if (process.env[DISABLE] === "1") return undefined;
  let entry;
  try {
    entry = JSON.parse(loadFile(root, kind, `${sha(key)}.json`).toString("utf8"));
  } catch {
    return undefined;
  }
  if (!entry || entry.key !== key || !entry.read || !unchanged(entry.read)) return undefined;
  return entry.value;
}

/**
 * Stores `value` (JSON) for `key`, with the fingerprint of `inputs` (absolute paths esbuild read).
 * Taken after the build: an input edited during the build makes the next lookup miss, never hit.
 * A cache that cannot be written (read-only checkout) is no error.
 */
function writeCached(root, kind, key, inputs, value, keep = KEEP) {
  if (process.env[DISABLE] === "1") return;
  // The cache's own folder first: creating node_modules/ would change the listing of the root.
  try {
    mkdirSync(cacheDir(root, kind), { recursive: true });
  } catch {
    return;
  }
  storeFile(root, kind, `${sha(key)}.json`, JSON.stringify({ key, read: fingerprint(root, inputs), value }), keep);
}

/**
 * Entries kept per kind by default: the newest (by modification time) stay. Builds of temporary
 * copies of a project (tests, review of another ref) each leave one, and would otherwise pile up.
 * Kinds with large entries (the app's bundle, about 3 MB with its code cache) keep fewer.
 */
const KEEP = 256;

/** Writes a file of the cache whole (temporary file, then rename), then drops the oldest beyond `keep`. */
function storeFile(root, kind, name, data, keep = KEEP) {
  if (process.env[DISABLE] === "1") return;
  const dir = cacheDir(root, kind);
  const file = path.join(dir, name);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
    return;
  }
  try {
    const entries = readdirSync(dir).filter((n) => !n.endsWith(".tmp"));
    if (entries.length <= keep) return;
    const aged = entries.map((n) => ({ n, at: statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => b.at - a.at);
    for (const { n } of aged.slice(keep)) rmSync(path.join(dir, n), { force: true });
  } catch {
    // Another process pruned at the same time.
  }
}

/** A file of the cache, or undefined (none, unreadable, or the cache is off). */
function loadFile(root, kind, name) {
  if (process.env[DISABLE] === "1") return undefined;
  try {
    return readFileSync(path.join(cacheDir(root, kind), name));
  } catch {
    return undefined;
  }
}

/** The absolute paths of the inputs of an esbuild metafile whose paths are relative to `workingDir`. */
function metafileInputs(metafile, workingDir) {
  return Object.keys(metafile.inputs)
    .filter((input) => !/^[a-z-]+:/.test(input) || /^[A-Za-z]:[\\/]/.test(input))
    .map((input) => path.resolve(workingDir, input));
}

/** The folder of the nearest package.json above `file` (its own folder if there is none). */
function packageRootOf(file) {
  let dir = path.dirname(path.resolve(file));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(path.resolve(file));
    dir = parent;
  }
  return dir;
}

module.exports = { DISABLE, KEEP, cacheDir, readCached, writeCached, storeFile, loadFile, metafileInputs, packageRootOf, sha };
