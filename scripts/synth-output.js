/*
 * Where a synth writes, used by scripts/run-app.js: the app writes into a fresh folder next to the
 * output folder, which then replaces the output folder in two renames, under a lock. So:
 * - two synths into one folder never mix (each writes its own folder; the swaps take turns);
 * - the output folder is never half-written (a reader sees the old output or the new, whole);
 * - a failed synth leaves nothing of its own, and removes the files the app wrote last time, so no
 *   stale output looks current;
 * - Terraform's own files in the stack folders (.terraform/, lock files, local state) move over to
 *   the new output, as they would survive a synth writing in place.
 * Failures to write say what and where, without a stack trace (SynthOutputError).
 *
 * The fresh and old folders of synths under way are listed in `.cdktf-synths` in the output folder's
 * parent (under its own lock), so that those a killed synth left behind are found without listing
 * the parent, which can be a folder of tens of thousands of entries (an output folder in /tmp). The
 * parent is listed once, when it has no such list yet.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** What the app writes: everything else in the output folder is Terraform's and is kept. */
const WRITTEN_TOP = new Set(["manifest.json", "stacks"]);
const WRITTEN_IN_STACK = new Set(["cdk.tf.json", "cdk.tf", "metadata.json", "packages", "assets"]);
const LOCK_WAIT_MS = 120_000;

class SynthOutputError extends Error {
  constructor(message) {
    super(message);
    this.name = "SynthOutputError";
  }
}

function siblings(outdir) {
  const parent = path.dirname(outdir);
  const base = path.basename(outdir);
  return { parent, base, prefix: `.${base}.` };
}

/** Why an fs error happened, in words. */
function explain(error, what) {
  const code = error && error.code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "EROFS"
        ? "the file system is read-only"
        : code === "ENOSPC"
          ? "no space left on the device"
          : code === "ENOTDIR"
            ? "a file stands where a folder is needed"
            : (error && error.message) || String(error);
  return `${what}: ${reason}${code ? ` (${code})` : ""}`;
}

/**
 * Creates the folder the app writes into, next to `outdir` (same file system, same depth, so the
 * renames are atomic and relative paths in the output are the same). Removes what crashed synths
 * left behind.
 */
function createStaging(outdir) {
  const { parent, prefix } = siblings(outdir);
  refuseReadOnly(outdir);
  try {
    fs.mkdirSync(parent, { recursive: true });
    for (;;) {
      const name = `${prefix}synth-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
      // Listed before it exists: a synth killed at any point leaves nothing unlisted.
      underWay(parent, (names) => [...removeAbandoned(parent, names), name]);
      try {
        // The usual permissions of a new folder (umask applied), as the output folder has.
        fs.mkdirSync(path.join(parent, name), { mode: 0o777 });
        return path.join(parent, name);
      } catch (error) {
        if (error.code !== "EEXIST") throw error;
      }
    }
  } catch (error) {
    throw new SynthOutputError(
      `${explain(error, `cannot create the synth output next to ${outdir}`)}. Make ${parent} writable or set CDKTF_OUTDIR to a writable folder. ` +
        `Nothing was written${fs.existsSync(path.join(outdir, "manifest.json")) ? `; ${outdir} still holds the output of an EARLIER synth, not of this source` : ""}.`,
    );
  }
}

/**
 * A read-only output folder (or stack folder in it) is refused rather than replaced behind its
 * owner's back; its content, the output of an earlier synth, is moved aside (renaming it needs
 * only its parent to be writable) so that nothing reads it as the output of this source.
 */
function refuseReadOnly(outdir) {
  const readOnly = [outdir, path.join(outdir, "stacks")]
    .concat(fs.existsSync(path.join(outdir, "stacks")) ? listDirs(path.join(outdir, "stacks")) : [])
    .find((dir) => fs.existsSync(dir) && !isWritable(dir));
  if (!readOnly) return;
  let where;
  try {
    let aside = `${outdir}.stale`;
    for (let i = 2; fs.existsSync(aside); i++) aside = `${outdir}.stale-${i}`;
    fs.renameSync(outdir, aside);
    where = `The previous output was moved to ${aside}, so that it cannot pass for the output of this source.`;
  } catch {
    where = `${outdir} still holds the output of an EARLIER synth, not of this source.`;
  }
  throw new SynthOutputError(
    `cannot write the synth output: ${readOnly} is read-only. Make it writable (chmod -R u+w ${outdir}) or set CDKTF_OUTDIR to another folder. Nothing was written. ${where}`,
  );
}

function listDirs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name));
}

function isWritable(dir) {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Replaces `outdir` with `staging` (which the app has written), keeping Terraform's files. */
function publish(staging, outdir) {
  const { parent, prefix } = siblings(outdir);
  let old;
  withLock(outdir, () => {
    old = fs.existsSync(outdir) ? path.join(parent, `${prefix}old-${process.pid}-${Date.now().toString(36)}`) : undefined;
    if (old) {
      try {
        // Listed before it exists, as the fresh folder.
        underWay(parent, (names) => [...names, path.basename(old)]);
        fs.renameSync(outdir, old);
      } catch (error) {
        discardQuietly(staging);
        throw new SynthOutputError(`${explain(error, `cannot replace ${outdir}`)}. Nothing new was written. ${removeWritten(outdir)}`.trim());
      }
      const moved = [];
      try {
        carryTerraformFiles(old, staging, moved);
      } catch {
        try {
          makeWritable(old);
          carryTerraformFiles(old, staging, moved);
        } catch (error) {
          // Terraform's files (local state among them) go back where they were before anything is dropped.
          for (const [from, to] of moved.reverse()) fs.renameSync(to, from);
          fs.renameSync(old, outdir);
          discardQuietly(staging);
          throw new SynthOutputError(`${explain(error, `cannot move Terraform's working files out of ${outdir}`)}. Nothing new was written. ${removeWritten(outdir)}`.trim());
        }
      }
    }
    try {
      fs.renameSync(staging, outdir);
    } catch (error) {
      if (old) fs.renameSync(old, outdir);
      discardQuietly(staging);
      throw new SynthOutputError(`${explain(error, `cannot move the new output into ${outdir}`)}. Nothing new was written. ${removeWritten(outdir)}`.trim());
    }
    if (old) discardQuietly(old);
  });
  finished(parent, [staging, ...(old ? [old] : [])]);
}

/** After a failed synth: drops the new folder and the files the previous synth wrote in `outdir`. */
function discard(staging, outdir) {
  discardQuietly(staging);
  finished(path.dirname(staging), [staging]);
  let note = "";
  try {
    withLock(outdir, () => (note = removeWritten(outdir)));
  } catch (error) {
    note = error.message;
  }
  return note;
}

/** Removes manifest.json and each stack's cdk.tf.json, metadata.json, packages and assets; returns a note when it cannot. */
function removeWritten(outdir) {
  const failed = [];
  const remove = (p) => {
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      failed.push(p);
    }
  };
  remove(path.join(outdir, "manifest.json"));
  const stacks = path.join(outdir, "stacks");
  if (fs.existsSync(stacks) && fs.statSync(stacks).isDirectory()) {
    for (const stack of fs.readdirSync(stacks)) for (const written of WRITTEN_IN_STACK) remove(path.join(stacks, stack, written));
  }
  if (failed.length === 0) return "";
  return `The previous output could not be removed (${failed.map((f) => path.relative(outdir, f)).join(", ")} in ${outdir}): it is the output of an EARLIER synth, not of this source.`;
}

/** Moves what Terraform keeps in the old output (per stack: .terraform/, lock files, local state) into the new one. */
function carryTerraformFiles(from, to, moved) {
  const move = (source, target) => {
    fs.renameSync(source, target);
    moved.push([source, target]);
  };
  for (const entry of fs.readdirSync(from)) {
    if (entry === "stacks") continue;
    if (!WRITTEN_TOP.has(entry) && !fs.existsSync(path.join(to, entry))) move(path.join(from, entry), path.join(to, entry));
  }
  const stacks = path.join(from, "stacks");
  if (!fs.existsSync(stacks) || !fs.statSync(stacks).isDirectory()) return;
  for (const stack of fs.readdirSync(stacks)) {
    const source = path.join(stacks, stack);
    if (!fs.statSync(source).isDirectory()) continue;
    // A stack that is gone keeps an empty folder: the cdktf CLI lists the stack folders before the
    // app runs and removes those of stacks no longer in the manifest (it fails on a missing one).
    fs.mkdirSync(path.join(to, "stacks", stack), { recursive: true });
    for (const entry of fs.readdirSync(source)) {
      if (WRITTEN_IN_STACK.has(entry)) continue;
      const target = path.join(to, "stacks", stack, entry);
      if (fs.existsSync(target)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      move(path.join(source, entry), target);
    }
  }
}

/** Runs `fn` holding `.<outdir>.lock` (created exclusively; taken over when its holder has died). */
function withLock(outdir, fn) {
  const { parent, prefix } = siblings(outdir);
  return withLockFile(path.join(parent, `${prefix}lock`), outdir, fn);
}

/**
 * Runs `fn` holding the lock file `lock` (a lock on `what`, for messages). A lock that cannot be
 * created is a SynthOutputError, or with `raw` the file system's error, for the caller to explain.
 */
function withLockFile(lock, what, fn, raw = false) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST" && raw) throw error;
      if (error.code !== "EEXIST") throw new SynthOutputError(`${explain(error, `cannot lock ${what} (${lock})`)}. Nothing new was written.`);
      const holder = Number(readQuietly(lock));
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SynthOutputError(`${what} is locked by process ${holder} (${lock}) for more than ${LOCK_WAIT_MS / 1000} s; remove the lock if that process is gone.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The list of the folders of synths under way in a parent folder (names, one a line), and its lock. */
const UNDER_WAY = ".cdktf-synths";
/** A fresh or old folder of a synth: `.<output folder>.synth-<pid>-...` or `.<output folder>.old-<pid>-...`. */
const SYNTH_FOLDER = /^\..+\.(synth|old)-(\d+)-/;

/**
 * Updates the list of the folders of synths under way in `parent`: `update` gets the names listed
 * and returns those to list. With no list yet, the parent's synth folders are listed first.
 */
function underWay(parent, update) {
  const list = path.join(parent, UNDER_WAY);
  // File system errors as they are: the caller says what they stopped.
  withLockFile(`${list}.lock`, `the list of synths under way in ${parent}`, () => {
    let names;
    try {
      names = fs.readFileSync(list, "utf8").split("\n").filter(Boolean);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
      names = fs.readdirSync(parent).filter((entry) => SYNTH_FOLDER.test(entry));
    }
    const temporary = `${list}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, update(names).map((n) => `${n}\n`).join(""));
    fs.renameSync(temporary, list);
  }, true);
}

/** Takes the folders of this synth (absolute paths) off the list: they have been renamed or removed. */
function finished(parent, folders) {
  const done = new Set(folders.map((f) => path.basename(f)));
  try {
    underWay(parent, (names) => names.filter((n) => !done.has(n)));
  } catch {
    // Left on the list: the next synth finds them gone and drops them.
  }
}

/**
 * The names still under way among `names`: the folders of synths that were killed before they could
 * clean up are removed (their process is gone), and names of folders that no longer exist dropped.
 */
function removeAbandoned(parent, names) {
  return names.filter((name) => {
    const match = SYNTH_FOLDER.exec(name);
    const folder = path.join(parent, name);
    if (!match || !fs.existsSync(folder)) return false;
    if (Number(match[2]) === process.pid || isAlive(Number(match[2]))) return true;
    discardQuietly(folder);
    return fs.existsSync(folder);
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function readQuietly(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Removes a folder this synth made (or the old output it replaced), making read-only folders in it writable first. */
function discardQuietly(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    try {
      makeWritable(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Left for removeAbandoned at the next synth.
    }
  }
}

function makeWritable(dir) {
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) return;
  fs.chmodSync(dir, stat.mode | 0o700);
  for (const entry of fs.readdirSync(dir)) makeWritable(path.join(dir, entry));
}

/** Removes the fresh folder alone (an app that wrote elsewhere, with its own outdir). */
function drop(staging) {
  discardQuietly(staging);
}

module.exports = { createStaging, publish, discard, drop, SynthOutputError, UNDER_WAY };
