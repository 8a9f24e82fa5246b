import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runReview, runScript } from "./review-fixtures";

/**
 * `--base-ref` for real, in a throw-away git repository whose cdktf.json "app" is a small script
 * (the project's own app is exercised by `npm run synth`): the ref is synthesized in a temporary
 * worktree with CDKTF_OUTDIR set, compared with head, and the worktree removed.
 */
let repo: string;

// Writes a one-stack synth output whose function has the memory and statements of settings.json.
const SYNTH_JS = `
const fs = require("node:fs");
const path = require("node:path");
const settings = JSON.parse(fs.readFileSync(path.join(__dirname, "settings.json"), "utf8"));
const out = process.env.CDKTF_OUTDIR || "cdktf.out";
const meta = (p) => ({ metadata: { path: "svc/" + p, uniqueId: p.replace(/\\//g, "_") } });
const stack = {
  resource: {
    aws_iam_role: { Role: { "//": meta("Fn/Role"), name: "fn-role", assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] }) } },
    aws_iam_role_policy: { Policy: { "//": meta("Fn/Policy"), name: "execution", role: "\${aws_iam_role.Role.id}", policy: JSON.stringify({ Statement: settings.statements }) } },
    aws_lambda_function: { Fn: { "//": meta("Fn/Function"), function_name: "fn", role: "\${aws_iam_role.Role.arn}", memory_size: settings.memory } },
  },
};
fs.mkdirSync(path.join(out, "stacks", "svc"), { recursive: true });
fs.writeFileSync(path.join(out, "stacks", "svc", "cdk.tf.json"), JSON.stringify(stack, null, 2));
fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks: { svc: { name: "svc", synthesizedStackPath: "stacks/svc/cdk.tf.json", annotations: [] } } }));
`;

const LOGS = { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/fn:*"] };
const SQS = { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111111111111:jobs"] };

function git(...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Review Test", "-c", "user.email=review@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });
}

function commit(memory: number, statements: unknown[], message: string): void {
  writeFileSync(join(repo, "settings.json"), JSON.stringify({ memory, statements }));
  git("add", "-A");
  git("commit", "-q", "-m", message);
}

beforeAll(() => {
  repo = realpathSync(mkdtempSync(join(tmpdir(), "review-repo-")));
  git("init", "-q", "-b", "main");
  writeFileSync(join(repo, "README.md"), "no app yet\n");
  git("add", "-A");
  git("commit", "-q", "-m", "before cdktf");
  writeFileSync(join(repo, "synth.js"), SYNTH_JS);
  writeFileSync(join(repo, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node synth.js" }));
  writeFileSync(join(repo, ".gitignore"), "cdktf.out/\n");
  commit(256, [LOGS], "first synth");
  commit(512, [LOGS, SQS], "more memory, queue access");
  // Head is synthesized into the repo's own cdktf.out, whatever the caller's environment says.
  const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
  execFileSync(process.execPath, ["synth.js"], { cwd: repo, env });
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe("review --base-ref", () => {
  it("synthesizes the ref in a temporary worktree and reviews head against it", () => {
    const kept = join(repo, "base.out");
    // The script itself, as npm runs it in the repository; the other cases call what it calls in this
    // process (runReview, in the repository's folder).
    const result = runScript("review", ["--base-ref", "HEAD~1", "--keep-base", kept, "--fail-on", "broadening"], repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Base `HEAD~1 \([0-9a-f]{12}\)` → head `cdktf\.out`/);
    expect(result.stdout).toContain("`sqs:SendMessage`");
    expect(result.stdout).toContain("| `memory_size` | `256` | `512` |   |");
    expect(result.stderr).toContain("review: synthesizing HEAD~1");
    expect(result.stderr).toContain("--fail-on broadening: 1 found");
    // The base output was kept; the worktree is gone.
    expect(existsSync(join(kept, "stacks", "svc", "cdk.tf.json"))).toBe(true);
    expect(git("worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    rmSync(kept, { recursive: true, force: true });
  });

  it("compares the same commit as unchanged", () => {
    const result = runReview(["--base-ref", "HEAD", "--fail-on", "broadening,replacement"], { cwd: repo });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("No stack changed.");
  });

  it("treats a ref without cdktf.json as an empty base", () => {
    const result = runReview(["--base-ref", "HEAD~2"], { cwd: repo });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("has no cdktf.json");
    expect(result.stdout).toContain("| `svc` | added | 3 | 0 | 0 | 0 | 0 |");
  });

  it("fails clearly on an unknown ref or a failing app, and cleans up", () => {
    const unknown = runReview(["--base-ref", "no-such-branch"], { cwd: repo });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no-such-branch: not a commit");

    writeFileSync(join(repo, "cdktf.json"), JSON.stringify({ app: "node -e 'process.exit(3)'" }));
    git("add", "-A");
    git("commit", "-q", "-m", "broken app");
    const broken = runReview(["--base-ref", "HEAD"], { cwd: repo });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("exited with 3");
    expect(git("worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  });
});
