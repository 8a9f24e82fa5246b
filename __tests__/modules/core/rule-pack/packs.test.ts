import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_RULES, GCP_RULES, RULE_ID_FORMAT, SECURE_BY_DEFAULT, TERRAFORM_RULES } from "../../../../modules/core/rule-pack";
import { guardOf, isSuppressible } from "../../../../modules/core/rule-pack/rule-guards";

const RULES_GUIDE = join(__dirname, "..", "..", "..", "..", "docs", "rules.md");

describe("packs", () => {
  test("SECURE_BY_DEFAULT is every AWS, GCP and default-deny rule, each once", () => {
    expect(SECURE_BY_DEFAULT).toEqual([...AWS_RULES, ...GCP_RULES, ...TERRAFORM_RULES]);
    const ids = SECURE_BY_DEFAULT.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(SECURE_BY_DEFAULT.map((r) => [r.id, r] as const))("%s is fully described", (id, rule) => {
    expect(id).toMatch(RULE_ID_FORMAT);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.title).not.toContain(":"); // the title ends where the detail starts
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.appliesTo.length).toBeGreaterThan(0);
    for (const c of rule.checkov) expect(c).toMatch(/^CKV2?_(AWS|GCP)_\d+$/);
    for (const t of rule.trivy) expect(t).toMatch(/^(AWS|GCP)-\d{4}$/);
    if (TERRAFORM_RULES.includes(rule)) {
      expect(rule.appliesTo).toEqual(["*"]);
    } else {
      for (const type of rule.appliesTo) expect(type).toMatch(/^(data\.)?(aws|google)_[a-z0-9_]+$/);
      expect(rule.appliesTo.every((t) => (t.replace(/^data\./, "").startsWith("aws_") ? AWS_RULES : GCP_RULES).includes(rule))).toBe(true);
    }
    // Every rule says what it guards; IAM, network and public-exposure rules cannot be suppressed.
    expect(guardOf(rule)).toBeDefined();
    if (["iam", "network", "public-exposure"].includes(guardOf(rule)!)) expect(isSuppressible(rule)).toBe(false);
  });
});

describe("docs/rules.md rule table", () => {
  const rows = new Map(
    readFileSync(RULES_GUIDE, "utf8")
      .split("\n## The rules\n")[1]
      .split("\n## ")[0]
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => {
        const cells = line.split("|").map((c) => c.trim());
        return [cells[1].replace(/`/g, ""), cells] as const;
      }),
  );

  test("has one row per rule, in pack order, and no other", () => {
    expect([...rows.keys()]).toEqual(SECURE_BY_DEFAULT.map((r) => r.id));
  });

  test.each(SECURE_BY_DEFAULT.map((r) => [r.id, r] as const))("%s row lists its checkov and trivy ids", (id, rule) => {
    const cells = rows.get(id)!;
    expect(cells[2]).toBe(rule.checkov.join(", ") || "—");
    expect(cells[3]).toBe(rule.trivy.join(", ") || "—");
  });
});
