// Orders the suites for two workers on two cores:
// - first the longest (the suite that runs the run's one plan batch, and the two-checkout
//   determinism synth), so the rest of the suite runs beside them instead of after them (Jest's
//   default orders a first run, as in a fresh CI clone without its timing cache, by file size, which
//   would start them last);
// - the other suites that await a result of the batch (they call plannedStack or plannedChange)
//   after two thirds of the rest: by then the batch is done, so no worker sits waiting for it, and
//   what they do besides (their own Terraform and synths) is not left for the end, where one worker
//   would run it while the other has nothing left to do;
// - the rest in Jest's order.
const { readFileSync } = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = ["/__tests__/terraform/aws-stacks-plan.test.ts", "/__tests__/determinism.test.ts"];
/** Where the suites that await the batch start, as a share of the suites that do not. */
const AWAITING_AT = 2 / 3;

const awaitsPlans = (test) => {
  try {
    return /\bplanned(Stack|Change)\(/.test(readFileSync(test.path, "utf8"));
  } catch {
    return false;
  }
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = FIRST.flatMap((part) => sorted.filter((test) => test.path.includes(part)));
    const rest = sorted.filter((test) => !first.includes(test));
    const awaiting = rest.filter(awaitsPlans);
    const others = rest.filter((test) => !awaiting.includes(test));
    const at = Math.ceil(others.length * AWAITING_AT);
    return [...first, ...others.slice(0, at), ...awaiting, ...others.slice(at)];
  }
}

module.exports = LongestFirst;
