import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthApp } from "./app-output";

/**
 * Once per test run, before any suite:
 * - gives the run its own temp folder (TMPDIR, which os.tmpdir() reads), inherited by the workers and
 *   every process a suite starts, and removed whole by globalTeardown: cdktf's Testing.app() and
 *   Testing.fullSynth() make a `cdktf.outdir.*` folder per call and never remove it (about 1,600 per
 *   run), and neither does every tool a suite runs. A folder of its own also keeps the run from
 *   working in a machine temp folder of tens of thousands of entries, where making and removing each
 *   folder is slow. The folder is in memory (/dev/shm, a tmpfs) when the machine has one and the
 *   caller set no TMPDIR: a run makes and removes thousands of folders and files (apps, project
 *   copies, zips, Terraform's working copies), and on a disk each removal waits on the file system
 *   (here ext4 mounted with `discard`).
 *   A run that ended without its teardown (killed) leaves its folder: the next run removes the
 *   folders whose run is no longer alive;
 * - synthesizes the project's app with the command in cdktf.json, for every suite that reads the
 *   shipped stacks' output (appOutdir: packages, IAM audit, findings, Terraform plans);
 * - makes the folder where the run's one plan batch leaves its results for every worker
 *   (plannedStack and plannedChange in ./terraform/harness.ts).
 * Workers inherit these paths through the environment.
 */
export default function globalSetup(): void {
  const base = runFolderBase();
  removeDeadRuns(base);
  const run = mkdtempSync(join(base, RUN_PREFIX));
  writeFileSync(join(run, OWNER), String(process.pid));
  process.env.CDKTF_SERVERLESS_TEST_TMPDIR = run;
  process.env.TMPDIR = join(run, "tmp");
  // As the machine's /tmp: suites that run a command as another user (a read-only output folder)
  // make their folders here too.
  chmodSync(run, 0o755);
  mkdirSync(process.env.TMPDIR, { mode: 0o1777 });
  chmodSync(process.env.TMPDIR, 0o1777);
  process.env.CDKTF_SERVERLESS_APP_OUTDIR = synthApp(join(__dirname, ".."));
  process.env.CDKTF_SERVERLESS_PLAN_DIR = mkdtempSync(join(tmpdir(), "cdktf-serverless-plans-"));
}

const RUN_PREFIX = "cdktf-serverless-test-";
/** In a run's folder: the pid of the jest process that made it. */
const OWNER = "owner.pid";
const MEMORY_TMP = "/dev/shm";

/** Where the run's folder goes: the caller's TMPDIR when set, else memory when writable, else the OS temp folder. */
function runFolderBase(): string {
  if (process.env.TMPDIR) return tmpdir();
  try {
    accessSync(MEMORY_TMP, constants.W_OK | constants.X_OK);
    if (statSync(MEMORY_TMP).isDirectory()) return MEMORY_TMP;
  } catch {
    // No memory-backed temp folder here.
  }
  return tmpdir();
}

/** Removes the folders of earlier runs in `base` whose jest process is gone (killed before its teardown). */
function removeDeadRuns(base: string): void {
  for (const name of readdirSync(base)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const owner = join(base, name, OWNER);
    if (!existsSync(owner)) continue;
    const pid = Number(readFileSync(owner, "utf8"));
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(base, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
