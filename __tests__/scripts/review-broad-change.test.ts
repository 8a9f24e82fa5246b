import { rmSync } from "node:fs";
import { join } from "node:path";
import { buildReview } from "../../scripts/review/build-review";
import { gateItems, renderReview } from "../../scripts/review/render";
import { loadSynthOutput } from "../../scripts/review/synth-output";
import { appOutdir } from "../terraform/harness";
import { BROAD_FUNCTIONS, BROAD_STACKS, makeBroadChange, reportsBucketArn } from "./review-broad-change";
import { REPO_ROOT, runReview, section, tempOutdir } from "./review-fixtures";

/**
 * The broad change on the real app's synth output: five functions gain
 * `dynamodb:DeleteItem` and an S3 read, and double their memory, in dev, stg and prod.
 */
let base: string;
let head: string;
let markdown: string;

beforeAll(() => {
  base = appOutdir(REPO_ROOT);
  head = makeBroadChange(base, join(tempOutdir("broad"), "out"));
  markdown = renderReview(buildReview(loadSynthOutput(base), loadSynthOutput(head)));
});

afterAll(() => {
  if (head) rmSync(join(head, ".."), { recursive: true, force: true });
});

/** `a-{x,y}-b` -> `a-x-b`, `a-y-b` (how the review writes values that differ by environment only). */
function expandBraces(value: string): string[] {
  const m = /\{([^{}]*,[^{}]*)\}/.exec(value);
  if (!m) return [value];
  return m[1].split(",").flatMap((v) => expandBraces(value.slice(0, m.index) + v + value.slice(m.index + m[0].length)));
}

describe("review of the broad change", () => {
  it("fits in 20,000 characters without cutting anything", () => {
    expect(markdown.length).toBeLessThanOrEqual(20_000);
    expect(markdown).not.toContain("Cut to fit");
    for (const heading of ["## Security changes", "### IAM statement changes", "## Resource changes", "## Attribute changes", "## Diagrams"]) expect(markdown).toContain(heading);
  });

  it("names every action, resource, function and stack it touches", () => {
    const security = section(markdown, "## Security changes");
    for (const action of ["dynamodb:DeleteItem", "s3:GetObject"]) expect(security).toContain(`\`${action}\``);
    // The users table is a Table construct: its resource is the construct's Default child.
    expect(security).toContain("`<aws_dynamodb_table UsersTable/Default>.arn`");
    // One row for the three environments' buckets, each named: svc-{dev,stg,prod}-reports.
    const named = [...security.matchAll(/`([^`]+)`/g)].flatMap((m) => expandBraces(m[1]));
    for (const env of ["dev", "stg", "prod"]) expect(named).toContain(reportsBucketArn(env));
    for (const stack of BROAD_STACKS) expect(security).toContain(stack);
    // Functions are folded as the issue shows them: `users-create, -get, -list, -update`.
    expect(security).toContain("ExecutionRole/Policy of Hello, users-create, -get, -list, -update in aws-dev, aws-stg, aws-prod");
    const resources = section(markdown, "## Resource changes");
    expect(resources).toContain("| ~ update in place | `aws_lambda_function` | `memory_size` | Function of Hello, users-create, -get, -list, -update in aws-dev, aws-stg, aws-prod |");
    for (const fn of BROAD_FUNCTIONS) expect(section(markdown, "### IAM statement changes")).toContain(`\`aws_iam_role_policy ${fn}/ExecutionRole/Policy\``);
  });

  it("shows each distinct change once: one row per statement change, the memory per environment", () => {
    const iamRows = section(markdown, "### IAM statement changes")
      .split("<details>")[0]
      .split("\n")
      .filter((l) => /^\| [-+~] \|/.test(l));
    expect(iamRows).toHaveLength(3);
    expect(iamRows.find((r) => r.startsWith("| ~ |"))).toContain("**+** `dynamodb:DeleteItem`");
    const memory = section(markdown, "## Attribute changes")
      .split("\n")
      .filter((l) => l.includes("`memory_size`"));
    expect(memory.map((l) => l.split(" | ").slice(2, 4))).toEqual([
      ["`256`", "`512`"],
      ["`512`", "`1024`"],
      ["`1024`", "`2048`"],
    ]);
    // The policy chain once per policy, not on every row.
    expect(markdown.match(/`aws_iam_role_policy users-create\/ExecutionRole\/Policy`/g)).toHaveLength(1);
  });

  it("gates on the three widening rows, by id", () => {
    const items = gateItems(buildReview(loadSynthOutput(base), loadSynthOutput(head)));
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.kind === "broadening")).toBe(true);
    const gated = runReview(["--base", base, "--head", head, "--fail-on", "broadening", "--no-diagrams"]);
    expect(gated.status).toBe(1);
    const acknowledged = runReview(["--base", base, "--head", head, "--fail-on", "broadening", "--no-diagrams", "--acknowledge", items.map((i) => i.id).join(",")]);
    expect(acknowledged.status).toBe(0);
  });
});
