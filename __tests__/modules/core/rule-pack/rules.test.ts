import { SECURE_BY_DEFAULT } from "../../../../modules/core/rule-pack";
import { asCase, type CompliantCase, type NoncompliantCase, type RuleCases } from "./cases";
import { AWS_CASES } from "./cases-aws";
import { DEPLOYER_CASES } from "./cases-deployer";
import { GCP_CASES } from "./cases-gcp";
import { TERRAFORM_CASES } from "./cases-terraform";
import { findingsOf, tempDirs } from "./helpers";

// Like cdk-nag's tests: every rule has compliant fixtures (no finding) and deliberately bad ones
// (one finding or more, each naming the rule), built from small stacks.
const CASES: Record<string, RuleCases> = { ...AWS_CASES, ...GCP_CASES, ...TERRAFORM_CASES };
// The deployer identities' cases (their own file) join the rules' cases.
for (const [id, cases] of Object.entries(DEPLOYER_CASES)) {
  CASES[id] = { compliant: { ...CASES[id]?.compliant, ...cases.compliant }, noncompliant: { ...CASES[id]?.noncompliant, ...cases.noncompliant } };
}
const tempDir = tempDirs();
let outdir: string;
beforeAll(() => (outdir = tempDir()));

test("every rule of the pack has at least one compliant and one non-compliant case", () => {
  const missing = SECURE_BY_DEFAULT.filter((r) => {
    const c = CASES[r.id];
    return !c || Object.keys(c.compliant).length === 0 || Object.keys(c.noncompliant).length === 0;
  }).map((r) => r.id);
  expect(missing).toEqual([]);
  expect(Object.keys(CASES).sort()).toEqual(SECURE_BY_DEFAULT.map((r) => r.id).sort());
});

describe.each(SECURE_BY_DEFAULT.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
  const cases = CASES[id] ?? { compliant: {}, noncompliant: {} };

  test.each(Object.entries(cases.compliant))("Compliant: %s", (_name, c) => {
    const { build, environment } = asCase<CompliantCase>(c);
    expect(findingsOf(outdir, rule, build, environment ?? "prod").map((f) => f.message)).toEqual([]);
  });

  test.each(Object.entries(cases.noncompliant))("Noncompliant: %s", (_name, c) => {
    const { build, environment, detail } = asCase<NoncompliantCase>(c);
    const findings = findingsOf(outdir, rule, build, environment ?? "prod");
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.ruleId).toBe(id);
      expect(f.message.startsWith(`[${id}] ${rule.title}: `)).toBe(true);
    }
    if (detail) expect(findings.map((f) => f.message).join("\n")).toMatch(detail);
  });
});
