import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchConfig, notBatchable, planBatch, splitPlan } from "../../../scripts/terraform/batch";
import { findProviderMirror, findTerraform, offlineConfig, TERRAFORM_GOGC, terraformEnv, writeCliConfig } from "../../../scripts/terraform/offline";

/** A batch's plan output as `terraform plan -no-color` prints it (shortened blocks). */
const PLAN = `$ terraform init -input=false -no-color -backend=false
Initializing modules...
Terraform has been successfully initialized!

$ terraform plan -input=false -no-color -lock=false -refresh=false
module.a.data.aws_iam_policy_document.Trust: Reading...
module.a.data.aws_iam_policy_document.Trust: Read complete after 0s [id=1]

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create
 <= read (data resources)

Terraform will perform the following actions:

  # module.a.aws_iam_role.Role will be created
  + resource "aws_iam_role" "Role" {
      + arn  = (known after apply)
      + name = "a-role"
    }

  # module.a.data.aws_iam_policy_document.Policy will be read during apply
  # (config refers to values not yet known)
 <= data "aws_iam_policy_document" "Policy" {
      + json = (known after apply)
    }

  # module.b.aws_lambda_function.Fn will be created
  + resource "aws_lambda_function" "Fn" {
      + function_name = "b-fn"
      + role          = (known after apply)
    }

  # module.b.aws_sqs_queue.Dlq will be created
  + resource "aws_sqs_queue" "Dlq" {
      + name = "b-dlq"
    }

Plan: 3 to add, 0 to change, 0 to destroy.

Changes to Outputs:
  + a__role_arn = (known after apply)
  + b__fn_name  = "b-fn"

Warning: Argument is deprecated

  with module.b.aws_lambda_function.Fn,
  on b/cdk.tf.json line 12, in resource "aws_lambda_function" "Fn":
  12:         "old_argument": "x",

Use new_argument instead.

─────────────────────────────────────────────────────────────────────────────

Note: You didn't use the -out option to save this plan.
`;

describe("splitPlan: a batch's plan, one part per stack", () => {
  const split = splitPlan(PLAN, ["a", "b"]);

  it("gives each stack its own changes, addressed as a plan of that stack alone prints them, and its counts", () => {
    const a = split.stacks.get("a")!;
    expect(a.counts).toEqual({ add: 1, change: 0, destroy: 0 });
    expect(a.text).toContain("  # aws_iam_role.Role will be created");
    expect(a.text).toContain("  # data.aws_iam_policy_document.Policy will be read during apply\n  # (config refers to values not yet known)");
    expect(a.text).not.toContain("module.");
    expect(a.text).not.toContain("b-fn");
    const b = split.stacks.get("b")!;
    expect(b.counts).toEqual({ add: 2, change: 0, destroy: 0 });
    expect(b.text).toContain('  # aws_lambda_function.Fn will be created\n  + resource "aws_lambda_function" "Fn" {\n      + function_name = "b-fn"');
    expect(b.text).toContain("Plan: 2 to add, 0 to change, 0 to destroy.");
    expect(split.total).toEqual({ add: 3, change: 0, destroy: 0 });
  });

  it("gives each stack its outputs under their own names, and the warnings that name it", () => {
    expect(split.stacks.get("a")!.text).toMatch(/Changes to Outputs:\n {2}\+ role_arn += \(known after apply\)/);
    expect(split.stacks.get("b")!.text).toMatch(/Changes to Outputs:\n {2}\+ fn_name += "b-fn"/);
    expect(split.stacks.get("b")!.text).toContain("Warning: Argument is deprecated\n\n  with aws_lambda_function.Fn,");
    expect(split.stacks.get("b")!.text).not.toContain("Note: You didn't use");
    expect(split.stacks.get("a")!.text).not.toContain("Warning:");
  });

  it("refuses a split whose counts do not add up to Terraform's line, and a change outside the batch's stacks", () => {
    expect(() => splitPlan(PLAN.replace("Plan: 3 to add", "Plan: 4 to add"), ["a", "b"])).toThrow(
      "the stacks' changes (Plan: 3 to add, 0 to change, 0 to destroy.) do not add up to Terraform's line for the batch (Plan: 4 to add, 0 to change, 0 to destroy.)",
    );
    expect(() => splitPlan(PLAN, ["a"])).toThrow("a change outside the batch's stacks: # module.b.aws_lambda_function.Fn will be created");
    expect(() => splitPlan("$ terraform plan\nError: boom\n", ["a"])).toThrow("the batch's plan has no `Plan:` line");
  });

  it("reads the plan as a run of `terraform test -verbose` prints it (no command line before it, no rule after it)", () => {
    const run = PLAN.slice(PLAN.indexOf("Terraform used")).split("\n─")[0];
    const fromTest = splitPlan(run, ["a", "b"]);
    expect([...fromTest.stacks.keys()]).toEqual(["a", "b"]);
    for (const name of ["a", "b"]) expect(fromTest.stacks.get(name)).toEqual(split.stacks.get(name));
  });

  it("a stack without resource changes has no Plan: line, as Terraform prints none for it alone", () => {
    const c = splitPlan(PLAN, ["a", "b", "c"]).stacks.get("c")!;
    expect(c.counts).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(c.text).toContain("No resource changes in this stack.");
    expect(c.text).not.toContain("Plan:");
  });

  it("counts replacements, updates and destroys as Terraform does", () => {
    const text = PLAN.replace("module.b.aws_sqs_queue.Dlq will be created", "module.b.aws_sqs_queue.Dlq must be replaced")
      .replace("module.a.aws_iam_role.Role will be created", "module.a.aws_iam_role.Role will be updated in-place")
      .replace("Plan: 3 to add, 0 to change, 0 to destroy.", "Plan: 2 to add, 1 to change, 1 to destroy.");
    const split2 = splitPlan(text, ["a", "b"]);
    expect(split2.stacks.get("a")!.counts).toEqual({ add: 0, change: 1, destroy: 0 });
    expect(split2.stacks.get("b")!.counts).toEqual({ add: 2, change: 0, destroy: 1 });
  });
});

describe("the batch's configuration", () => {
  const aws = { source: "aws", version: "5.100.0" };
  const offline = { access_key: "offline-plan", secret_key: "offline-plan" };
  const stack = (name: string, provider: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    name,
    source: `./${name}`,
    config: { terraform: { required_providers: { aws } }, provider: { aws: [provider] }, resource: { aws_sqs_queue: { q: { name } } }, ...extra },
  });

  it("is one module per stack, with each stack's outputs re-exported (sensitive ones stay sensitive)", () => {
    const { root, modules } = batchConfig([
      stack("aws-dev", { ...offline, region: "eu-west-1", default_tags: [{ tags: { Environment: "dev" } }] }, { output: { api_url: { value: "x" }, secret: { value: "y", sensitive: true } } }),
      stack("state-bootstrap", { ...offline, region: "eu-west-1", default_tags: [{ tags: { Environment: "shared" } }] }),
    ]);
    expect(root).toEqual({
      module: { "aws-dev": { source: "./aws-dev" }, "state-bootstrap": { source: "./state-bootstrap" } },
      output: {
        "aws-dev__api_url": { value: "${module.aws-dev.api_url}" },
        "aws-dev__secret": { value: "${module.aws-dev.secret}", sensitive: true },
      },
    });
    expect(modules.get("state-bootstrap")!.provider.aws[0].default_tags).toEqual([{ tags: { Environment: "shared" } }]);
  });

  it("stacks with the very same provider configuration share one, declared by the root; the others keep their own", () => {
    const plain = { ...offline, region: "eu-west-1" };
    const { root, modules } = batchConfig([
      stack("a", plain),
      stack("b", { ...plain }),
      stack("c", { ...plain, region: "us-east-1" }),
      stack("d", { ...plain, region: "us-east-1" }),
      stack("tagged", { ...plain, default_tags: [{ tags: { Environment: "dev" } }] }),
      { name: "aliased", source: "./aliased", config: { terraform: { required_providers: { aws } }, provider: { aws: [plain, { ...plain, alias: "us" }] } } },
    ]);
    expect(root.terraform).toEqual({ required_providers: { aws } });
    expect(root.provider).toEqual({ aws: [{ ...plain, alias: "shared1" }, { ...plain, region: "us-east-1", alias: "shared2" }] });
    expect(root.module).toEqual({
      a: { source: "./a", providers: { aws: "aws.shared1" } },
      b: { source: "./b", providers: { aws: "aws.shared1" } },
      c: { source: "./c", providers: { aws: "aws.shared2" } },
      d: { source: "./d", providers: { aws: "aws.shared2" } },
      tagged: { source: "./tagged" },
      aliased: { source: "./aliased" },
    });
    expect(modules.get("a")).toEqual({ terraform: { required_providers: { aws } }, resource: { aws_sqs_queue: { q: { name: "a" } } } });
    expect(modules.get("tagged")!.provider).toEqual({ aws: [{ ...plain, default_tags: [{ tags: { Environment: "dev" } }] }] });
    expect(modules.get("aliased")!.provider.aws).toHaveLength(2);
  });

  it("plans alone a stack that cannot be a module", () => {
    expect(notBatchable("aws-dev", { resource: {} })).toBeUndefined();
    expect(notBatchable("1-stack", {})).toBe('its name "1-stack" is not a Terraform module name');
    expect(notBatchable("imports", { import: [{ to: "aws_s3_bucket.b", id: "b" }] })).toBe("it has import blocks, which only a root module may have");
  });

  it("an offline copy has no backend or cloud block and a provider that never calls AWS", () => {
    const config = {
      terraform: { backend: { s3: { bucket: "state" } }, cloud: { organization: "o" }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"], assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/deploy" }], default_tags: [{ tags: { a: "b" } }] }] },
      resource: { aws_s3_bucket: { b: { bucket: "b" } } },
    };
    expect(offlineConfig(config)).toEqual({
      terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: {
        aws: [
          {
            region: "eu-west-1",
            default_tags: [{ tags: { a: "b" } }],
            access_key: "offline-plan",
            secret_key: "offline-plan",
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            skip_region_validation: true,
          },
        ],
      },
      resource: { aws_s3_bucket: { b: { bucket: "b" } } },
    });
    expect(config.terraform.backend).toBeDefined(); // the input is left as it is
  });
});

describe("the environment of every Terraform run", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("names its CLI config, drops the caller's variables, CLI arguments, data dir and AWS profile, and sets Go's GC target unless the caller did", () => {
    Object.assign(process.env, { TF_VAR_region: "us-east-1", TF_CLI_ARGS_plan: "-destroy", TF_CLI_ARGS: "-x", TF_DATA_DIR: "/elsewhere", AWS_PROFILE: "admin" });
    delete process.env.GOGC;
    const env = terraformEnv("/work/terraform.rc");
    expect(env).toMatchObject({ TF_CLI_CONFIG_FILE: "/work/terraform.rc", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true", GOGC: TERRAFORM_GOGC });
    for (const key of ["TF_VAR_region", "TF_CLI_ARGS_plan", "TF_CLI_ARGS", "TF_DATA_DIR", "AWS_PROFILE"]) expect(env[key]).toBeUndefined();
    process.env.GOGC = "150";
    expect(terraformEnv("/work/terraform.rc").GOGC).toBe("150");
  });
});

// Real Terraform, cheaply: stacks that fail at init (a provider version the mirror lacks), so no
// provider schema is loaded. With only a mirror configured, init never reaches the network.
const terraform = findTerraform();
const mirror = findProviderMirror();
(terraform && mirror ? describe : describe.skip)("planBatch when the batch fails (terraform init, offline)", () => {
  const work = mkdtempSync(join(tmpdir(), "plan-batch-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const stack = (name: string, version: string) => {
    const dir = join(work, "synth", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "cdk.tf.json"),
      JSON.stringify({ terraform: { required_providers: { aws: { source: "aws", version } } }, provider: { aws: [{ region: "eu-west-1" }] } }),
    );
    return { name, dir };
  };

  it("plans every stack alone, so each failure is Terraform's own for that stack; a change of the batch fails with the batch's init", async () => {
    const change = { name: "rename", before: { resource: { aws_sqs_queue: { Old: { name: "q" } } } }, after: { named: { resource: { aws_sqs_queue: { New: { name: "q" } } } } } };
    const result = await planBatch(terraform!, [stack("old", "1.0.0"), stack("older", "0.1.0")], join(work, "tf"), writeCliConfig(work, mirror), { mirror: true, changes: [change] });
    expect(result.changes).toEqual({ rename: { named: { ok: false, moves: [], replaced: [], updated: [], output: result.output } } });
    expect(result.output).toMatch(/^\$ terraform init -input=false -no-color -backend=false\n/);
    expect(result.output).not.toContain("$ terraform test");
    expect(result.fallback).toBe("the batch's init failed; each stack is planned alone to say which");
    expect(result.batched).toEqual([]);
    expect(result.output).toContain("$ terraform init");
    expect(result.runs.map((r) => [r.stack, r.ok, r.failedStep])).toEqual([
      ["old", false, "init"],
      ["older", false, "init"],
    ]);
    expect(result.runs[0].output).toMatch(/1\.0\.0/);
    expect(result.runs[0].output).not.toMatch(/0\.1\.0/);
    expect(result.runs[1].output).toMatch(/0\.1\.0/);
  }, 120_000);
});
