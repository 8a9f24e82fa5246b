// Starts the longest suites first (Terraform plans, the two-checkout determinism synth), so that on
// two cores the rest of the suite runs beside them instead of after them. Jest's default orders a
// first run (a fresh CI clone has no timing cache) by file size, which would start them last.
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = ["/__tests__/terraform/", "/__tests__/determinism.test.ts"];
const rank = (test) => {
  const i = FIRST.findIndex((part) => test.path.includes(part));
  return i === -1 ? FIRST.length : i;
};

class LongestFirst extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
