import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonPolicyStatements } from "../../modules/core/terraform/iam-statement";
import { MERGE_EXPECTED, MERGE_FIXTURE, shown } from "../modules/core/terraform/merge-fixture";
import { findProviderMirror, findTerraform, writeCliConfig } from "./harness";

// The model merges source and override documents by Sid "as the provider does": here aws 5.100.0
// itself renders the fixture of the model's unit test (offline: a data source needs no account),
// and its JSON must list the statements the model lists.

const terraform = findTerraform();
const describeWithTerraform = terraform ? describe : describe.skip;

describeWithTerraform("aws_iam_policy_document merge, as aws 5.100.0 renders it", () => {
  const work = mkdtempSync(join(tmpdir(), "policy-merge-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let outputs: Record<string, { value: string }> = {};

  beforeAll(() => {
    const names = Object.keys(MERGE_EXPECTED);
    writeFileSync(
      join(work, "main.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } },
        provider: { aws: [{ region: "eu-west-1", access_key: "offline", secret_key: "offline", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] },
        ...MERGE_FIXTURE,
        output: Object.fromEntries(names.map((n) => [n, { value: `\${data.aws_iam_policy_document.${n}.json}` }])),
      }),
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: writeCliConfig(work, findProviderMirror()), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    const run = (...args: string[]) => execFileSync(terraform!, args, { cwd: work, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    run("init", "-input=false", "-no-color");
    run("plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan");
    outputs = JSON.parse(run("show", "-json", "plan")).planned_values.outputs;
  }, 300_000);

  test.each(Object.entries(MERGE_EXPECTED))("%s", (name, expected) => {
    const rendered = jsonPolicyStatements(JSON.parse(outputs[name].value), "", { address: name, attribute: "json" });
    expect(shown(rendered)).toEqual(expected);
  });
});
