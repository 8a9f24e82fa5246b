// `npm run review -- --help`: the synth-output review for pull requests (logic in scripts/review/).
import { runReviewCli } from "./review/review-cli";

// `npm run review ... | head` closes the pipe early: not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
process.exitCode = runReviewCli(process.argv.slice(2));
