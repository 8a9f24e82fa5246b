import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptySynthOutput, loadSynthOutput, type SynthOutput } from "./synth-output";

export interface SynthesizeRefOptions {
  /** Any directory inside the repository. @default process.cwd() */
  readonly cwd?: string;
  /** Copy the synth output there (e.g. for a second run, or an artifact). @default not kept */
  readonly keepOutdir?: string;
  /** Where the app's own output goes (it prints to stdout otherwise, which carries the report). @default stderr */
  readonly log?: (chunk: string) => void;
}

/**
 * Synthesizes a git ref: a detached `git worktree` of it in a temp folder, the repository's
 * `node_modules` linked into it, then the `app` command of the ref's own `cdktf.json`, run the way
 * `cdktf synth` runs it (in the worktree, `CDKTF_OUTDIR` set to a temp outdir). The worktree is
 * removed afterwards, whatever happens. A ref without `cdktf.json` compares as an empty output.
 */
export function synthesizeRef(ref: string, options: SynthesizeRefOptions = {}): SynthOutput {
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? ((chunk: string) => process.stderr.write(chunk));
  const root = git(cwd, ["rev-parse", "--show-toplevel"]).trim();
  let commit: string;
  try {
    commit = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new Error(`${ref}: not a commit in ${root} (in CI, check out with fetch-depth: 0 so the base branch is there)`);
  }
  const label = `${ref} (${commit.slice(0, 12)})`;

  const temp = mkdtempSync(join(tmpdir(), "cdktf-review-"));
  const worktree = join(temp, "worktree");
  const outdir = join(temp, "cdktf.out");
  const modulesLink = join(worktree, "node_modules");
  let linked = false;
  git(root, ["worktree", "add", "--detach", "--quiet", worktree, commit]);
  try {
    const configFile = join(worktree, "cdktf.json");
    if (!existsSync(configFile)) {
      log(`review: ${ref} has no cdktf.json; comparing against an empty base\n`);
      return emptySynthOutput(`${label}, no cdktf.json`);
    }
    const app = (JSON.parse(readFileSync(configFile, "utf8")) as { app?: unknown }).app;
    if (typeof app !== "string" || app.trim() === "") throw new Error(`${ref}: cdktf.json has no "app" command`);
    if (existsSync(join(root, "node_modules")) && !existsSync(modulesLink)) {
      symlinkSync(join(root, "node_modules"), modulesLink, "dir");
      linked = true;
    }

    log(`review: synthesizing ${label}: ${app}\n`);
    const result = spawnSync(app, {
      cwd: worktree,
      shell: true,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.stdout) log(result.stdout);
    if (result.stderr) log(result.stderr);
    if (result.error) throw new Error(`${ref}: could not run "${app}": ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${ref}: "${app}" exited with ${result.status ?? result.signal}; see its output above`);

    const output = loadSynthOutput(outdir, label);
    if (options.keepOutdir) {
      rmSync(options.keepOutdir, { recursive: true, force: true });
      cpSync(outdir, options.keepOutdir, { recursive: true });
    }
    return output;
  } finally {
    if (linked) unlinkSync(modulesLink); // never let a recursive removal follow it into the real node_modules
    try {
      git(root, ["worktree", "remove", "--force", worktree]);
    } catch {
      rmSync(worktree, { recursive: true, force: true });
      git(root, ["worktree", "prune"]);
    }
    rmSync(temp, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}
