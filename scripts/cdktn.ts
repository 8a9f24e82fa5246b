// `npm run test:cdktn`: proves the move to CDK Terrain (cdktf's community continuation) the way that
// works, without touching this checkout. In a temporary copy of the project it:
//   1. switches package.json to CDK Terrain 0.24: the npm alias "cdktf": "npm:cdktn@0.24.0" (so every
//      `import ... from "cdktf"`, ours and the prebuilt providers', loads the one CDK Terrain
//      runtime), constructs 10.6.0, "overrides" pointing every provider's cdktf at $cdktf, and the
//      cdktn CLI under the cdktf-cli alias (its command is `cdktn`, same arguments);
//   2. installs with npm on Node.js 22 (cdktn-cli needs >= 22.19; scripts/node22.sh provides it);
//   3. checks that one cdktf runtime is loaded (the providers resolve the same cdktn);
//   4. synthesizes there and here (cdktf 0.21) and compares: every cdk.tf.json byte-identical but
//      for the version string, manifest.json equal as JSON but for it; the same for every stack and
//      change that `npm test` plans besides the app's (the examples, the test stacks: what
//      __tests__/terraform/synth-planned.ts writes), so `npm test`'s Terraform plans hold for both;
//   5. runs `npm test` there (on Node 22) on what can depend on the runtime: the type check against
//      CDK Terrain's declarations and RUNTIME_SUITES below, without planning again (--all: the whole
//      suite, plans included).
// Needs the npm registry (the install). scripts/run-app.js already stubs CDK Terrain's
// captureCreationStack as it does cdktf's captureStackTrace. See docs/cdk-terrain.md.
//
//   npm run test:cdktn                 all five steps
//   npm run test:cdktn -- --all        step 5 runs the whole suite
//   npm run test:cdktn -- --no-suite   steps 1 to 4
//   npm run test:cdktn -- --keep       keep the copy (its path is printed)
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { projectFiles } from "./project-files";

const ROOT = resolve(__dirname, "..");

/**
 * The suites run again on CDK Terrain: those whose result can depend on the cdktf runtime rather
 * than on the Terraform JSON it writes. The app's JSON is compared byte for byte in step 4, so the
 * suites that only read it (the review of the app's output, the local runner on its zips, the
 * handlers' unit tests) would repeat that comparison; the construct suites run the same construct
 * code on the same runtime API, which the type check (tsc against CDK Terrain's declarations) and
 * these cover:
 */
export const RUNTIME_SUITES = [
  // the app runner's hooks into the runtime: no token stack traces, archiver deferred, the rule-pack
  // gate on App.synth, output swapped in whole
  "__tests__/scripts/run-app.test.ts",
  // `npm run synth` byte-identical to the runtime's own CLI (`cdktn synth`)
  "__tests__/scripts/synth.test.ts",
  // the same bytes from two checkouts, time zones and file times; the public API alone
  "__tests__/determinism.test.ts",
  "__tests__/public-api-determinism.test.ts",
  // refusals through the runtime's validation path, nothing written
  "__tests__/synth-failure.test.ts",
  "__tests__/guardrails-catalogue.test.ts",
  // Aspects and stack validations: the runtime's extension points the rule pack is built on
  "__tests__/modules/core/rule-pack/",
  // stacks: backends set by override, cross-stack references, several providers, account-global names
  "__tests__/stacks/",
  "__tests__/modules/gcp/cross-stack.test.ts",
  // moved blocks written through the runtime
  "__tests__/modules/core/renamed-from.test.ts",
  // the examples (not in the app) built, synthesized and judged by their rule packs on the runtime
  "__tests__/examples/",
] as const;

/**
 * Step 5 plans nothing with Terraform (suites' plan tests skip, saying this): a plan reads only the
 * synthesized Terraform JSON and the packages beside it, and step 4 found those byte-identical to
 * cdktf's (or the same JSON) for every stack `npm test` plans, the app's and those of
 * __tests__/terraform/planned-stacks.ts. Planning them again would plan the same input again.
 */
export const PLANS_SKIPPED =
  "test:cdktn step 4 found every planned stack's Terraform JSON the same as cdktf's, and npm test plans it (scripts/cdktn.ts)";

export const CDK_TERRAIN = { cdktn: "0.24.0", cdktnCli: "0.24.0", constructs: "10.6.0" } as const;

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

/** package.json switched to CDK Terrain: the alias, constructs, the providers' cdktf overridden, the cdktn CLI. */
export function switchToCdkTerrain(pkg: PackageJson): PackageJson {
  const providers = Object.keys(pkg.dependencies).filter((name) => name.startsWith("@cdktf/provider-"));
  return {
    ...pkg,
    dependencies: { ...pkg.dependencies, cdktf: `npm:cdktn@${CDK_TERRAIN.cdktn}`, constructs: CDK_TERRAIN.constructs },
    devDependencies: { ...pkg.devDependencies, "cdktf-cli": `npm:cdktn-cli@${CDK_TERRAIN.cdktnCli}` },
    // The prebuilt providers depend on cdktf ^0.21 themselves: without this they would load a second runtime.
    overrides: { ...(pkg.overrides ?? {}), ...Object.fromEntries(providers.map((p) => [p, { cdktf: "$cdktf" }])) },
  };
}

/** Every file under `dir`, by relative path. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

/** `value` with every `"version": <cdktf version>` replaced, at any depth. */
function withoutVersion(value: unknown, version: string): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutVersion(v, version));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "version" && v === version ? "<cdktf version>" : withoutVersion(v, version)]));
  }
  return value;
}

export interface Comparison {
  readonly files: number;
  /** Files equal byte for byte once the version string is replaced. */
  readonly identical: number;
  /** Files that differ only in JSON layout (same parsed value, version aside). */
  readonly sameJson: string[];
  readonly differences: string[];
}

/**
 * Compares two synth outputs: the same files, each byte-identical once `"version": "<a>"` reads
 * `"version": "<b>"`, or else the same JSON value (version aside), which is reported.
 */
export function compareOutputs(a: string, b: string, versionA: string, versionB: string): Comparison {
  const left = files(a);
  const right = files(b);
  const differences: string[] = [];
  const sameJson: string[] = [];
  let identical = 0;
  for (const f of left.filter((x) => !right.includes(x))) differences.push(`${f}: only in ${a}`);
  for (const f of right.filter((x) => !left.includes(x))) differences.push(`${f}: only in ${b}`);
  for (const f of left.filter((x) => right.includes(x))) {
    const ta = readFileSync(join(a, f), "utf8");
    const tb = readFileSync(join(b, f), "utf8");
    if (ta.split(`"version": "${versionA}"`).join(`"version": "${versionB}"`) === tb) {
      identical++;
      continue;
    }
    if (f.endsWith(".json")) {
      const ja = JSON.stringify(withoutVersion(JSON.parse(ta), versionA));
      const jb = JSON.stringify(withoutVersion(JSON.parse(tb), versionB));
      if (ja === jb) {
        sameJson.push(f);
        continue;
      }
    }
    differences.push(`${f}: differs`);
  }
  return { files: left.length, identical, sameJson, differences };
}

const log = (message: string) => process.stderr.write(`[test:cdktn] ${message}\n`);

function run(command: string, args: readonly string[], options: SpawnSyncOptions & { label: string }): void {
  const started = Date.now();
  log(`${options.label}: ${command} ${args.join(" ")}`);
  const r = spawnSync(command, args, { stdio: "inherit", ...options });
  if (r.status !== 0) throw new Error(`${options.label} failed (exit ${r.status ?? r.signal})`);
  log(`${options.label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Starts a command that runs beside what follows (its stdout into `<log>.out`, its stderr into
 * `<log>.err`: nothing reads a pipe while a synchronous step blocks this process); the promise
 * settles when it exits, then prints its stdout (and its stderr, when it failed).
 */
function start(command: string, args: readonly string[], options: { cwd: string; label: string; log: string }): Promise<void> {
  const started = Date.now();
  log(`${options.label}: ${command} ${args.join(" ")}`);
  const out = openSync(`${options.log}.out`, "w");
  const err = openSync(`${options.log}.err`, "w");
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", out, err] });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      closeSync(out);
      closeSync(err);
      process.stdout.write(readFileSync(`${options.log}.out`, "utf8"));
      if (code !== 0) {
        process.stderr.write(readFileSync(`${options.log}.err`, "utf8"));
        reject(new Error(`${options.label} failed (exit ${code ?? signal})`));
        return;
      }
      log(`${options.label}: done, ${((Date.now() - started) / 1000).toFixed(1)} s after it started`);
      resolve();
    });
  });
}

/** Every promise settled; the first rejection, if any, thrown once all are done. */
async function allDone(promises: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keep = args.includes("--keep");
  const suite = !args.includes("--no-suite");
  const all = args.includes("--all");
  const node22 = join(ROOT, "scripts", "node22.sh");
  const work = mkdtempSync(join(tmpdir(), "cdktn-"));
  // mkdtemp makes the folder private; the suite runs parts of itself as another user (run-app.test.ts).
  chmodSync(work, 0o755);
  const copy = join(work, "project");
  let ok = false;
  // Step 4's side of cdktf 0.21 needs nothing of the copy: it runs beside steps 1 to 3 (the install
  // mostly waits on the network and the disk). The app's output (what `npm run synth` writes), and
  // what else `npm test` plans (the examples, the test stacks and the changes, as its plan batch
  // synthesizes them); the latter from `work` on both sides, as a stack's local state path is
  // relative to the folder it was synthesized from.
  const before = join(work, "cdktf.out");
  const after = join(copy, "cdktf.out");
  const plannedScript = join("__tests__", "terraform", "synth-planned.ts");
  const plannedBefore = join(work, "planned.cdktf");
  const plannedAfter = join(work, "planned.cdktn");
  const tsx = (checkout: string) => require.resolve("tsx/cjs", { paths: [checkout] });
  const logs = join(work, "logs");
  mkdirSync(logs);
  const reference = [
    start(process.execPath, [join(ROOT, "scripts", "synth.js"), "--output", before], { cwd: ROOT, label: "synth with cdktf 0.21", log: join(logs, "synth.cdktf") }),
    start(process.execPath, ["--require", tsx(ROOT), join(ROOT, plannedScript), plannedBefore], { cwd: work, label: "planned stacks with cdktf 0.21", log: join(logs, "planned.cdktf") }),
  ];
  // Read in step 4 (or awaited at the end): a failure is reported there, not as an unhandled rejection.
  for (const p of reference) p.catch(() => undefined);
  try {
    // 1. The copy: the project's files as a clone has them, package.json switched.
    for (const file of projectFiles(ROOT).filter((f) => f !== "node_modules")) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file), { verbatimSymlinks: true });
    }
    const pkgPath = join(copy, "package.json");
    writeFileSync(pkgPath, `${JSON.stringify(switchToCdkTerrain(JSON.parse(readFileSync(pkgPath, "utf8")) as PackageJson), null, 2)}\n`);
    log(`copy at ${copy}: cdktf -> npm:cdktn@${CDK_TERRAIN.cdktn}, constructs ${CDK_TERRAIN.constructs}, providers' cdktf overridden to $cdktf`);

    // 2. Install on Node 22.
    run("bash", [node22, "npm", "install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: copy, label: "install" });

    // 3. One runtime: the providers' `cdktf` is the project's, and it is CDK Terrain.
    const probe = `const m=require("cdktf/package.json");const own=require.resolve("cdktf");` +
      `const fromProviders=["@cdktf/provider-aws","@cdktf/provider-google","@cdktf/provider-tfe"].map(p=>require.resolve("cdktf",{paths:[require.resolve(p)]}));` +
      `console.log(JSON.stringify({name:m.name,version:m.version,constructs:require("constructs/package.json").version,one:fromProviders.every(f=>f===own)}))`;
    const runtime = JSON.parse(execFileSync(process.execPath, ["-e", probe], { cwd: copy, encoding: "utf8" })) as { name: string; version: string; constructs: string; one: boolean };
    log(`runtime: ${runtime.name} ${runtime.version}, constructs ${runtime.constructs}, providers share it: ${runtime.one}`);
    if (runtime.name !== "cdktn" || runtime.version !== CDK_TERRAIN.cdktn || runtime.constructs !== CDK_TERRAIN.constructs || !runtime.one) {
      throw new Error(`the copy does not load one CDK Terrain ${CDK_TERRAIN.cdktn} runtime: ${JSON.stringify(runtime)}`);
    }

    // 4. Synth on both and compare.
    await allDone([
      ...reference,
      start("bash", [node22, "node", "scripts/synth.js", "--output", after], { cwd: copy, label: `synth with cdktn ${CDK_TERRAIN.cdktn}`, log: join(logs, "synth.cdktn") }),
      start("bash", [node22, "node", "--require", tsx(copy), join(copy, plannedScript), plannedAfter], { cwd: work, label: `planned stacks with cdktn ${CDK_TERRAIN.cdktn}`, log: join(logs, "planned.cdktn") }),
    ]);
    const cdktfVersion = (JSON.parse(readFileSync(join(ROOT, "node_modules", "cdktf", "package.json"), "utf8")) as { version: string }).version;
    const c = compareOutputs(before, after, cdktfVersion, CDK_TERRAIN.cdktn);
    log(
      `compared ${c.files} files: ${c.identical} byte-identical but for the version string` +
        `${c.sameJson.length ? `, ${c.sameJson.length} equal as JSON but for it (layout differs: ${c.sameJson.join(", ")})` : ""}` +
        `${c.differences.length ? `, ${c.differences.length} DIFFERENT` : ""}`,
    );
    if (c.differences.length > 0 || c.files === 0) throw new Error(`CDK Terrain's output differs from cdktf ${cdktfVersion}'s:\n  ${c.differences.join("\n  ")}`);
    const p = compareOutputs(plannedBefore, plannedAfter, cdktfVersion, CDK_TERRAIN.cdktn);
    log(
      `compared the planned stacks' ${p.files} files: ${p.identical} byte-identical but for the version string` +
        `${p.sameJson.length ? `, ${p.sameJson.length} equal as JSON but for it (layout differs: ${p.sameJson.join(", ")})` : ""}` +
        `${p.differences.length ? `, ${p.differences.length} DIFFERENT` : ""}`,
    );
    if (p.differences.length > 0 || p.files === 0) throw new Error(`CDK Terrain's planned stacks differ from cdktf ${cdktfVersion}'s:\n  ${p.differences.join("\n  ")}`);

    // 5. The type check and the suites that can depend on the runtime (or all of them).
    if (suite) {
      const missing = RUNTIME_SUITES.filter((path) => !existsSync(join(copy, path)));
      if (missing.length > 0) throw new Error(`RUNTIME_SUITES names what does not exist: ${missing.join(", ")}`);
      run("bash", [node22, "npm", "test", ...(all ? [] : ["--", ...RUNTIME_SUITES])], {
        cwd: copy,
        label: `npm test on CDK Terrain (${all ? "the whole suite" : "type check and the runtime's suites, no plans"})`,
        env: all ? process.env : { ...process.env, CDKTF_SERVERLESS_PLANS_SKIPPED: PLANS_SKIPPED },
      });
    }
    ok = true;
    log(
      `PASS: CDK Terrain ${CDK_TERRAIN.cdktn}: install, one runtime, same synth output` +
        (suite ? `, type check and ${all ? "the whole suite" : "the runtime's suites"} green` : " (suite not run)"),
    );
  } finally {
    // A step that failed early leaves the reference synths running: they finish before the folder goes.
    await Promise.allSettled(reference);
    if (keep || !ok) log(`copy kept at ${copy}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    log(`FAIL: ${(e as Error).message}`);
    process.exit(1);
  });
}
