// Orders the suites for two workers on two cores, for a cold run (a fresh CI clone has no timing
// cache, and Jest's default then orders by file size):
// - first the longest (the suite that runs the run's one plan batch, and the two-checkout
//   determinism synth), so the rest of the suite runs beside them instead of after them;
// - then the suites of the commands and of the config files (__tests__/scripts/, __tests__/config/):
//   they start processes and synthesize project copies, the long ones;
// - then the other suites that await a result of the batch (they call plannedStack or
//   plannedChange): by then the batch is done, so no worker sits waiting for it;
// - last the construct suites, many and short, which keep both workers busy to the end.
const { readFileSync } = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = ["/__tests__/terraform/aws-stacks-plan.test.ts", "/__tests__/determinism.test.ts"];
const LONG = /[\\/]__tests__[\\/](scripts|config)[\\/]/;

const awaitsPlans = (test) => {
  try {
    return /\bplanned(Stack|Change)\(/.test(readFileSync(test.path, "utf8"));
  } catch {
    return false;
  }
};

const group = (test) => {
  const first = FIRST.findIndex((part) => test.path.includes(part));
  if (first !== -1) return first;
  if (awaitsPlans(test)) return FIRST.length + 1;
  return LONG.test(test.path) ? FIRST.length : FIRST.length + 2;
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const groups = new Map(tests.map((test) => [test.path, group(test)]));
    return [...super.sort(tests)].sort((a, b) => groups.get(a.path) - groups.get(b.path));
  }
}

module.exports = LongestFirst;
