// `npm run local -- --help`: run a synthesized stack's functions on this machine (logic in scripts/local/).
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
