import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildReview, replacements } from "../../scripts/review/build-review";
import { broadeningChanges, renderReview } from "../../scripts/review/render";
import { runReviewCli } from "../../scripts/review/review-cli";
import { loadSynthOutput } from "../../scripts/review/synth-output";
import { cells, FIXTURES, runReview, runScript, section, synthAwsFixture, tableRows, tempOutdir } from "./review-fixtures";

// Synth outputs built for real from the public API (see review-fixtures.ts), once for the file.
const S3_READ = { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-bucket/*"] };
let base: string;
let withPermission: string;
let biggerMemory: string;
let renamed: string;
let withExtraStack: string;
const GCP_BASE = join(FIXTURES, "gcp-public", "base");
const GCP_HEAD = join(FIXTURES, "gcp-public", "head");

beforeAll(() => {
  base = synthAwsFixture({});
  withPermission = synthAwsFixture({ policyStatements: [S3_READ], memorySize: 512 });
  biggerMemory = synthAwsFixture({ memorySize: 1024 });
  renamed = synthAwsFixture({ functionName: "fixture-hello-v2" });
  withExtraStack = synthAwsFixture({ extraStack: true });
});

afterAll(() => {
  for (const dir of [base, withPermission, biggerMemory, renamed, withExtraStack]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function review(baseDir: string, headDir: string): string {
  return renderReview(buildReview(loadSynthOutput(baseDir), loadSynthOutput(headDir)));
}

describe("review of an added permission (the issue's acceptance check)", () => {
  let markdown: string;
  beforeAll(() => {
    markdown = review(base, withPermission);
  });

  it("puts the security section first", () => {
    const security = markdown.indexOf("## Security changes");
    const resources = markdown.indexOf("## Resource changes");
    expect(security).toBeGreaterThan(-1);
    expect(resources).toBeGreaterThan(security);
  });

  it("shows the new statement, with its resource, under the IAM heading, as broadening; the policy chain once", () => {
    const iam = section(markdown, "### IAM statement changes");
    const rows = tableRows(iam.split("<details>")[0]);
    expect(rows).toHaveLength(1);
    const [change, effect, actions, resources, principal, condition, where, mark] = rows[0];
    expect(change).toBe("+");
    expect(effect).toBe("Allow");
    expect(actions).toBe("`s3:GetObject`");
    expect(resources).toBe("`arn:aws:s3:::my-bucket/*`");
    expect([principal, condition]).toEqual(["—", "—"]);
    expect(where).toBe("Hello/ExecutionRole/Policy in aws-fixture");
    expect(mark).toMatch(/^⚠️ broadening `[0-9a-f]{10}`$/);
    expect(iam).toContain(
      "| `aws_iam_role_policy Hello/ExecutionRole/Policy` | `data.aws_iam_policy_document Hello/ExecutionRole/PolicyDocument` | `<aws_iam_role Hello/ExecutionRole/Role>.id` | aws-fixture |",
    );
  });

  it("shows the memory change attribute by attribute", () => {
    const attributes = section(markdown, "## Attribute changes");
    const line = attributes.split("\n").find((l) => l.includes("`memory_size`"));
    expect(line).toBeDefined();
    expect(cells(line!)).toEqual(["`aws_lambda_function`", "`memory_size`", "`256`", "`512`", "", "Hello/Function in aws-fixture"]);
    expect(section(markdown, "## Resource changes")).toContain("| ~ update in place | `aws_lambda_function` | `memory_size` | Hello/Function in aws-fixture |");
  });

  it("counts it as broadening and trips --fail-on broadening", () => {
    // The one run of the script itself (tsx, as npm runs it): its exit code and streams; every other
    // case calls what it calls in this process (runReview).
    const result = runScript("review", ["--base", base, "--head", withPermission, "--fail-on", "broadening"]);
    expect(result.stderr).toContain("--fail-on broadening: 1 found");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("### IAM statement changes");
    expect(result.stdout).toContain("arn:aws:s3:::my-bucket/*");
  });

  it("passes the gate once that change is acknowledged by its id, and says so", () => {
    const id = /⚠️ broadening `([0-9a-f]{10})`/.exec(markdown)![1];
    const result = runReview(["--base", base, "--head", withPermission, "--fail-on", "broadening", "--acknowledge", id]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`⚠️ broadening \`${id}\` (acknowledged)`);
    expect(result.stdout).toContain("1 widening change was acknowledged");
    const stale = runReview(["--base", base, "--head", withPermission, "--fail-on", "broadening", "--acknowledge", "0123456789"]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("--acknowledge 0123456789: no such widening change");
  });
});

describe("review of a removed permission", () => {
  it("shows a - row that is not broadening, and passes the broadening gate", () => {
    const markdown = review(withPermission, base);
    const rows = tableRows(section(markdown, "### IAM statement changes").split("<details>")[0]);
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe("-");
    expect(rows[0][2]).toBe("`s3:GetObject`");
    expect(rows[0][7]).toBe("");
    expect(markdown).toContain("No change broadens permissions or exposure.");

    const result = runReview(["--base", withPermission, "--head", base, "--fail-on", "broadening"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("review of a memory change only", () => {
  it("has no security change and the attribute diff", () => {
    const r = buildReview(loadSynthOutput(base), loadSynthOutput(biggerMemory));
    expect(r.iam).toEqual([]);
    expect(r.facts).toEqual([]);
    expect(broadeningChanges(r)).toEqual([]);
    const [stack] = r.stacks;
    expect(stack.changes).toEqual([
      expect.objectContaining({
        address: "aws_lambda_function.Hello_Function_5AD17EB0",
        action: "update",
        attributes: [{ path: "memory_size", kind: "changed", oldValue: 256, newValue: 1024, forcesReplacement: false }],
      }),
    ]);
    const markdown = renderReview(r);
    expect(markdown).toContain("No change to IAM statements");
    expect(markdown).toContain("| `aws-fixture` | changed | 0 | 1 | 0 | 0 | 0 |");
  });
});

describe("review of a renamed function", () => {
  it("flags the replacements that function_name and the names derived from it force", () => {
    const r = buildReview(loadSynthOutput(base), loadSynthOutput(renamed));
    const fn = r.stacks[0].changes.find((c) => c.address === "aws_lambda_function.Hello_Function_5AD17EB0")!;
    expect(fn.action).toBe("replace");
    expect(fn.attributes.find((a) => a.path === "function_name")).toEqual({
      path: "function_name",
      kind: "changed",
      oldValue: "fixture-hello",
      newValue: "fixture-hello-v2",
      forcesReplacement: true,
    });
    expect(replacements(r)).toEqual(
      expect.arrayContaining([
        "aws-fixture: aws_lambda_function.Hello_Function_5AD17EB0",
        "aws-fixture: aws_iam_role.Hello_ExecutionRole_EA19E1A5",
        "aws-fixture: aws_cloudwatch_log_group.Hello_LogGroup_D4F8714F",
      ]),
    );
    // The description changes with the name but is updatable: not a replacement on its own.
    const role = r.stacks[0].changes.find((c) => c.address === "aws_iam_role.Hello_ExecutionRole_EA19E1A5")!;
    expect(role.attributes.find((a) => a.path === "description")?.forcesReplacement).toBe(false);
    expect(role.attributes.find((a) => a.path === "name")?.forcesReplacement).toBe(true);

    const markdown = renderReview(r);
    expect(markdown).toContain("| -/+ **replace** | `aws_lambda_function` | `function_name` (`function_name` forces a new resource) | Hello/Function in aws-fixture |");
    expect(markdown).toContain("| `aws_lambda_function` | `function_name` | `fixture-hello` | `fixture-hello-v2` | forces replacement | Hello/Function in aws-fixture |");
  });

  it("trips --fail-on replacement but not --fail-on broadening", () => {
    expect(runReview(["--base", base, "--head", renamed, "--fail-on", "broadening"]).status).toBe(0);
    const result = runReview(["--base", base, "--head", renamed, "--fail-on", "replacement"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("aws-fixture: aws_lambda_function.Hello_Function_5AD17EB0");
  });
});

describe("review of a stack that only exists on one side", () => {
  it("lists the new stack's resources and its grants as broadening", () => {
    const r = buildReview(loadSynthOutput(base), loadSynthOutput(withExtraStack));
    const extra = r.stacks.find((s) => s.stack === "aws-extra")!;
    expect(extra.status).toBe("added");
    expect(extra.changes.every((c) => c.action === "create")).toBe(true);
    expect(r.stacks.find((s) => s.stack === "aws-fixture")!.status).toBe("unchanged");
    const kinds = broadeningChanges(r);
    expect(kinds.some((k) => k.includes("Resource permissions: + | aws_lambda_permission") && k.endsWith("at Api/InvokePermission-GET_hello-f2a46b in aws-extra"))).toBe(true);
    expect(kinds.some((k) => k.includes("Public exposure: + | aws_apigatewayv2_route | `route GET /hello without authorization`"))).toBe(true);
    expect(r.trust).toEqual([expect.objectContaining({ change: "+", broadening: true })]);
    expect(renderReview(r)).toContain("| `aws-extra` | added |");
  });

  it("shows a removed stack as destroyed, without broadening", () => {
    const r = buildReview(loadSynthOutput(withExtraStack), loadSynthOutput(base));
    const extra = r.stacks.find((s) => s.stack === "aws-extra")!;
    expect(extra.status).toBe("removed");
    expect(extra.changes.every((c) => c.action === "delete")).toBe(true);
    expect(broadeningChanges(r)).toEqual([]);
    expect(renderReview(r)).toContain("| `aws-extra` | removed | 0 | 0 | 0 |");
  });
});

describe("review of a newly public Cloud Run service (hand-written Terraform JSON)", () => {
  let markdown: string;
  beforeAll(() => {
    markdown = review(GCP_BASE, GCP_HEAD);
  });

  it("shows the allUsers invoker and the wider ingress under public exposure, as broadening", () => {
    const rows = tableRows(section(markdown, "### Public exposure"));
    const broadening = expect.stringMatching(/^⚠️ broadening `[0-9a-f]{10}`$/);
    expect(rows).toEqual([
      ["-", "google_cloud_run_v2_service", "`ingress INGRESS_TRAFFIC_INTERNAL_ONLY`", expect.any(String), "Api/Service in gcp-dev", ""],
      ["+", "google_cloud_run_v2_service", "`ingress INGRESS_TRAFFIC_ALL`", expect.any(String), "Api/Service in gcp-dev", broadening],
      ["+", "google_cloud_run_v2_service_iam_member", "`allUsers: anyone on the internet`", expect.stringContaining("roles/run.invoker"), "Api/PublicInvoker in gcp-dev", broadening],
    ]);
  });

  it("lists the grant with its role and member under GCP IAM grants", () => {
    const rows = tableRows(section(markdown, "### GCP IAM grants"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.arrayContaining(["+", "`roles/run.invoker`", "`allUsers`", expect.stringMatching(/^⚠️ broadening/)]));
    expect(rows[0][2]).toContain("name=<google_cloud_run_v2_service Api/Service>");
  });

  it("shows only the rule-pack findings that are new in head", () => {
    const rows = tableRows(section(markdown, "### New rule-pack findings"));
    expect(rows).toEqual([["warn", "`cloud-run-public`", expect.stringContaining("can be invoked by allUsers"), "Api/PublicInvoker in gcp-dev"]]);
    expect(markdown).not.toContain("cloud-run-min-instances");
  });

  it("diffs nested attributes and leaves the stack settings alone", () => {
    const attributes = section(markdown, "## Attribute changes");
    expect(attributes).toContain("| `google_cloud_run_v2_service` | `template.containers[0].resources.limits.memory` | `512Mi` | `1Gi` |   | Api/Service in gcp-dev |");
    expect(section(markdown, "## Resource changes")).toContain("| + create | `google_cloud_run_v2_service_iam_member` | — | Api/PublicInvoker in gcp-dev |");
    expect(attributes).not.toContain("stack settings");
  });

  it("gates on broadening and on new findings, exit 1; no gate, exit 0", () => {
    const gated = runReview(["--base", GCP_BASE, "--head", GCP_HEAD, "--fail-on", "broadening,findings"]);
    expect(gated.status).toBe(1);
    expect(gated.stderr).toContain("--fail-on broadening: 3 found");
    expect(gated.stderr).toContain("--fail-on findings: 1 found");
    expect(runReview(["--base", GCP_BASE, "--head", GCP_HEAD]).status).toBe(0);
    expect(runReview(["--base", GCP_HEAD, "--head", GCP_HEAD, "--fail-on", "broadening", "--fail-on", "findings"]).status).toBe(0);
  });
});

describe("review CLI", () => {
  it("writes --out too, with the same Markdown as stdout", () => {
    const dir = tempOutdir("out");
    const out = join(dir, "nested", "review.md");
    const result = runReview(["--base", GCP_BASE, "--head", GCP_HEAD, "--out", out]);
    expect(result.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(result.stdout);
    rmSync(dir, { recursive: true, force: true });
  });

  it("is deterministic", () => {
    expect(review(base, withPermission)).toBe(review(base, withPermission));
    expect(runReview(["--base", GCP_BASE, "--head", GCP_HEAD]).stdout).toBe(review(GCP_BASE, GCP_HEAD));
  });

  it("exits 2 on bad arguments and unreadable input", () => {
    const noBase = runReview(["--head", GCP_HEAD]);
    expect(noBase.status).toBe(2);
    expect(noBase.stderr).toContain("give exactly one of --base <dir> and --base-ref <git ref>");
    const badGate = runReview(["--base", GCP_BASE, "--head", GCP_HEAD, "--fail-on", "everything"]);
    expect(badGate.status).toBe(2);
    expect(badGate.stderr).toContain('unknown gate "everything"');
    const badAck = runReview(["--base", GCP_BASE, "--head", GCP_HEAD, "--acknowledge", "yes"]);
    expect(badAck.status).toBe(2);
    expect(badAck.stderr).toContain("--acknowledge: an id of 10 hex digits");
    const missing = runReview(["--base", join(FIXTURES, "does-not-exist"), "--head", GCP_HEAD]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("not a directory");
    // What a failed synth leaves behind: an outdir with an empty stacks/ and no manifest.json.
    const failed = tempOutdir("failed");
    mkdirSync(join(failed, "stacks"));
    const broken = runReview(["--base", GCP_BASE, "--head", failed]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("did the synth fail?");
    rmSync(failed, { recursive: true, force: true });
  });

  it("keeps the report within --max-chars by cutting the attribute-level section first, never the security section", () => {
    const full = renderReview(buildReview(loadSynthOutput(base), loadSynthOutput(withExtraStack)));
    expect(full).toContain("## Attribute changes");
    expect(full).toContain("```mermaid");
    const withoutAttributes = full.length - section(full, "## Attribute changes").length;
    const max = withoutAttributes + 250;
    expect(full.length).toBeGreaterThan(max);
    const result = runReview(["--base", base, "--head", withExtraStack, "--max-chars", String(max)]);
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeLessThanOrEqual(max);
    expect(result.stdout).not.toContain("## Attribute changes");
    expect(result.stdout).toContain("```mermaid");
    expect(result.stdout).toMatch(/Cut to fit \d+ characters: the attribute-level section \(\d+ rows\)\. The security rows are all here\./);
    expect(result.stdout).toContain(section(full, "## Security changes"));

    // Security rows alone over the limit: written whole, said so at the top, and the review fails.
    const lines: string[] = [];
    const io = { stdout: (t: string) => lines.push(t), stderr: (t: string) => lines.push(`stderr: ${t}`) };
    expect(runReviewCli(["--base", base, "--head", withExtraStack, "--max-chars", "1000"], io)).toBe(1);
    const tiny = lines.filter((l) => !l.startsWith("stderr: ")).join("");
    const stderr = lines.filter((l) => l.startsWith("stderr: ")).join("");
    const securityLines = section(full, "## Security changes")
      .replace(/<details><summary>Where each policy comes from[\s\S]*?<\/details>/g, "")
      .split("\n")
      .filter((l) => l.startsWith("|"));
    expect(securityLines.length).toBeGreaterThan(5);
    for (const line of securityLines) expect(tiny).toContain(line);
    expect(tiny).toContain("This report is incomplete as a comment: its security section alone is longer than 1000 characters");
    expect(tiny).not.toContain("The security rows are all here");
    expect(tiny).toContain("the attribute-level section");
    expect(tiny).toContain("the diagrams");
    expect(tiny).toContain("the resource list");
    expect(stderr).toContain("over --max-chars 1000: its security rows alone are that long and are never cut");
  });
});
