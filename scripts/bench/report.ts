import { summarize } from "./measure";
import type { BenchResults, Measurement, TraceSummary } from "./results";
import type { StackCounts } from "./synth-output";

/** The speed and size targets the project holds itself to, and whether this run meets them. */
export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly result: "PASS" | "FAIL" | "not run" | "n/a";
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a");
const mb = (kb: number | undefined) => (kb !== undefined && Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : "n/a");
const kb1 = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)} %` : "");
const verdict = (ok: boolean): TargetRow["result"] => (ok ? "PASS" : "FAIL");

const HANDLER_ZIP_LIMIT = 10 * 1024;

export function evaluateTargets(r: BenchResults): TargetRow[] {
  const m = r.measurements;
  const rows: TargetRow[] = [];
  const app = m.app;
  const ok = (x: Measurement | undefined): x is Measurement => x !== undefined && x.failure === undefined;

  rows.push(
    !app
      ? { target: "All stacks, app synth: median <= 1.0 s", measured: "", result: "not run" }
      : {
          target: "All stacks, app synth: median <= 1.0 s",
          measured: app.failure ? `failed: ${firstLine(app.failure)}` : `${s(app.wall.median)} (min ${s(app.wall.min)}, max ${s(app.wall.max)}, ${app.wall.n} runs)`,
          result: ok(app) ? verdict(app.wall.median <= 1000) : "FAIL",
        },
  );
  rows.push(
    !app
      ? { target: "All stacks, app synth: peak memory <= 300 MB", measured: "", result: "not run" }
      : {
          target: "All stacks, app synth: peak memory <= 300 MB",
          measured: `${mb(app.maxRss.max)} peak RSS of the app process (max of ${app.maxRss.n} runs)`,
          result: ok(app) ? verdict(app.maxRss.max <= 300 * 1024) : "FAIL",
        },
  );
  const synth = m.synth;
  const cli = m["cli-synth"];
  rows.push(
    !synth
      ? { target: "`npm run synth` (all stacks, as `cdktf synth` writes them): median <= 1.0 s", measured: "", result: "not run" }
      : {
          target: "`npm run synth` (all stacks, as `cdktf synth` writes them): median <= 1.0 s",
          measured: synth.failure
            ? `failed: ${firstLine(synth.failure)}`
            : `${s(synth.wall.median)} (min ${s(synth.wall.min)}, max ${s(synth.wall.max)}, ${synth.wall.n} runs)${ok(cli) ? `; \`npx cdktf synth\` ${s(cli.wall.median)}` : ""}`,
          result: ok(synth) ? verdict(synth.wall.median <= 1000) : "FAIL",
        },
  );
  const floor = m.floor;
  // Judged on CPU time (user + system of the process tree, medians): what the work costs, which other
  // work on a shared machine moves much less than the wall time; the wall ratio is given too.
  const floorTarget = "`npm run synth` <= 3x the floor (Node.js loading cdktf and one deep import per provider, measured in the same run): CPU time medians";
  const cpuMedian = (x: Measurement) => summarize(x.runs.map((r) => r.cpuMs).filter((v): v is number => v !== undefined)).median;
  rows.push(
    !synth || !floor
      ? { target: floorTarget, measured: "", result: "not run" }
      : {
          target: floorTarget,
          measured:
            ok(synth) && ok(floor)
              ? `CPU ${(cpuMedian(synth) / cpuMedian(floor)).toFixed(2)}x (${s(cpuMedian(synth))} / ${s(cpuMedian(floor))}); ` +
                `wall ${(synth.wall.median / floor.wall.median).toFixed(2)}x (${s(synth.wall.median)} / ${s(floor.wall.median)}); load ${floor.load[0]} before the floor, ${synth.load[1]} after the synth`
              : "a run failed",
          result: ok(synth) && ok(floor) && Number.isFinite(cpuMedian(synth) / cpuMedian(floor)) ? verdict(cpuMedian(synth) <= 3 * cpuMedian(floor)) : "FAIL",
        },
  );
  const ref = m.reference;
  rows.push(
    !app || !ref
      ? { target: ">= 10x faster than the stock-style reference", measured: "", result: "not run" }
      : {
          target: ">= 10x faster than the stock-style reference",
          measured: ok(ref) && ok(app) ? `${(ref.wall.median / app.wall.median).toFixed(1)}x (${s(ref.wall.median)} / ${s(app.wall.median)}, medians)` : "a run failed",
          result: ok(ref) && ok(app) ? verdict(ref.wall.median / app.wall.median >= 10) : "FAIL",
        },
  );
  const parity = referenceParity(app?.stacks, ref?.stacks);
  rows.push(
    !app?.stacks || !ref?.stacks
      ? { target: "Reference has the same stacks and resources as the app", measured: "", result: "not run" }
      : { target: "Reference has the same stacks and resources as the app", measured: parity.text, result: verdict(parity.equal) },
  );
  for (const [key, label] of [
    ["scale-100", "100 functions in one stack (5 shared entries): median <= 3 s"],
    ["scale-100-distinct", "100 functions, 100 distinct entries (worst case): median <= 3 s"],
  ] as const) {
    const x = m[key];
    rows.push(
      !x
        ? { target: label, measured: "", result: "not run" }
        : {
            target: label,
            measured: x.failure ? `failed: ${firstLine(x.failure)}` : `${s(x.wall.median)} (min ${s(x.wall.min)}, max ${s(x.wall.max)}), ${mb(x.maxRss.max)}`,
            result: ok(x) ? verdict(x.wall.median <= 3000) : "FAIL",
          },
    );
  }
  const local = r.local;
  rows.push(
    !local
      ? { target: "`npm run local -- serve aws-dev`: start-up to first answer, median < 3 s", measured: "", result: "not run" }
      : {
          target: "`npm run local -- serve aws-dev`: start-up to first answer, median < 3 s",
          measured: local.failure ? `failed: ${firstLine(local.failure)}` : `${s(local.firstAnswer.median)} (min ${s(local.firstAnswer.min)}, max ${s(local.firstAnswer.max)}, ${local.firstAnswer.n} runs)`,
          result: local.failure ? "FAIL" : verdict(local.firstAnswer.median < 3000),
        },
  );
  rows.push(
    !local
      ? { target: "`npm run local -- serve aws-dev`: start-up to first answer on an idle machine, median <= 1 s", measured: "", result: "not run" }
      : {
          target: "`npm run local -- serve aws-dev`: start-up to first answer on an idle machine, median <= 1 s",
          measured: local.failure ? `failed: ${firstLine(local.failure)}` : `${s(local.firstAnswer.median)} (load before ${local.load[0]})`,
          result: local.failure ? "FAIL" : verdict(local.firstAnswer.median <= 1000),
        },
  );
  const chain = r.localChain;
  rows.push(
    !chain
      ? { target: "`npm run local`: one event through three functions (queue, stream, topic), median <= 2 s", measured: "", result: "not run" }
      : {
          target: "`npm run local`: one event through three functions (queue, stream, topic), median <= 2 s",
          measured: chain.failure ? `failed: ${firstLine(chain.failure)}` : `${s(chain.chain.median)} (min ${s(chain.chain.min)}, max ${s(chain.chain.max)}, ${chain.chain.n} events)`,
          result: chain.failure ? "FAIL" : verdict(chain.chain.median <= 2000),
        },
  );
  const [s10, s100, s500] = [m["scale-10"], m["scale-100"], m["scale-500"]];
  if (ok(s10) && ok(s100) && ok(s500)) {
    const m1 = (s100.wall.median - s10.wall.median) / 90;
    const m2 = (s500.wall.median - s100.wall.median) / 400;
    rows.push({
      target: "Cost grows about linearly to 500 functions (ms per added function, 100->500 <= 1.5x 10->100)",
      measured: `${m1.toFixed(1)} ms/function for 10->100, ${m2.toFixed(1)} ms/function for 100->500; 500 functions ${s(s500.wall.median)}, ${mb(s500.maxRss.max)}`,
      result: verdict(m2 <= 1.5 * Math.max(m1, 0.1)),
    });
  } else {
    rows.push({ target: "Cost grows about linearly to 500 functions", measured: s500 ? "a run failed" : "N=500 not run", result: s500 ? "FAIL" : "not run" });
  }
  const test = m.test;
  const cpu = (x: Measurement) => {
    const values = x.runs.map((r) => r.cpuMs).filter((v): v is number => v !== undefined);
    if (values.length === 0) return "";
    const [min, max] = [Math.min(...values), Math.max(...values)];
    return min === max ? `, CPU ${s(min)}` : `, CPU ${s(min)} to ${s(max)}`;
  };
  const load = (x: Measurement) => `load ${x.load[0]} before, ${x.load[1]} after`;
  rows.push(
    !test
      ? { target: "`npm test` cold (Terraform plans included) <= 60 s on this machine", measured: "", result: "not run" }
      : {
          target: "`npm test` cold (Terraform plans included) <= 60 s on this machine",
          measured: `${s(test.wall.median)} median of ${test.wall.n} (min ${s(test.wall.min)}${cpu(test)}; ${load(test)}), ${test.failure ? "FAILED" : "passed"}${test.testSummary ? `: ${test.testSummary.replace(/\n/g, "; ").replace(/\s+/g, " ")}` : ""}`,
          result: verdict(test.failure === undefined && test.wall.median <= 60_000),
        },
  );
  const ci = m.ci;
  rows.push(
    !ci
      ? { target: "`.ci/run` (fresh copy: npm ci, synth, npm test on Node 22, CDK Terrain) <= 4 minutes", measured: "", result: "not run" }
      : {
          target: "`.ci/run` (fresh copy: npm ci, synth, npm test on Node 22, CDK Terrain) <= 4 minutes",
          measured: `${s(ci.wall.median)}${cpu(ci)} (${load(ci)}), ${ci.failure ? `FAILED: ${firstLine(ci.failure)}` : "passed"}${ci.steps?.length ? `; ${ci.steps.map((x) => `${x.name} ${x.seconds.toFixed(1)} s`).join(", ")}` : ""}`,
          result: verdict(ci.failure === undefined && ci.wall.median <= 240_000),
        },
  );
  const handlerZips = (app?.packages ?? []).filter((p) => p.usedBy === "function");
  const largest = handlerZips.reduce((a, p) => Math.max(a, p.bytes), 0);
  rows.push(
    handlerZips.length === 0
      ? { target: "Sample handler zip <= 10 KB", measured: "no packages found", result: app ? "FAIL" : "not run" }
      : {
          target: "Sample handler zip <= 10 KB",
          measured: `largest ${kb1(largest)} (${new Set(handlerZips.map((p) => p.file)).size} distinct handler zips)`,
          result: verdict(largest <= HANDLER_ZIP_LIMIT),
        },
  );
  const traced = [r.traces.app, r.traces["scale-100"], r.traces["scale-100-distinct"]].filter((t): t is TraceSummary => t?.app !== undefined);
  rows.push(
    traced.length === 0
      ? { target: "An entry used by several functions is bundled once", measured: "", result: "not run" }
      : {
          target: "An entry used by several functions is bundled once",
          measured: traced
            .map((t) => `${t.label}: ${t.app!.entriesBundled} entries bundled (${t.app!.distinctEntriesBundled} distinct) in ${t.app!.bundleCalls} esbuild call(s) for ${t.functions} functions`)
            .join("; "),
          result: verdict(traced.every((t) => t.app!.entriesBundled === t.app!.distinctEntriesBundled && t.app!.distinctEntriesBundled > 0)),
        },
  );
  // Processes must not grow with packages: the 100-distinct-entry app writes ~8x more zips than the
  // sample service and must start no more processes; and no app may start one per zip file.
  const distinct = r.traces["scale-100-distinct"];
  const baseline = Math.min(...traced.filter((t) => t !== distinct).map((t) => t.appProcesses.total));
  const processOk =
    traced.every((t) => t.appProcesses.total < Math.max(t.zipFiles, 2)) &&
    (distinct?.app === undefined || !Number.isFinite(baseline) || distinct.appProcesses.total <= baseline);
  rows.push(
    traced.length === 0
      ? { target: "No child process per asset", measured: "", result: "not run" }
      : {
          target: "No child process per asset",
          measured: traced
            .map((t) => `${t.label}: ${t.appProcesses.total} child process(es) per synth (${t.appProcesses.esbuild} esbuild) for ${t.zipFiles} zip files`)
            .join("; "),
          result: verdict(processOk),
        },
  );
  return rows;
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "")?.slice(0, 120) ?? "";
}

function referenceParity(app?: readonly StackCounts[], ref?: readonly StackCounts[]): { equal: boolean; text: string } {
  if (!app || !ref) return { equal: false, text: "" };
  const names = [...new Set([...app.map((a) => a.stack), ...ref.map((r) => r.stack)])].sort();
  const diffs: string[] = [];
  for (const name of names) {
    const a = app.find((x) => x.stack === name);
    const b = ref.find((x) => x.stack === name);
    if (!a || !b) {
      diffs.push(`${name} only in the ${a ? "app" : "reference"}`);
      continue;
    }
    const types = [...new Set([...Object.keys(a.byType), ...Object.keys(b.byType)])];
    const bad = types.filter((t) => (a.byType[t] ?? 0) !== (b.byType[t] ?? 0));
    if (bad.length > 0) diffs.push(`${name}: ${bad.map((t) => `${t} ${a.byType[t] ?? 0} vs ${b.byType[t] ?? 0}`).join(", ")}`);
  }
  const total = (x: readonly StackCounts[]) => x.reduce((n, st) => n + st.total, 0);
  return diffs.length === 0
    ? { equal: true, text: `${names.length} stacks, ${total(app)} resources and data sources in both, same count of every type in every stack` }
    : { equal: false, text: diffs.join("; ") };
}

/** The whole RESULTS.md. */
export function renderResults(r: BenchResults): string {
  const out: string[] = [];
  const mach = r.machine;
  out.push("# Benchmark results");
  out.push("");
  out.push(
    `Generated by \`npm run bench${r.quick ? " -- --quick" : ""}${r.only ? ` -- --only ${r.only.join(",")}` : ""}\` on ${r.generatedAt.slice(0, 10)} (${r.generatedAt}).${r.quick ? " **Quick run**: fewer repetitions, no N=500, no test suite." : ""}${r.only ? ` Only ${r.only.join(", ")} were re-run; the other rows come from the earlier run kept in \`bench/.work/results.json\` (see the Finished column).` : ""}`,
  );
  out.push("");
  out.push(`**Machine**: ${mach.cpuModel}, ${mach.cores} cores, ${mach.ramGb} GB RAM, ${mach.os}, Node.js ${mach.node}${mach.terraform ? `, Terraform ${mach.terraform}` : ""}. Load average at start: ${mach.loadAverage.join(" / ")} (1/5/15 min); other work on the machine makes the numbers noisier.`);
  out.push("");
  out.push("## Targets");
  out.push("");
  out.push("| Target | Measured | Result |");
  out.push("| --- | --- | --- |");
  for (const row of evaluateTargets(r)) out.push(`| ${row.target} | ${escapeCell(row.measured)} | ${row.result === "PASS" ? "PASS" : row.result === "FAIL" ? "**FAIL**" : row.result} |`);
  out.push("");

  const ms = Object.values(r.measurements);
  if (ms.length > 0) {
    out.push("## Wall time and memory");
    out.push("");
    out.push("Each run is a fresh process with a fresh temporary `CDKTF_OUTDIR`, started with `sh -c` like cdktf starts an app, after untimed warm-up runs (they fill the OS file cache and any transpile cache the runner keeps, as on a developer's machine). *Peak RSS* is GNU time's `%M`: the largest single process of the tree, which for the apps is the Node.js process running `main.ts`. *Tree peak* is the sum of RSS over the processes alive at once, sampled every 20 ms.");
    out.push("");
    out.push("| Measurement | Command | Runs | Median | Min | Max | Peak RSS (median / max) | Tree peak (max) | Load before/after | Finished (UTC) |");
    out.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const x of ms) {
      out.push(
        `| ${x.label}${x.failure ? " (**failed**)" : ""} | \`${x.command}\`${x.cwd !== "." ? ` in \`${x.cwd}\`` : ""} | ${x.wall.n}${x.warmups ? ` (+${x.warmups} warm-up)` : ""} | ${s(x.wall.median)} | ${s(x.wall.min)} | ${s(x.wall.max)} | ${mb(x.maxRss.median)} / ${mb(x.maxRss.max)} | ${mb(x.treeRss.max)} | ${x.load[0]} / ${x.load[1]} | ${x.at.slice(0, 16).replace("T", " ")} |`,
      );
    }
    out.push("");
    const app = r.measurements.app;
    const ref = r.measurements.reference;
    if (app && ref && !app.failure && !ref.failure) {
      out.push(`**Ratio reference / project app**: ${(ref.wall.median / app.wall.median).toFixed(1)}x wall time (medians), ${(ref.maxRss.median / app.maxRss.median).toFixed(1)}x peak RSS.`);
      out.push("");
    }
    for (const x of ms) if (x.note) out.push(`- ${x.label}: ${x.note}.`);
    for (const x of ms) if (x.failure) out.push(`- ${x.label} failed: \`${firstLine(x.failure)}\``);
  }

  if (r.local && !r.local.failure) {
    const x = r.local;
    out.push("## Running a stack locally (`npm run local`)");
    out.push("");
    out.push(`\`${x.command}\` on the already synthesized stack, ${x.ready.n} runs, each a fresh process tree stopped with SIGINT; load ${x.load[0]} / ${x.load[1]} before/after. Every request runs its function in a process of its own (cold start each time, as the design asks).`);
    out.push("");
    out.push("| Step | Median | Min | Max |");
    out.push("| --- | --- | --- | --- |");
    for (const [label, v] of [
      ["Start to URL printed (tables created, zips checked and extracted, listening)", x.ready],
      ["Start to first answer (GET /hello)", x.firstAnswer],
      ["A later GET /hello (one function process)", x.hello],
      ["POST /users (function process with the AWS SDK, one DynamoDB call checked by iam-simulate)", x.dynamoRequest],
    ] as const) {
      out.push(`| ${label} | ${s(v.median)} | ${s(v.min)} | ${s(v.max)} |`);
    }
    out.push("");
  }
  if (r.localChain && !r.localChain.failure) {
    const x = r.localChain;
    out.push(`\`${x.command}\` (the \`__tests__/fixtures/local-chain\` service): ${x.chain.n} messages one after another, each timed from SendMessage until the third function's write is readable: the worker (SQS batch), the table's stream, the publisher, the topic, the subscriber; each function a process of its own, every call signed and checked. Median ${s(x.chain.median)}, min ${s(x.chain.min)}, max ${s(x.chain.max)}; load ${x.load[0]} / ${x.load[1]} before/after.`);
    out.push("");
  }

  const scale = ["scale-10", "scale-100", "scale-500", "scale-100-distinct"].map((k) => r.measurements[k]).filter((x): x is Measurement => x !== undefined);
  if (scale.length > 0) {
    out.push("## How cost grows with the number of functions");
    out.push("");
    out.push("`bench/scale/main.ts`: one stack of N `ServerlessFunction`s (entry, memory, timeout, environment, policy statements, tags, one in four in a VPC, half of those with their own security group, one shared `LambdaLayer`) behind one `HttpApi` with a `GET /fn<i>/{id}` route each, written only from the public API.");
    out.push("");
    out.push("| N functions | Entries | Resources + data sources | Median | Min | Max | ms per function (median / N) | Peak RSS (max) |");
    out.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const x of scale) {
      const n = x.functions ?? 0;
      const total = x.stacks?.reduce((a, st) => a + st.total, 0);
      out.push(
        `| ${n} | ${x.distinctEntries ? `${n} distinct` : "5 shared"} | ${total ?? "n/a"} | ${s(x.wall.median)} | ${s(x.wall.min)} | ${s(x.wall.max)} | ${n > 0 ? (x.wall.median / n).toFixed(1) : "n/a"} | ${mb(x.maxRss.max)} |`,
      );
    }
    out.push("");
  }

  const app = r.measurements.app;
  const ref = r.measurements.reference;
  if (app?.stacks || ref?.stacks) {
    out.push("## Resources per stack (the comparison is like for like)");
    out.push("");
    out.push("| Stack | Project app: resources + data sources | Stock reference: resources + data sources |");
    out.push("| --- | --- | --- |");
    const names = [...new Set([...(app?.stacks ?? []), ...(ref?.stacks ?? [])].map((x) => x.stack))].sort();
    for (const name of names) {
      const a = app?.stacks?.find((x) => x.stack === name);
      const b = ref?.stacks?.find((x) => x.stack === name);
      const cell = (x?: StackCounts) => (x ? `${x.total} (${x.resources} + ${x.dataSources})` : "missing");
      out.push(`| ${name} | ${cell(a)} | ${cell(b)} |`);
    }
    out.push("");
  }

  if (app?.packages && app.packages.length > 0) {
    out.push("## Deployment packages of the sample service");
    out.push("");
    out.push("| Zip (project app) | Used by | Size | Functions or layers using it (all stacks) |");
    out.push("| --- | --- | --- | --- |");
    const byFile = new Map<string, { bytes: number; usedBy: string; refs: number; stacks: Set<string> }>();
    for (const p of app.packages) {
      const e = byFile.get(p.file) ?? { bytes: p.bytes, usedBy: p.usedBy, refs: 0, stacks: new Set<string>() };
      e.refs += p.references;
      e.stacks.add(p.stack);
      byFile.set(p.file, e);
    }
    for (const [file, e] of [...byFile].sort()) out.push(`| \`${file}\` | ${e.usedBy} | ${kb1(e.bytes)} | ${e.refs} in ${e.stacks.size} stack(s) |`);
    if (ref?.packages && ref.packages.length > 0) {
      const sizes = ref.packages.filter((p) => p.usedBy === "function").map((p) => p.bytes);
      out.push("");
      out.push(`Stock reference: ${ref.packages.length} ARCHIVE assets (one per function and layer per stack), function zips ${kb1(Math.min(...sizes))} to ${kb1(Math.max(...sizes))}; their bytes change with file mtimes.`);
    }
    out.push("");
  }

  renderTraces(r, out);
  renderProfiles(r, out);

  out.push("## Method");
  out.push("");
  out.push("- `npm run bench` (`scripts/bench.ts`) runs offline, except `ci` (`.ci/run` installs from the npm registry, with npm's cache). `--quick`: fewer runs, no N=500, no test suite, no CI run; `--only <names>` (comma-separated: app, cold, reference, scale, scale-10, scale-100, scale-500, scale-100-distinct, trace, profile, test, ci) re-runs some measurements and merges them with the previous results kept in `bench/.work/results.json`; `--render` only rewrites this file from those results.");
  out.push("- The app command is the `app` of `cdktf.json`; the reference runs the `app` of `bench/reference/cdktf.json` in that folder; the scale app runs `bench/scale/main.ts` with the project's runner.");
  out.push("- Trace runs add `bench/preload/trace.cjs` through `NODE_OPTIONS`; it counts every child process started from Node.js code in the tree (worker threads included) and times module loading, esbuild, fflate and `App.synth` in the app process. Profile runs add `bench/preload/cpu-profile.cjs` (V8 sampling profiler, 0.5 ms). Neither is loaded in the timed runs.");
  out.push("");
  return out.join("\n");
}

function renderTraces(r: BenchResults, out: string[]): void {
  const traces = Object.values(r.traces);
  if (traces.length === 0) return;
  out.push("## Child processes per synth");
  out.push("");
  out.push("| App | Functions | Zip files written | Functions + layers using them | Child processes of the app process | of which esbuild | of which node | Per zip file | Started by launchers (npx etc.) | Entries bundled / distinct (esbuild calls) |");
  out.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const t of traces) {
    const per = t.zipFiles > 0 ? (t.appProcesses.total / t.zipFiles).toFixed(2) : "n/a";
    out.push(
      `| ${t.label} | ${t.functions} | ${t.zipFiles} | ${t.zipUsers} | ${t.appProcesses.total} | ${t.appProcesses.esbuild} | ${t.appProcesses.node} | ${per} | ${t.otherProcesses.total} | ${t.app ? `${t.app.entriesBundled} / ${t.app.distinctEntriesBundled} (${t.app.bundleCalls})` : "n/a"} |`,
    );
  }
  out.push("");

  const app = r.traces.app?.app;
  if (app) {
    const t = r.traces.app!;
    out.push("## Where the project app's time goes");
    out.push("");
    out.push(`One traced run of the app (${s(t.wallMs)} wall; the trace adds some overhead). Exclusive time in the app's main thread, by phase:`);
    out.push("");
    out.push("| Phase | Time | Share of wall |");
    out.push("| --- | --- | --- |");
    const cats = app.categoriesMs;
    const sum = (pred: (k: string) => boolean) => Object.entries(cats).filter(([k]) => pred(k)).reduce((a, [, v]) => a + v, 0);
    const loading = sum((k) => k.startsWith("load: "));
    const phases: [string, number][] = [
      ["Node.js start-up (before any module)", app.preloadAtMs],
      [`Module loading (${app.modulesLoaded} modules: compile + top-level code)`, loading],
      ["Transpiling the app's TypeScript (runner: tsx transform or esbuild build)", sum((k) => k.startsWith("transpile: "))],
      ["Constructing stacks (app code, validation, cdktf constructs)", sum((k) => k.startsWith("app code"))],
      ["Bundling handler entries (esbuild)", sum((k) => k.startsWith("bundle: "))],
      ["Zipping (fflate)", sum((k) => k.startsWith("zip: "))],
      ["Child processes waited for", sum((k) => k.startsWith("child processes"))],
      ["App.synth (resolving tokens, JSON, writing files)", sum((k) => k.startsWith("synth: "))],
      ["Exit and process teardown (wall - last event)", Math.max(0, t.wallMs - app.exitAtMs)],
    ];
    for (const [name, v] of phases) out.push(`| ${name} | ${Math.round(v)} ms | ${pct(v, t.wallMs)} |`);
    out.push("");
    out.push("Module loading by package (top 10):");
    out.push("");
    out.push("| Package | Time |");
    out.push("| --- | --- |");
    for (const [k, v] of Object.entries(cats)
      .filter(([k2]) => k2.startsWith("load: "))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)) {
      out.push(`| ${k.slice("load: ".length)} | ${Math.round(v)} ms |`);
    }
    out.push("");
    out.push(`RSS before \`App.synth\`: ${mb(app.rssBeforeSynthBytes / 1024)}; peak RSS of the process: ${mb(app.maxRssBytes / 1024)}.`);
    out.push("");
  }
  const refApp = r.traces.reference?.app;
  if (refApp) {
    const t = r.traces.reference!;
    const top = Object.entries(refApp.categoriesMs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${s(v)}`)
      .join(", ");
    out.push(`Stock reference, one traced run (${s(t.wallMs)}): ${top}. (\`load: main module main.ts\` is ts-node type-checking the program from its entry, the provider barrels' type declarations included; \`child processes (waited for)\` is cdktf zipping each ARCHIVE asset in its own \`node\` process; \`load: @cdktf/provider-*\` is requiring the barrels.)`);
    out.push("");
  }
}

function renderProfiles(r: BenchResults, out: string[]): void {
  for (const p of Object.values(r.profiles)) {
    if (!p.summary) continue;
    out.push(`## CPU profile: ${p.label}`);
    out.push("");
    out.push(`V8 sampling profile of the main thread (${s(p.summary.totalMs)} sampled; the run took ${s(p.wallMs)} with the profiler on). Self time by package; \`(program)\` is V8 compiling and native code, \`(garbage collector)\` is GC; esbuild's own work runs in its child process and shows here only as waiting.`);
    out.push("");
    out.push("| Activity (inclusive: everything called from it) | Time | Share |");
    out.push("| --- | --- | --- |");
    for (const e of p.summary.markers) if (e.ms >= 1) out.push(`| ${e.name} | ${Math.round(e.ms)} ms | ${pct(e.ms, p.summary.totalMs)} |`);
    out.push("");
    out.push("| Package | Self time | Share |");
    out.push("| --- | --- | --- |");
    for (const e of p.summary.byPackage.slice(0, 12)) out.push(`| ${e.name} | ${Math.round(e.ms)} ms | ${pct(e.ms, p.summary.totalMs)} |`);
    out.push("");
    out.push("| Function (top self time) | Where | Self time |");
    out.push("| --- | --- | --- |");
    for (const f of p.summary.topFunctions.slice(0, 8)) out.push(`| \`${f.name}\` | ${escapeCell(f.where)} | ${Math.round(f.ms)} ms |`);
    out.push("");
  }
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
