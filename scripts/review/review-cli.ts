import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { projectOutdir, staleReason } from "../terraform/stale";
import { buildReview, newWarnings, replacements } from "./build-review";
import { gateItems, renderReport } from "./render";
import { loadSynthOutput } from "./synth-output";
import { synthesizeRef } from "./synthesize-ref";

export const REVIEW_USAGE = `Usage: npm run review -- (--base <dir> | --base-ref <git ref>) [--head <dir>] [options]

Compares two cdktf synth outputs offline and prints a Markdown review: probable renames first,
then security changes (IAM statements, trust policies, policy attachments, resource permissions,
network rules, public exposure, GCP IAM grants, credentials, other grants, what it cannot verify,
new rule-pack findings), then resources added, changed, replaced, moved and removed, attribute
changes, and a Mermaid diagram of the changed resources. The same change in several functions or
stacks is one row saying where. Refuses (exit 2) an output it cannot trust: no manifest.json, a
stack file missing, empty or not a JSON object, a stack path outside the folder, or the project's
own cdktf.out older than its sources (run \`npm run synth\` first).

  --base <dir>          base synth output (a cdktf.out directory)
  --base-ref <ref>      synthesize this git ref in a temporary worktree and use it as base
  --keep-base <dir>     with --base-ref: keep the base synth output in <dir>
  --head <dir>          head synth output (default: cdktf.out)
  --out <file>          also write the Markdown to <file>
  --fail-on <gates>     exit 1 when a gate trips; comma-separated, repeatable:
                          broadening   permissions or exposure widen, or may widen (a value
                                       the JSON does not tell: variable, function, another
                                       stack's output; a module, a type the catalog does
                                       not describe)
                          replacement  a resource would be destroyed and re-created (including
                                       probable renames without a moved block)
                          findings     a new rule-pack finding at warning level or above
  --acknowledge <ids>   widening changes reviewed and accepted: their ids (shown in the report
                        and the gate message; each binds its change in its stacks at its
                        addresses), comma-separated, repeatable
  --max-chars <n>       keep the report within n characters (default 60000, below GitHub's
                        65536): the attribute-level section goes first, then the diagrams, the
                        resource list and the policy chains; security rows are never cut: when
                        they alone are longer, the report says so and the review exits 1; 0: no limit
  --no-diagrams         leave the Mermaid diagrams out
  -h, --help            this help

Exit codes: 0 done (no gate tripped), 1 a --fail-on gate tripped or the security rows alone are
over --max-chars, 2 bad arguments or input.`;

const GATES = ["broadening", "replacement", "findings"] as const;
type Gate = (typeof GATES)[number];

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** The project this script belongs to: its own `cdktf.out` is checked for staleness. */
const ROOT = resolve(__dirname, "..", "..");

/** Runs `review` with the given arguments; returns the exit code. `root` is the project whose own synth output must be fresh. */
export function runReviewCli(argv: readonly string[], io: CliIo = processIo, root = ROOT): number {
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
    // The project's own output must come from its sources as they are: an old one reviews old code.
    const outdir = projectOutdir(root);
    if (resolve(args.head) === outdir) {
      const stale = staleReason(root, outdir);
      if (stale && !stale.endsWith("(never synthesized, or its last synth failed)")) {
        throw new Error(`${stale}: it is stale, and a review of it would show old code. Run \`npm run synth\`, then the review again`);
      }
    }
    const head = loadSynthOutput(args.head);
    const base = args.baseRef ? synthesizeRef(args.baseRef, { keepOutdir: args.keepBase, log: io.stderr }) : loadSynthOutput(args.base!);
    const review = buildReview(base, head);
    const gate = gateItems(review);
    const known = new Set(gate.map((g) => g.id));
    for (const id of args.acknowledge) {
      if (!known.has(id)) io.stderr(`review: --acknowledge ${id}: no such widening change in this review (stale or mistyped; ignored)\n`);
    }
    const { markdown, overLimit } = renderReport(review, { diagrams: args.diagrams, maxChars: args.maxChars, acknowledged: args.acknowledge });
    io.stdout(markdown);
    if (args.out) {
      mkdirSync(dirname(args.out), { recursive: true });
      writeFileSync(args.out, markdown);
    }

    let tripped = false;
    if (overLimit) {
      tripped = true;
      io.stderr(
        `review: the report is ${overLimit.length} characters, over --max-chars ${overLimit.max}: its security rows alone are that long and are never cut, so a comment of ${overLimit.max} characters cannot hold them; the report is written whole (exit 1)\n`,
      );
    }
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
