import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

import { appOutdir } from "../app-output";
import { nodeRequireAt, runAppInProcess } from "../in-process";
import { projectCopy } from "./project-copy";

const ROOT = join(__dirname, "..", "..");
const RUNNER = join(ROOT, "scripts", "run-app.js");
const FIXTURE = join(ROOT, "__tests__", "fixtures", "run-app");
const BAD_APP = join(ROOT, "__tests__", "fixtures", "bad-app", "main.ts");
/** A stack trace line, which a clear error must not print. */
const STACK_FRAME = /^\s+at .+[:(]/m;

describe("scripts/run-app.js (cdktf.json's app runner)", () => {
  const made: string[] = [];
  const tempDir = (prefix = "run-app-") => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const outdir = join(tempDir(), "out");

  const run = (entry: string, env: Record<string, string> = {}, out = outdir) =>
    execFileSync(process.execPath, [RUNNER, entry], {
      cwd: FIXTURE,
      env: { ...process.env, CDKTF_OUTDIR: out, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const runStatus = (entry: string, out: string, env: Record<string, string> = {}, options: SpawnSyncOptions = {}) =>
    spawnSync(process.execPath, [RUNNER, entry], { cwd: FIXTURE, env: { ...process.env, CDKTF_OUTDIR: out, ...env }, encoding: "utf8", ...options });
  // The same runs in this process (runApp, what the command calls: __tests__/in-process.ts), for the
  // cases about what the runner does rather than about its process; each case that is about the
  // process (a Node flag read at start, concurrent runs, another user, an unexpected error's stack)
  // spawns it.
  const runHere = (entry: string, out: string, env: Record<string, string> = {}) => runAppInProcess(entry, out, { env, cwd: FIXTURE });
  /** The fixture with its ARCHIVE asset, synthesized by the runner in a process of its own, once for the cases that read it. */
  let synthesized: string | undefined;
  const WITH_ASSET = { RUN_APP_ASSET: "archive" };
  const fixtureOutdir = () => {
    if (!synthesized) {
      run(join(FIXTURE, "main.ts"), WITH_ASSET);
      synthesized = outdir;
    }
    return synthesized;
  };
  /** What synths left next to an output folder besides it (staging and old folders, the lock). */
  const leftovers = (out: string) => readdirSync(dirname(out)).filter((e) => e.startsWith(`.${basename(out)}.`));

  it("runs a TypeScript app whose modules each see their own __dirname, and cdktf's ARCHIVE assets still work", () => {
    fixtureOutdir();
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "fixture", "cdk.tf.json"), "utf8"));
    expect(tf.output.main_dir.value).toBe(FIXTURE);
    expect(tf.output.lib_dir.value).toBe(join(FIXTURE, "lib"));
    // archiver is loaded on first use only; the asset must still be zipped.
    expect(existsSync(join(outdir, "stacks", "fixture", tf.output.asset.value))).toBe(true);
    expect(leftovers(outdir)).toEqual([]);
  });

  it("writes the same output whether cdktf runs as it is (CDKTF_APP_DEBUG: token creation traces, its own resolution) or with the runner's cuts", () => {
    const debugOut = join(tempDir(), "out");
    run(join(FIXTURE, "main.ts"), { CDKTF_APP_DEBUG: "1", ...WITH_ASSET }, debugOut);
    const read = (dir: string, stack = "fixture") => readFileSync(join(dir, "stacks", stack, "cdk.tf.json"), "utf8");
    expect(read(debugOut)).toBe(read(fixtureOutdir()));
    // Two stacks joined by a cross-stack reference: what resolving it adds (an output, a remote-state read) is there both ways.
    const crossStack = join(ROOT, "__tests__", "fixtures", "cross-stack", "main.ts");
    const [plain, debug] = [join(tempDir(), "out"), join(tempDir(), "out")];
    run(crossStack, {}, plain);
    run(crossStack, { CDKTF_APP_DEBUG: "1" }, debug);
    expect(read(plain, "consumer")).toContain("terraform_remote_state");
    for (const stack of ["producer", "consumer"]) expect(read(plain, stack)).toBe(read(debug, stack));
  });

  it("the project's app: every file the same whether cdktf runs as it is (CDKTF_APP_DEBUG) or with the runner's cuts", () => {
    const debugOut = join(tempDir(), "out");
    execFileSync(process.execPath, [RUNNER, "main.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: debugOut, CDKTF_APP_DEBUG: "1" }, stdio: "ignore" });
    const files = (dir: string): Record<string, string> => {
      const out: Record<string, string> = {};
      const walk = (rel: string) => {
        for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(rel, e.name));
          else out[join(rel, e.name)] = readFileSync(join(dir, rel, e.name)).toString("base64");
        }
      };
      walk("");
      return out;
    };
    const expected = files(debugOut);
    expect(Object.keys(expected).filter((f) => f.endsWith("cdk.tf.json")).length).toBeGreaterThanOrEqual(10);
    expect(files(appOutdir())).toEqual(expected);
  });

  it("cdktf's check of the Terraform version for moved resources still works (semver, loaded on first use)", () => {
    const bin = tempDir("run-app-terraform-");
    const terraform = (version: string) => {
      writeFileSync(join(bin, "terraform"), `#!/bin/sh\necho "Terraform v${version}"\n`);
      chmodSync(join(bin, "terraform"), 0o755);
    };
    const env = { RUN_APP_CASE: "moved", PATH: `${bin}:${process.env.PATH}` };
    terraform("1.6.0");
    const ok = runStatus(join(FIXTURE, "main.ts"), join(tempDir(), "out"), env);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    terraform("1.4.0");
    const old = runStatus(join(FIXTURE, "main.ts"), join(tempDir(), "out"), env);
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain("terraform version 1.4.0 is lower than the required version >=1.5");
  });

  // A process of its own: esbuild prints its errors itself, on the stderr of the process.
  it("exits non-zero with the error when the app throws", () => {
    expect(() => run(join(ROOT, "__tests__", "fixtures", "run-app", "lib", "missing.ts"))).toThrow();
  });

  it("refuses an app with a stack that applies no rule pack, naming the stack, without a stack trace and with nothing written", () => {
    const out = join(tempDir(), "out");
    const r = runStatus(join(FIXTURE, "main.ts"), out, { RUN_APP_CASE: "no-pack" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Every stack must apply a rule pack (applyRulePack(stack, { environment }) from modules/core/rule-pack); these stacks have none: unchecked.");
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it("a rule-pack finding fails with its rule, says nothing was written, and does not advise skipValidation (which the pack refuses)", async () => {
    const out = join(tempDir(), "out");
    const r = await runHere(join(FIXTURE, "main.ts"), out, { RUN_APP_CASE: "finding" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("[sns-encryption]");
    expect(r.stderr).toContain("Nothing was written.");
    expect(r.stderr).not.toContain("skipValidation");
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
  });

  it("judges the final configuration: a stack-level override and a validation below the stack that widen policies fail the stack, nothing written", async () => {
    const out = join(tempDir(), "out");
    const r = await runHere(join(FIXTURE, "main.ts"), out, { RUN_APP_CASE: "late" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\[late\] \[iam-no-admin-access\] .* at late\/Overridden \(aws_iam_role_policy.Overridden\)/);
    expect(r.stderr).toMatch(/\[late\] \[iam-no-admin-access\] .* at late\/Validated \(aws_iam_role_policy.Validated\)/);
    expect(r.stderr).toContain("Nothing was written.");
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
  });

  it("leaves the process's cdktf as it was after a run, passed or failed: its own App.synth and resolve, for whatever runs next in the process", async () => {
    // The cdktf the fixture's app uses, as Node loads it (in a jest worker, the suites' own too).
    const requireAtApp = nodeRequireAt(join(FIXTURE, "main.ts"));
    const cdktf = requireAtApp("cdktf") as { App: { prototype: { synth: unknown } } };
    const tokens = requireAtApp("cdktf/lib/_tokens") as { resolve: unknown };
    const own = { synth: cdktf.App.prototype.synth, resolve: tokens.resolve };
    expect((await runHere(join(FIXTURE, "main.ts"), join(tempDir(), "out"))).status).toBe(0);
    expect(cdktf.App.prototype.synth).toBe(own.synth);
    expect(tokens.resolve).toBe(own.resolve);
    expect((await runHere(join(FIXTURE, "main.ts"), join(tempDir(), "out"), { RUN_APP_CASE: "late" })).status).toBe(1);
    expect(cdktf.App.prototype.synth).toBe(own.synth);
    expect(tokens.resolve).toBe(own.resolve);
  });

  it("npm run synth (scripts/synth.js, cdktf.json's app) judges the final configuration the same way", () => {
    const project = tempDir();
    writeFileSync(join(project, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node ${RUNNER} ${join(FIXTURE, "main.ts")}` }));
    const r = spawnSync(process.execPath, [join(__dirname, "..", "..", "scripts", "synth.js")], { cwd: project, env: { ...process.env, RUN_APP_CASE: "late" }, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("[iam-no-admin-access]");
    expect(r.stderr).toMatch(/synth failed .*nothing new is in cdktf.out\/manifest.json/);
    expect(existsSync(join(project, "cdktf.out", "manifest.json"))).toBe(false);
  });

  it("replaces the output folder whole: files of an earlier app go, Terraform's working files stay", async () => {
    const out = join(tempDir(), "out");
    expect((await runHere(BAD_APP, out, { BAD_CASE: "none" })).status).toBe(0); // stacks good and bad
    mkdirSync(join(out, "stacks", "good", ".terraform", "providers"), { recursive: true });
    writeFileSync(join(out, "stacks", "good", "terraform.good.tfstate"), "{}");
    writeFileSync(join(out, "stacks", "good", ".terraform.lock.hcl"), "# lock");
    expect((await runHere(join(FIXTURE, "main.ts"), out)).status).toBe(0); // stack fixture only

    expect(Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks)).toEqual(["fixture"]);
    expect(existsSync(join(out, "stacks", "fixture", "cdk.tf.json"))).toBe(true);
    // A gone stack keeps an empty folder, which the cdktf CLI and npm run synth remove (the CLI fails
    // when a folder it listed before the app ran has vanished).
    expect(readdirSync(join(out, "stacks", "bad"))).toEqual([]);
    expect(readdirSync(join(out, "stacks", "good")).sort()).toEqual([".terraform", ".terraform.lock.hcl", "terraform.good.tfstate"]);
    expect(leftovers(out)).toEqual([]);
  });

  it("two synths of different apps into one folder never mix: the folder holds one app's output, whole", async () => {
    const out = join(tempDir(), "out");
    const start = (entry: string, env: Record<string, string>) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [RUNNER, entry], { cwd: FIXTURE, env: { ...process.env, CDKTF_OUTDIR: out, ...env }, stdio: "ignore" });
        child.on("exit", resolve);
      });
    for (let round = 0; round < 3; round++) {
      const statuses = await Promise.all([start(join(FIXTURE, "main.ts"), {}), start(BAD_APP, { BAD_CASE: "none" })]);
      expect(statuses).toEqual([0, 0]);
      const listed = Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks).sort();
      const written = readdirSync(join(out, "stacks")).filter((s) => existsSync(join(out, "stacks", s, "cdk.tf.json"))).sort();
      expect([["bad", "good"], ["fixture"]]).toContainEqual(listed);
      expect(written).toEqual(listed);
      expect(leftovers(out)).toEqual([]);
    }
  }, 60_000);

  // Root ignores file modes: the runner then runs as nobody, for whom they hold. That needs a checkout
  // nobody may read (a clone under a private folder, such as /root/..., is not): elsewhere the two
  // cases cannot be played as root, and are skipped with a note rather than failing on the checkout.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const runnerReadable =
    process.getuid?.() !== 0 || spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(join(__dirname, "..", "..", "scripts", "run-app.js"))})`], asUser).status === 0;
  if (!runnerReadable) process.stderr.write("run-app read-only cases SKIPPED: running as root in a checkout the user nobody cannot read\n");
  (runnerReadable ? describe : describe.skip)("an output folder it may not write", () => {
    const owned = (dir: string) => {
      if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
      return dir;
    };
    /** An output folder of an earlier synth (in this process), handed to the user the runner runs as. */
    const synthedOnce = async () => {
      const parent = owned(tempDir());
      const out = join(parent, "out");
      const first = await runHere(join(FIXTURE, "main.ts"), out);
      expect(first.stderr).toBe("");
      expect(first.status).toBe(0);
      const ownTree = (path: string) => {
        owned(path);
        for (const e of readdirSync(path, { withFileTypes: true })) {
          if (e.isDirectory()) ownTree(join(path, e.name));
          else owned(join(path, e.name));
        }
      };
      ownTree(out);
      return { parent, out };
    };
    const chmodTree = (dir: string, mode: number) => {
      chmodSync(dir, mode);
      for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) chmodTree(join(dir, e.name), mode);
    };

    it("read-only: a clear error without a stack trace; the old output is moved aside, not left looking current", async () => {
      const { out } = await synthedOnce();
      chmodTree(out, 0o555);
      const r = runStatus(join(FIXTURE, "main.ts"), out, {}, asUser);
      chmodTree(`${out}.stale`, 0o755);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`cannot write the synth output: ${out} is read-only. Make it writable (chmod -R u+w ${out}) or set CDKTF_OUTDIR to another folder. Nothing was written.`);
      expect(r.stderr).toContain(`The previous output was moved to ${out}.stale, so that it cannot pass for the output of this source.`);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(`${out}.stale`, "manifest.json"))).toBe(true);
    });

    it("a folder whose parent is read-only: a clear error saying the output there is an earlier synth's", async () => {
      const { parent, out } = await synthedOnce();
      chmodSync(parent, 0o555);
      const r = runStatus(join(FIXTURE, "main.ts"), out, {}, asUser);
      chmodSync(parent, 0o755);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`cannot create the synth output next to ${out}: permission denied \\(EACCES\\)`));
      expect(r.stderr).toContain(`${out} still holds the output of an EARLIER synth, not of this source.`);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    });
  });

  it("an unchanged app runs from the cached bundle (no esbuild process) with the same output, and loads only the provider modules it uses", async () => {
    const observer = join(tempDir("run-app-observer-"), "observer.cjs");
    // Reports, on stderr, each process the app starts and, at exit, the provider modules it loaded.
    writeFileSync(
      observer,
      [
        'const cp = require("node:child_process");',
        "const spawn = cp.spawn;",
        'cp.spawn = function (command, ...rest) { process.stderr.write(`spawned: ${command}\\n`); return spawn.call(this, command, ...rest); };',
        'process.on("exit", () => { for (const id of Object.keys(require.cache)) if (id.includes("@cdktf/provider-aws")) process.stderr.write(`loaded: ${id}\\n`); });',
      ].join("\n"),
    );
    const warm = join(tempDir(), "out");
    const cold = join(tempDir(), "out");
    // A first run caches the bundle.
    expect((await runHere(join(FIXTURE, "main.ts"), warm)).status).toBe(0);
    const r = spawnSync(process.execPath, ["--require", observer, RUNNER, join(FIXTURE, "main.ts")], {
      cwd: FIXTURE,
      env: { ...process.env, CDKTF_OUTDIR: warm },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/spawned: .*esbuild/);
    // The fixture's main.ts imports four classes of @cdktf/provider-aws and uses them only in other
    // RUN_APP_CASEs (the rule-pack finding test above shows SnsTopic and AwsProvider then work).
    expect(r.stderr.split("\n").filter((l) => l.startsWith("loaded: "))).toEqual([]);
    expect((await runHere(join(FIXTURE, "main.ts"), cold, { CDKTF_SERVERLESS_BUILD_CACHE_OFF: "1" })).status).toBe(0);
    const read = (dir: string) => readFileSync(join(dir, "stacks", "fixture", "cdk.tf.json"), "utf8");
    expect(read(warm)).toBe(read(cold));
  });
});

describe("errors: a clear one as its message alone, any other with its stack in the TypeScript sources", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const { CDKTF_OUTDIR: _ignored, ...env } = process.env;

  it("an unexpected error keeps its stack, with the positions of the .ts files, not of the bundle (bundle built or read from the cache)", () => {
    const out = mkdtempSync(join(tmpdir(), "run-app-bug-"));
    dirs.push(out);
    // The second run reads the bundle, and its source map, from the cache.
    for (const _ of [1, 2]) {
      const r = spawnSync(process.execPath, [RUNNER, join(FIXTURE, "main.ts")], { cwd: FIXTURE, env: { ...env, CDKTF_OUTDIR: join(out, "out"), RUN_APP_CASE: "bug" }, encoding: "utf8" });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'count'\)\n/);
      expect(r.stderr).toContain(`at retriesOf (${join(FIXTURE, "lib", "explode.ts")}:7:`);
      expect(r.stderr).toMatch(new RegExp(`at .*${join(FIXTURE, "main.ts").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+`));
      expect(r.stderr).not.toContain("main.bundle.js");
    }
  });

  it("an environment file copied without renaming its export: one clear error, no stack trace, for npm run synth, npx cdktf synth and npm run deploy-order", () => {
    const dir = projectCopy("clear-errors-");
    dirs.push(dir);
    writeFileSync(join(dir, "config", "qa.ts"), readFileSync(join(dir, "config", "dev.ts"), "utf8"));
    const expected = 'config/qa.ts: must export the environment\'s settings as `export const qa: EnvironmentFile = { environment: "qa", ... }`; exports found: ["dev"]';
    const commands: [string, string, string[]][] = [
      ["npm run synth", process.execPath, [join(dir, "scripts", "synth.js")]],
      ["npx cdktf synth", join(ROOT, "node_modules", ".bin", existsSync(join(ROOT, "node_modules", ".bin", "cdktf")) ? "cdktf" : "cdktn"), ["synth"]],
      ["npm run deploy-order", process.execPath, ["--require", "tsx/cjs", join(dir, "scripts", "deploy-order.ts")]],
    ];
    const spawnedStdout = new Map<string, string>();
    for (const [name, command, args] of commands) {
      const r = spawnSync(command, args, { cwd: dir, env: { ...env, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
      spawnedStdout.set(name, r.stdout);
      const output = `${r.stdout}\n${r.stderr}`;
      expect({ name, status: r.status === 0 ? 0 : "failed", clear: output.includes(expected) }).toEqual({ name, status: "failed", clear: true });
      expect({ name, trace: output.match(STACK_FRAME)?.[0] ?? null }).toEqual({ name, trace: null });
      expect(output).not.toContain("bundle.js");
    }
    // The deploy workflow reads the order from stdout: a refusal writes nothing there.
    expect(spawnedStdout.get("npm run deploy-order")).toBe("");
  }, 120_000);
});

describe("the __dirname plugin's filter", () => {
  // run-app.js is plain CommonJS: required as it is.
  const { SOURCES_BUT_CATALOG } = require(RUNNER) as { SOURCES_BUT_CATALOG: RegExp };
  test.each([
    ["/p/main.ts", true],
    ["/p/stacks/aws-service-stack.ts", true],
    ["/p/modules/core/terraform/model.ts", true],
    ["/p/modules/core/rule-pack/rules/aws/x.ts", true],
    ["/p/core/a.tsx", true],
    ["/p/corex/catalog/a.ts", true],
    ["/p/catalog/a.ts", true],
    ["/p/modules/core/catalog.ts", true],
    ["C:\\p\\stacks\\s.mts", true],
    ["/p/modules/core/catalog/aws/aws-iam-role.ts", false],
    ["/p/modules/core/catalog/entries.ts", false],
    ["/p/core/core/catalog/a.ts", false],
    ["C:\\p\\modules\\core\\catalog\\gcp\\g.ts", false],
    ["/p/main.js", false],
  ])("%s: %s", (path, read) => {
    expect(SOURCES_BUT_CATALOG.test(path)).toBe(read);
  });
});

