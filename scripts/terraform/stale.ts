/**
 * Whether a synth output is older than the sources it was synthesized from, by file times: a file
 * the app reads (anything of the project but tests, docs, benchmarks, workflows and Markdown)
 * changed after the output's manifest.json was written. Over-approximates on purpose: a stale
 * answer costs one synth (about a second), a wrong fresh one a plan of old code.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { projectFiles } from "../project-files";

// The list of synths under way next to the output folder (scripts/synth-output.js), written as each synth ends.
const { UNDER_WAY } = require("../synth-output") as { UNDER_WAY: string };

/** Top-level folders and files the app never reads. */
const NOT_INPUTS = new Set(["__tests__", "docs", "bench", ".github", ".ci", "jest.config.js", ".gitignore", "LICENSE", UNDER_WAY, `${UNDER_WAY}.lock`]);

/** The project's own synth output folder: `output` of its cdktf.json, else `cdktf.out`. */
export function projectOutdir(root: string): string {
  const file = join(root, "cdktf.json");
  const config = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { output?: string }) : {};
  return resolve(root, config.output || "cdktf.out");
}

/** Why `outdir` cannot be used as it is, or undefined when it is newer than every source file. */
export function staleReason(root: string, outdir: string): string | undefined {
  const manifest = join(outdir, "manifest.json");
  const shown = relative(root, outdir) || outdir;
  if (!existsSync(manifest)) return `${shown} has no manifest.json (never synthesized, or its last synth failed)`;
  const written = statSync(manifest).mtimeMs;
  const outdirRel = relative(root, outdir).split(/[\\/]/)[0];
  for (const file of projectFiles(root)) {
    const top = file.split("/")[0];
    if (NOT_INPUTS.has(top) || top === outdirRel || file.endsWith(".md")) continue;
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (stat && stat.mtimeMs > written) return `${file} changed after ${shown} was written`;
  }
  return undefined;
}
