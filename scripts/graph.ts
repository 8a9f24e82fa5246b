// `npm run graph -- --help`: a Mermaid diagram per synthesized stack (logic in scripts/review/).
import { runGraphCli } from "./review/graph-cli";

// `npm run graph ... | head` closes the pipe early: not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
process.exitCode = runGraphCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
