import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalogEntries } from "../../../modules/core/catalog";
import { readDeclared } from "../../../scripts/local/declared";
import { blocksAs, notEmulated, readStack } from "../../../scripts/local/stack";

function stackOf(resource: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-local-stack-"));
  mkdirSync(join(outdir, "stacks", "s"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), JSON.stringify({ provider: { aws: [{ region: "eu-west-1" }] }, resource }));
  const stack = readStack(outdir, "s");
  rmSync(outdir, { recursive: true, force: true });
  return stack;
}

describe("what the runner emulates is the catalog's (its local slot)", () => {
  const stack = stackOf({
    aws_sqs_queue: { Q: { name: "q" } },
    aws_kinesis_stream: { K1: { name: "a" }, K2: { name: "b" } },
    aws_secretsmanager_secret: { S: { name: "db" } },
    aws_ssm_parameter: { P: { name: "db-host", type: "String", value: "h" } },
    aws_kms_key: { Key: {} },
    aws_security_group_rule: { R: { type: "ingress" } },
    aws_s3_bucket_versioning: { V: { bucket: "b" } },
    aws_made_up_thing: { X: {} },
  });

  test("blocks are read as the role the catalog gives their type", () => {
    expect(blocksAs(stack, "queue").map((b) => b.address)).toEqual(["aws_sqs_queue.Q"]);
    expect(blocksAs(stack, "table")).toEqual([]);
    expect(blocksAs(stack, "secret").map((b) => b.address)).toEqual(["aws_secretsmanager_secret.S"]);
  });

  test("the notice lists the not-emulated types in the catalog's words, and the types the catalog does not describe; inert ones are not listed", () => {
    const expected = [
      "aws_kinesis_stream (2): Kinesis data streams",
      "aws_ssm_parameter (1): SSM Parameter Store: calls to it are refused",
      "aws_made_up_thing (1): a type the catalog does not describe",
    ];
    expect(notEmulated(stack)).toEqual(expected);
    // The runner's own list had aws_security_group_rule as not emulated; the catalog says VPC rules are inert.
    expect(readDeclared(stack).notEmulated).toEqual(expected);
  });

  test("every role the catalog names is read by the runner (scripts/local asks for it by that name)", () => {
    const dir = join(__dirname, "..", "..", "..", "scripts", "local");
    const source = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
    const roles = [...new Set(catalogEntries().flatMap((e) => (e.local?.kind === "emulated" ? [e.local.as] : [])))];
    expect(roles.filter((role) => !new RegExp(`\\b(blocksAs\\(\\w+(\\.stack)?, |each(<\\w+>)?\\()"${role}"`).test(source))).toEqual([]);
  });
});
