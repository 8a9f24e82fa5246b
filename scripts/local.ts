// `npm run local -- --help`: run a synthesized stack's functions on this machine (logic in scripts/local/).
// The npm script loads tsx as a require hook (`node --require tsx/cjs`) rather than through the tsx
// command, which starts a second Node process with ESM loader hooks: about a second less to start.
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
