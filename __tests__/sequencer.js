// Orders the suites for two workers on two cores:
// - first the longest (the suite that runs the run's one plan batch, and the two-checkout
//   determinism synth), so the rest of the suite runs beside them instead of after them (Jest's
//   default orders a first run, as in a fresh CI clone without its timing cache, by file size, which
//   would start them last);
// - last the other suites that await a result of the batch (they call plannedStack or
//   plannedChange), so that by the time a worker reaches them the batch is done and no worker sits
//   waiting for it.
const { readFileSync } = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = ["/__tests__/terraform/aws-stacks-plan.test.ts", "/__tests__/determinism.test.ts"];
const awaitsPlans = (test) => {
  try {
    return /\bplanned(Stack|Change)\(/.test(readFileSync(test.path, "utf8"));
  } catch {
    return false;
  }
};
const rank = (test) => {
  const i = FIRST.findIndex((part) => test.path.includes(part));
  if (i !== -1) return i;
  return awaitsPlans(test) ? FIRST.length + 1 : FIRST.length;
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const ranks = new Map(tests.map((test) => [test.path, rank(test)]));
    return [...super.sort(tests)].sort((a, b) => ranks.get(a.path) - ranks.get(b.path));
  }
}

module.exports = LongestFirst;
