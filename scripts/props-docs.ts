// `npm run docs:props`: writes docs/props.md, the props reference, from the props schemas and their doc
// comments (logic in scripts/props-docs/). `--check` only tells whether the file is up to date.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderPropsReference } from "./props-docs/render";

export const PROPS_REFERENCE_FILE = join(__dirname, "..", "docs", "props.md");

const text = renderPropsReference();
if (process.argv.includes("--check")) {
  const current = readFileSync(PROPS_REFERENCE_FILE, "utf8");
  if (current !== text) {
    process.stderr.write("docs/props.md is out of date: run npm run docs:props\n");
    process.exitCode = 1;
  }
} else {
  writeFileSync(PROPS_REFERENCE_FILE, text);
  process.stdout.write("Wrote docs/props.md\n");
}
