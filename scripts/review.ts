// `npm run review -- --help`: the synth-output review for pull requests (logic in scripts/review/).
import { runReviewCli } from "./review/review-cli";

process.exitCode = runReviewCli(process.argv.slice(2));
