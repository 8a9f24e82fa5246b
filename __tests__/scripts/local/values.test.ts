import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { References } from "../../../scripts/local/references";
import { readStack } from "../../../scripts/local/stack";

function refs(provider: Record<string, unknown>, resource: Record<string, unknown>, data: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-local-refs-"));
  mkdirSync(join(outdir, "stacks", "s"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), JSON.stringify({ provider: { aws: [provider] }, resource, data }));
  const stack = readStack(outdir, "s");
  rmSync(outdir, { recursive: true, force: true });
  return new References(stack);
}

describe("References (Terraform references resolved as apply would)", () => {
  const r = refs(
    { region: "cn-north-1", allowed_account_ids: ["333333333333"] },
    {
      aws_sqs_queue: { Q: { name: "jobs" } },
      aws_sns_topic: { T: { name: "events" } },
      aws_s3_bucket: { B: { bucket: "uploads" } },
      aws_iam_role: { R: { name: "fn-role", path: "/service/" } },
      aws_lambda_function: { F: { function_name: "fn" } },
      aws_dynamodb_table: { D: { name: "${aws_sqs_queue.Q.name}-table" } },
      aws_kinesis_stream: { K: { name: "clicks" } },
    },
    { aws_caller_identity: { Me: {} } },
  );

  test("names, ARNs (the region's partition, the allowed account) and ids", () => {
    expect(r.resolve("${aws_sqs_queue.Q.arn}", "t")).toBe("arn:aws-cn:sqs:cn-north-1:333333333333:jobs");
    expect(r.resolve("${aws_sqs_queue.Q.url}", "t")).toBe("https://sqs.cn-north-1.amazonaws.com/333333333333/jobs");
    expect(r.resolve("${aws_sns_topic.T.arn}", "t")).toBe("arn:aws-cn:sns:cn-north-1:333333333333:events");
    expect(r.resolve("${aws_s3_bucket.B.arn}/*", "t")).toBe("arn:aws-cn:s3:::uploads/*");
    expect(r.resolve("${aws_iam_role.R.arn}", "t")).toBe("arn:aws-cn:iam::333333333333:role/service/fn-role");
    expect(r.resolve("${aws_lambda_function.F.invoke_arn}", "t")).toBe(
      "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:333333333333:function:fn/invocations",
    );
    expect(r.resolve("${aws_dynamodb_table.D.arn}", "t")).toBe("arn:aws-cn:dynamodb:cn-north-1:333333333333:table/jobs-table");
    expect(r.resolve("${aws_kinesis_stream.K.arn}", "t")).toBe("arn:aws-cn:kinesis:cn-north-1:333333333333:stream/clicks");
    expect(r.resolve("${data.aws_caller_identity.Me.account_id}", "t")).toBe("333333333333");
  });

  test("what cannot be known locally is an error naming the reference and where it was", () => {
    expect(() => r.resolve("${var.table}", "fn environment TABLE")).toThrow("fn environment TABLE: cannot resolve ${var.table} locally (only resource and data source attributes are)");
    expect(() => r.resolve("${aws_sqs_queue.Missing.arn}", "x")).toThrow("x: aws_sqs_queue.Missing is not in stack s");
    expect(() => r.resolve("${aws_sqs_queue.Q.visibility_timeout_seconds}", "x")).toThrow("x: aws_sqs_queue.Q.visibility_timeout_seconds is not resolved locally");
    const generated = refs({ region: "eu-west-1" }, { aws_sqs_queue: { Q: { name_prefix: "jobs-" } } });
    expect(() => generated.resolve("${aws_sqs_queue.Q.arn}", "x")).toThrow("x: aws_sqs_queue.Q.arn needs its name, which is not set (a generated name is only known after apply)");
  });

  test("expressions as cdktf writes them: jsonencode of an object with references (nested braces), locals, escapes", () => {
    const t = refs(
      { region: "eu-west-1", allowed_account_ids: ["111111111111"] },
      { aws_sqs_queue: { Dlq: { name: "jobs-dlq" }, Q: { name: "jobs", redrive_policy: '${jsonencode({"maxReceiveCount" = 5, "deadLetterTargetArn" = aws_sqs_queue.Dlq.arn})}' } } },
    );
    expect(t.resolve('${jsonencode({"maxReceiveCount" = 5, "deadLetterTargetArn" = aws_sqs_queue.Dlq.arn})}', "t")).toBe(
      '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:111111111111:jobs-dlq","maxReceiveCount":5}',
    );
    expect(t.resolve("$${not.a.reference} and ${aws_sqs_queue.Q.name}", "t")).toBe("${not.a.reference} and jobs");
    expect(t.resolveValue('${["a", aws_sqs_queue.Q.name]}', "t")).toEqual(["a", "jobs"]);
    expect(() => t.resolve("${upper(aws_sqs_queue.Q.name)}-${lookup({}, 1)}", "t")).toThrow("t: the function lookup() is not evaluated locally");
  });

  test("queue URLs point at the local endpoint when one is given (the SDK sends SQS calls to the URL's host)", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-local-refs-"));
    mkdirSync(join(outdir, "stacks", "s"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), JSON.stringify({ provider: { aws: [{ region: "eu-west-1" }] }, resource: { aws_sqs_queue: { Q: { name: "jobs" } } }, locals: { q: "${aws_sqs_queue.Q.url}" } }));
    const stack = readStack(outdir, "s");
    rmSync(outdir, { recursive: true, force: true });
    expect(new References(stack, { endpoint: "http://127.0.0.1:4566" }).resolve("${local.q}", "t")).toBe("http://127.0.0.1:4566/123456789012/jobs");
  });
});
