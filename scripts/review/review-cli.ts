import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { buildReview, newWarnings, replacements } from "./build-review";
import { gateItems, renderReview } from "./render";
import { loadSynthOutput } from "./synth-output";
import { synthesizeRef } from "./synthesize-ref";

export const REVIEW_USAGE = `Usage: npm run review -- (--base <dir> | --base-ref <git ref>) [--head <dir>] [options]

Compares two cdktf synth outputs offline and prints a Markdown review: probable renames first,
then security changes (IAM statements, trust policies, policy attachments, Lambda invoke
permissions, security group rules, public exposure, GCP IAM grants, new rule-pack findings), then
resources added, changed, replaced, moved and removed, attribute changes, and a Mermaid diagram of
the changed resources. The same change in several functions or stacks is one row saying where.
Refuses (exit 2) an output it cannot trust: no manifest.json, a stack file missing, empty or not
a JSON object, or a stack path outside the folder.

  --base <dir>          base synth output (a cdktf.out directory)
  --base-ref <ref>      synthesize this git ref in a temporary worktree and use it as base
  --keep-base <dir>     with --base-ref: keep the base synth output in <dir>
  --head <dir>          head synth output (default: cdktf.out)
  --out <file>          also write the Markdown to <file>
  --fail-on <gates>     exit 1 when a gate trips; comma-separated, repeatable:
                          broadening   permissions or exposure widen, or may widen (a value
                                       the JSON does not tell: variable, local, function)
                          replacement  a resource would be destroyed and re-created (including
                                       probable renames without a moved block)
                          findings     a new rule-pack finding at warning level or above
  --acknowledge <ids>   widening changes reviewed and accepted: their ids (shown in the report
                        and the gate message), comma-separated, repeatable
  --max-chars <n>       keep the report within n characters (default 60000, below GitHub's
                        65536): the attribute-level section goes first, then the diagrams, then
                        the resource list; the security section is never cut; 0: no limit
  --no-diagrams         leave the Mermaid diagrams out
  -h, --help            this help

Exit codes: 0 done (no gate tripped), 1 a --fail-on gate tripped, 2 bad arguments or input.`;

const GATES = ["broadening", "replacement", "findings"] as const;
type Gate = (typeof GATES)[number];

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs `review` with the given arguments; returns the exit code. */
export function runReviewCli(argv: readonly string[], io: CliIo = processIo): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(`review: ${(error as Error).message}\n\n${REVIEW_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${REVIEW_USAGE}\n`);
    return 0;
  }
  try {
    const base = args.baseRef ? synthesizeRef(args.baseRef, { keepOutdir: args.keepBase, log: io.stderr }) : loadSynthOutput(args.base!);
    const head = loadSynthOutput(args.head);
    const review = buildReview(base, head);
    const gate = gateItems(review);
    const known = new Set(gate.map((g) => g.id));
    for (const id of args.acknowledge) {
      if (!known.has(id)) io.stderr(`review: --acknowledge ${id}: no such widening change in this review (stale or mistyped; ignored)\n`);
    }
    const markdown = renderReview(review, { diagrams: args.diagrams, maxChars: args.maxChars, acknowledged: args.acknowledge });
    if (args.maxChars !== undefined && markdown.length > args.maxChars) {
      io.stderr(`review: the report is ${markdown.length} characters, over --max-chars ${args.maxChars}: the security section alone is that long and is never cut\n`);
    }
    io.stdout(markdown);
    if (args.out) {
      mkdirSync(dirname(args.out), { recursive: true });
      writeFileSync(args.out, markdown);
    }

    let tripped = false;
    const trip = (gate: Gate, items: string[]) => {
      if (!args.failOn.has(gate) || items.length === 0) return;
      tripped = true;
      io.stderr(`review: --fail-on ${gate}: ${items.length} found\n${items.map((i) => `  - ${i}\n`).join("")}`);
    };
    trip(
      "broadening",
      gate.filter((g) => !args.acknowledge.has(g.id)).map((g) => `[${g.id}] ${g.kind === "broadening" ? "broadening" : "may broaden"}: ${g.text}`),
    );
    trip("replacement", replacements(review));
    trip("findings", newWarnings(review).map((f) => `${f.stack}: [${f.rule}] ${f.constructPath}: ${f.message}`));
    return tripped ? 1 : 0;
  } catch (error) {
    io.stderr(`review: ${(error as Error).message}\n`);
    return 2;
  }
}

function parse(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      base: { type: "string" },
      "base-ref": { type: "string" },
      "keep-base": { type: "string" },
      head: { type: "string", default: "cdktf.out" },
      out: { type: "string" },
      "fail-on": { type: "string", multiple: true, default: [] },
      "max-chars": { type: "string", default: "60000" },
      acknowledge: { type: "string", multiple: true, default: [] },
      "no-diagrams": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!values.help && (values.base === undefined) === (values["base-ref"] === undefined)) {
    throw new Error("give exactly one of --base <dir> and --base-ref <git ref>");
  }
  if (values["keep-base"] !== undefined && values["base-ref"] === undefined) throw new Error("--keep-base needs --base-ref");
  const failOn = new Set<Gate>();
  for (const gate of (values["fail-on"] ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean)) {
    if (!(GATES as readonly string[]).includes(gate)) throw new Error(`--fail-on: unknown gate "${gate}" (one of ${GATES.join(", ")})`);
    failOn.add(gate as Gate);
  }
  let maxChars: number | undefined = Number(values["max-chars"]);
  if (!Number.isInteger(maxChars) || (maxChars !== 0 && maxChars < 1000)) throw new Error(`--max-chars: 0 or an integer of at least 1000, got "${values["max-chars"]}"`);
  if (maxChars === 0) maxChars = undefined;
  const acknowledge = new Set<string>();
  for (const id of (values.acknowledge ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean)) {
    if (!/^[0-9a-f]{10}$/.test(id)) throw new Error(`--acknowledge: an id of 10 hex digits as the report shows it, got "${id}"`);
    acknowledge.add(id);
  }
  return {
    help: values.help === true,
    base: values.base,
    baseRef: values["base-ref"],
    keepBase: values["keep-base"],
    head: values.head ?? "cdktf.out",
    out: values.out,
    failOn,
    maxChars,
    acknowledge,
    diagrams: values["no-diagrams"] !== true,
  };
}
