import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { code, fenced } from "./markdown";
import { stackDiagram } from "./mermaid";
import { loadSynthOutput } from "./synth-output";
import { StackView } from "./stack-view";
import type { CliIo } from "./review-cli";

export const GRAPH_USAGE = `Usage: npm run graph -- [--dir <cdktf.out>] [--stack <name>]... [--raw] [--out <file>]

Prints a Mermaid diagram per synthesized stack, as Markdown that GitHub renders: resources and data
sources grouped by construct, with an edge for every reference between them.

  --dir <dir>      synth output to read (default: cdktf.out)
  --stack <name>   only this stack (repeatable)
  --raw            bare Mermaid source, no Markdown (one stack only), e.g. for mermaid-cli
  --out <file>     also write the output to <file>
  -h, --help       this help`;

/** Runs `graph` with the given arguments; returns the exit code. */
export function runGraphCli(argv: readonly string[], io: CliIo): number {
  let values: { dir?: string; stack?: string[]; raw?: boolean; out?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        dir: { type: "string", default: "cdktf.out" },
        stack: { type: "string", multiple: true },
        raw: { type: "boolean", default: false },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    io.stderr(`graph: ${(error as Error).message}\n\n${GRAPH_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${GRAPH_USAGE}\n`);
    return 0;
  }
  try {
    const output = loadSynthOutput(values.dir ?? "cdktf.out");
    const wanted = values.stack ?? [...output.stacks.keys()];
    const missing = wanted.filter((name) => !output.stacks.has(name));
    if (missing.length > 0) throw new Error(`no stack ${missing.join(", ")} in ${values.dir} (stacks: ${[...output.stacks.keys()].join(", ") || "none"})`);
    if (values.raw && wanted.length !== 1) throw new Error("--raw prints one stack: give exactly one --stack");

    const diagrams = wanted.map((name) => [name, stackDiagram(new StackView(output.stacks.get(name)!))] as const);
    const result = values.raw
      ? `${diagrams[0][1]}\n`
      : `${diagrams.map(([name, diagram]) => `## Stack ${code(name)}\n\n${fenced("mermaid", diagram)}\n`).join("\n")}`;
    io.stdout(result);
    if (values.out) {
      mkdirSync(dirname(values.out), { recursive: true });
      writeFileSync(values.out, result);
    }
    return 0;
  } catch (error) {
    io.stderr(`graph: ${(error as Error).message}\n`);
    return 2;
  }
}
