import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerlessFunction } from "../../../modules/aws";
import { previousAddresses, renamedFrom, ValidationError } from "../../../modules/core";
import { buildReview, replacements } from "../../../scripts/review/build-review";
import { gateItems, renderReview } from "../../../scripts/review/render";
import { loadSynthOutput } from "../../../scripts/review/synth-output";
import { FIXTURES, runReview, synthAwsFixture } from "../../scripts/review-fixtures";
import { describeWithTerraform, PLAN_TIMEOUT_MS, plannedStack } from "../../terraform/harness";

type Json = Record<string, any>;
const CODE = join(FIXTURES, "code");
const stackJson = (outdir: string): Json => JSON.parse(readFileSync(join(outdir, "stacks", "aws-fixture", "cdk.tf.json"), "utf8"));
const resourceAddresses = (config: Json) => Object.entries(config.resource as Record<string, Record<string, unknown>>).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`));
/** The addresses of the resources under one construct of the stack (its path relative to the stack). */
const addressesUnder = (config: Json, path: string) =>
  Object.entries(config.resource as Record<string, Record<string, Json>>).flatMap(([type, blocks]) =>
    Object.entries(blocks)
      .filter(([, block]) => String(block["//"].metadata.path).startsWith(`aws-fixture/${path}/`))
      .map(([name]) => `${type}.${name}`),
  );

// The same function before and after its construct id changes from Hello to Greeter, with and
// without renamedFrom; no HTTP API, whose integration ids follow the target's path (see docs/review.md).
let before: string;
let withMove: string;
let withoutMove: string;
beforeAll(() => {
  before = synthAwsFixture({ api: false });
  withMove = synthAwsFixture({ api: false, functionId: "Greeter", renamedFrom: "Hello" });
  withoutMove = synthAwsFixture({ api: false, functionId: "Greeter" });
});
afterAll(() => {
  for (const dir of [before, withMove, withoutMove]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("renamedFrom", () => {
  it("writes a moved block from every old address to its new one", () => {
    const old = addressesUnder(stackJson(before), "Hello");
    const head = stackJson(withMove);
    const moved = head.moved as { from: string; to: string }[];
    expect(moved.map((m) => m.from).sort()).toEqual(old.sort());
    expect(moved.map((m) => m.to).sort()).toEqual(addressesUnder(head, "Greeter").sort());
    // The stack's alarm topic (its environment is not known, so the function is watched) is not the function's: it stays.
    const stackLevel = addressesUnder(head, "AlarmTopic");
    expect(stackLevel.length).toBeGreaterThan(0);
    expect(resourceAddresses(head).sort()).toEqual([...addressesUnder(head, "Greeter"), ...stackLevel].sort());
    expect(moved).toContainEqual({ from: "aws_lambda_function.Hello_Function_5AD17EB0", to: "aws_lambda_function.Greeter_Function_616033B1" });
    // Data sources hold no state: nothing to move.
    expect(moved.some((m) => m.from.startsWith("data."))).toBe(false);
    // The rest of the stack is what the rename alone gives.
    const { moved: _moved, "//": _metadata, ...rest } = head;
    const { "//": _other, ...without } = stackJson(withoutMove);
    expect(rest).toEqual(without);
  });

  it("computes the old addresses with the stack's own naming", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const fn = new ServerlessFunction(stack, "Greeter", { functionName: "f", codeDirectory: CODE });
    const map = previousAddresses(fn, "Hello");
    expect(map.get("aws_iam_role.Greeter_ExecutionRole_207219B4")).toBe("aws_iam_role.Hello_ExecutionRole_EA19E1A5");
    // The function, its log group, role and policy, and its errors, throttles and duration alarms.
    expect(map.size).toBe(7);
  });

  it("leaves a resource whose logical id is overridden where it is", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const logs = new Construct(stack, "Logs");
    new CloudwatchLogGroup(logs, "App", { name: "app" });
    new CloudwatchLogGroup(logs, "Audit", { name: "audit" }).overrideLogicalId("fixed_audit_logs");
    renamedFrom(logs, "OldLogs");
    const config = JSON.parse(Testing.synth(stack)) as Json;
    // cdktf's scheme: path components joined by `_`, then the first 8 hex digits of the MD5 of the path.
    const id = (path: string) => `${path.replace(/\//g, "_")}_${createHash("md5").update(path).digest("hex").slice(0, 8).toUpperCase()}`;
    expect(config.moved).toEqual([{ from: `aws_cloudwatch_log_group.${id("OldLogs/App")}`, to: `aws_cloudwatch_log_group.${id("Logs/App")}` }]);
    expect(Object.keys(config.resource.aws_cloudwatch_log_group).sort()).toEqual([id("Logs/App"), "fixed_audit_logs"]);
  });

  it("refuses what cannot be a rename, at synth, naming the construct, prop and value", () => {
    const make = () => {
      const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), "renamed-")) }), "s");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      const fn = new ServerlessFunction(stack, "Greeter", { functionName: "f", codeDirectory: CODE });
      const other = new ServerlessFunction(stack, "Other", { functionName: "g", codeDirectory: CODE });
      return { stack, fn, other };
    };
    const { fn, stack } = make();
    expect(() => renamedFrom(fn, "")).toThrow(ValidationError);
    expect(() => renamedFrom(fn, "a/b")).toThrow(/\[s\/Greeter\] previousId: must be a construct id \(no `\/`\); received "a\/b"/);
    expect(() => renamedFrom(fn, "Greeter")).toThrow(/different from the construct's current id/);
    expect(() => renamedFrom(fn, "Other")).toThrow(/an id no sibling uses now/);
    expect(() => renamedFrom(stack, "old")).toThrow(/a construct inside a stack/);
    renamedFrom(fn, "Hello");
    expect(() => renamedFrom(fn, "Hi")).toThrow(/given once per construct \(already renamed from "Hello"\)/);
  });
});

describe("the review of a rename", () => {
  it("without renamedFrom: says prominently the resources will be destroyed and re-created, with the exact fix", () => {
    const review = buildReview(loadSynthOutput(before), loadSynthOutput(withoutMove));
    const [stack] = review.stacks;
    expect(stack.renames.map((r) => [r.type, r.from.path, r.to.path])).toEqual(
      expect.arrayContaining([
        ["aws_lambda_function", "Hello/Function", "Greeter/Function"],
        ["aws_iam_role", "Hello/ExecutionRole/Role", "Greeter/ExecutionRole/Role"],
        ["aws_cloudwatch_log_group", "Hello/LogGroup", "Greeter/LogGroup"],
      ]),
    );
    const markdown = renderReview(review);
    expect(markdown.indexOf("will be destroyed and re-created; declare the move")).toBeLessThan(markdown.indexOf("## Security changes"));
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toContain('renamedFrom(/* the construct at Greeter */ construct, "Hello");');
    expect(markdown).toContain("moved {\n  from = aws_lambda_function.Hello_Function_5AD17EB0\n  to   = aws_lambda_function.Greeter_Function_616033B1\n}");
    expect(replacements(review)).toEqual(expect.arrayContaining([expect.stringContaining("probable rename: function_name fixture-hello; declare the move")]));
    expect(runReview(["--base", before, "--head", withoutMove, "--fail-on", "replacement"]).status).toBe(1);
  });

  it("with renamedFrom: every resource moves, none is destroyed, and nothing widens", () => {
    const review = buildReview(loadSynthOutput(before), loadSynthOutput(withMove));
    const [stack] = review.stacks;
    expect(stack.changes.length).toBeGreaterThan(0);
    expect(stack.changes.filter((c) => c.mode === "managed").every((c) => c.movedFrom !== undefined && c.action === "move")).toBe(true);
    expect(stack.changes.some((c) => c.action === "delete" || c.action === "replace")).toBe(false);
    expect(stack.renames).toEqual([]);
    expect(review.moves).toHaveLength(7);
    expect(gateItems(review)).toEqual([]);
    expect(replacements(review)).toEqual([]);
    const markdown = renderReview(review);
    expect(markdown).toContain("| `aws-fixture` | changed | 0 | 0 | 0 | 0 | 7 |");
    expect(markdown).toContain("### Declared moves");
    expect(markdown).toContain("| `aws_lambda_function` | `Hello/Function` | `Greeter/Function` | aws-fixture |");
    expect(markdown).not.toContain("declare the move");
    expect(runReview(["--base", before, "--head", withMove, "--fail-on", "replacement,broadening"]).status).toBe(0);
  });
});

// The same stack as `withMove`, synthesized and planned in the run's plan batch
// (__tests__/terraform/planned-stacks.ts: "renamed-from").
describeWithTerraform()("terraform plan (offline) of a stack with renamedFrom", () => {
  it(
    "accepts the moved blocks",
    async () => {
      const run = await plannedStack("renamed-from");
      expect(run.output).toMatch(/# aws_lambda_function\.Greeter_Function_616033B1 will be created/);
      expect(run.output).not.toMatch(/Error:/);
      expect(run.ok).toBe(true);
      expect(run.planLine).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    },
    PLAN_TIMEOUT_MS,
  );
});
