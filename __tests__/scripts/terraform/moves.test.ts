import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changeFolder, changeTestFileName, readChange, splitTestOutput, writeChange, type ChangeRequest } from "../../../scripts/terraform/moves";

/**
 * `terraform test -verbose -no-color` as Terraform 1.11 prints a batch root with one change and the
 * stacks' plan (shortened blocks): the change's files run first (files in name order), the stacks'
 * plan failed here.
 */
const OUTPUT = `change_rename.tftest.hcl... in progress
  run "before"... pass

# aws_sqs_queue.Old:
resource "aws_sqs_queue" "Old" {
    arn  = "arn:aws:sqs:eu-west-1:111111111111:mock"
    name = "q"
}

  run "named"... pass

Terraform will perform the following actions:

  # aws_sqs_queue.Old has moved to aws_sqs_queue.New
    resource "aws_sqs_queue" "New" {
        id   = "qijhx23s"
        name = "q"
    }

  # aws_iam_role_policy.Policy will be updated in-place
  ~ resource "aws_iam_role_policy" "Policy" {
      ~ policy = "a" -> "b"
    }

Plan: 0 to add, 1 to change, 0 to destroy.

  run "naive"... pass

Terraform will perform the following actions:

  # aws_sqs_queue.New will be created
  + resource "aws_sqs_queue" "New" {
      + name = "q"
    }

  # aws_sqs_queue.Old will be destroyed
  - resource "aws_sqs_queue" "Old" {
      - name = "q" -> null
    }

  # aws_lambda_permission.P must be replaced
-/+ resource "aws_lambda_permission" "P" {
      ~ statement_id = "a" -> "b" # forces replacement
    }

Plan: 2 to add, 0 to change, 2 to destroy.

change_rename.tftest.hcl... tearing down
change_rename.tftest.hcl... pass
stacks.tftest.hcl... in progress
  run "plan"... fail

Error: expected message_retention_seconds to be in the range (60 - 1209600), got 5

  with module.bad.aws_sqs_queue.q,
  on bad/cdk.tf.json line 3, in resource.aws_sqs_queue.q:
   3:  "resource":{"aws_sqs_queue":{"q":{"name":"q","message_retention_seconds":5}}}}

stacks.tftest.hcl... tearing down
stacks.tftest.hcl... fail

Failure! 3 passed, 1 failed.
`;

const change = (after: string[]): ChangeRequest => ({
  name: "rename",
  before: { resource: { aws_sqs_queue: { Old: { name: "q" } } } },
  after: Object.fromEntries(after.map((name) => [name, { resource: { aws_sqs_queue: { New: { name: "q" } } } }])),
});

describe("splitTestOutput: terraform test's output by file and run", () => {
  const files = splitTestOutput(OUTPUT);

  it("gives each file its status and each run its status and what it printed, up to the next run", () => {
    expect([...files.keys()]).toEqual(["change_rename.tftest.hcl", "stacks.tftest.hcl"]);
    const rename = files.get("change_rename.tftest.hcl")!;
    expect(rename.status).toBe("pass");
    expect([...rename.runs].map(([name, run]) => [name, run.status])).toEqual([
      ["before", "pass"],
      ["named", "pass"],
      ["naive", "pass"],
    ]);
    expect(rename.runs.get("named")!.text).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
    expect(rename.runs.get("named")!.text).not.toContain("will be destroyed");
    expect(rename.runs.get("naive")!.text).not.toContain("tearing down");
    const stacks = files.get("stacks.tftest.hcl")!;
    expect(stacks.status).toBe("fail");
    expect(stacks.runs.get("plan")).toEqual({ status: "fail", text: expect.stringContaining("Error: expected message_retention_seconds") });
    expect(stacks.text).not.toContain("Failure!");
    expect(stacks.text).not.toContain("change_rename");
  });

  it("keeps a file's own diagnostics (printed after its status) in its part, not in a run's", () => {
    const text = OUTPUT.replace("stacks.tftest.hcl... fail\n", "stacks.tftest.hcl... fail\n\nError: Invalid run block\n\n  on stacks.tftest.hcl line 1\n");
    const stacks = splitTestOutput(text).get("stacks.tftest.hcl")!;
    expect(stacks.text).toContain("Error: Invalid run block");
    expect(stacks.runs.get("plan")!.text).not.toContain("Invalid run block");
  });
});

describe("readChange: a change's plans from its test file's part", () => {
  it("reads each configuration's own plan: moves, updates, replacements and its Plan: line", () => {
    const results = readChange(change(["named", "naive"]), splitTestOutput(OUTPUT), OUTPUT);
    expect(results.named).toEqual({
      ok: true,
      planLine: "Plan: 0 to add, 1 to change, 0 to destroy.",
      moves: ["aws_sqs_queue.Old -> aws_sqs_queue.New"],
      replaced: [],
      updated: ["aws_iam_role_policy.Policy"],
      output: expect.stringMatching(/^ {2}run "named"\.\.\. pass\n/),
    });
    expect(results.naive).toMatchObject({ ok: true, planLine: "Plan: 2 to add, 0 to change, 2 to destroy.", moves: [], replaced: ["aws_lambda_permission.P"], updated: [] });
    expect(results.naive.output).not.toContain("has moved to");
  });

  it("fails a configuration whose run, or the old configuration's apply, did not pass, with its file's part", () => {
    const failedRun = OUTPUT.replace('  run "naive"... pass', '  run "naive"... fail');
    const results = readChange(change(["named", "naive"]), splitTestOutput(failedRun), failedRun);
    expect(results.named.ok).toBe(true);
    expect(results.naive).toEqual({ ok: false, moves: [], replaced: [], updated: [], output: expect.stringContaining('run "naive"... fail') });
    const failedApply = OUTPUT.replace('  run "before"... pass', '  run "before"... fail');
    expect(Object.values(readChange(change(["named", "naive"]), splitTestOutput(failedApply), failedApply)).map((r) => r.ok)).toEqual([false, false]);
  });

  it("fails every configuration with the whole output when its file did not run, or a run is missing", () => {
    const init = "$ terraform init\nError: Failed to query available provider packages\n";
    expect(readChange(change(["named"]), splitTestOutput(init), init).named).toEqual({ ok: false, moves: [], replaced: [], updated: [], output: init });
    expect(readChange(change(["other"]), splitTestOutput(OUTPUT), OUTPUT).other.ok).toBe(false);
  });
});

describe("writeChange: a change as a test file of the batch's root", () => {
  const root = mkdtempSync(join(tmpdir(), "write-change-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes each configuration offline as a module folder, and a test file with its own mocked provider: the old one applied, each new one planned over the same state", () => {
    const request: ChangeRequest = {
      name: "rename",
      before: { provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] }, resource: { aws_sqs_queue: { Old: { name: "q" } } } },
      after: { named: { resource: { aws_sqs_queue: { New: { name: "q" } } } }, naive: { resource: { aws_iam_role: { R: { name: "r" } } } } },
    };
    writeChange(root, request);
    const before = JSON.parse(readFileSync(join(root, changeFolder("rename", "before"), "main.tf.json"), "utf8"));
    expect(before.provider.aws[0].allowed_account_ids).toBeUndefined();
    expect(before.provider.aws[0].access_key).toBe("offline-plan");
    const file = readFileSync(join(root, changeTestFileName("rename")), "utf8");
    expect(file).toMatch(/^mock_provider "aws" \{\n/);
    // Valid ARNs for the computed attributes the provider checks, for the types the configurations use.
    expect(file).toContain('mock_resource "aws_iam_role" {\n    defaults = {"arn" ="arn:aws:iam::111111111111:role/mock"}');
    expect(file).toContain('mock_resource "aws_sqs_queue"');
    expect(file).not.toContain('mock_resource "aws_lambda_function"');
    expect(file).toContain('run "before" {\n  state_key = "stack"\n  module {\n    source = "./changes/rename/before"\n  }\n}');
    expect(file).toContain('run "named" {\n  state_key = "stack"\n  command   = plan\n  module {\n    source = "./changes/rename/named"\n  }\n}');
    expect(file).toContain('run "naive" {\n  state_key = "stack"\n  command   = plan\n');
  });

  it("refuses names that cannot be a run block's or folder's, and a configuration named before", () => {
    expect(() => writeChange(root, { ...change(["named"]), name: "Rename" })).toThrow(/name the change and each configuration with \[a-z\]\[a-z0-9_\]\*/);
    expect(() => writeChange(root, change(["before"]))).toThrow(/none of them "before"/);
    expect(() => writeChange(root, change([]))).toThrow(/name the change/);
  });
});
