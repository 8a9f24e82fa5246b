// `npm run local -- --help`: run a synthesized stack's functions on this machine (logic in scripts/local/).
// The npm script runs it through scripts/local.js, which bundles it in memory with esbuild (see there
// why); `node --require tsx/cjs scripts/local.ts` runs the same code unbundled.
import { runLocalCli } from "./local/cli";

runLocalCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`local: ${error.message}\n`);
    process.exitCode = 2;
  },
);
