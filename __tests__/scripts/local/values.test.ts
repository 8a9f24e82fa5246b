import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStack } from "../../../scripts/local/stack";
import { LocalValues } from "../../../scripts/local/values";

function stackOf(json: Record<string, unknown>, account?: string) {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-local-values-"));
  mkdirSync(join(outdir, "stacks", "s"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), JSON.stringify(json));
  const stack = readStack(outdir, "s", account);
  rmSync(outdir, { recursive: true, force: true });
  return stack;
}

function values(provider: Record<string, unknown>, resource: Record<string, unknown>, data: Record<string, unknown> = {}, endpoint?: string) {
  return new LocalValues(stackOf({ provider: { aws: [provider] }, resource, data }), endpoint);
}

describe("LocalValues (references resolved through the model and the catalog, as apply would)", () => {
  const r = values(
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
    expect(r.text("${aws_sqs_queue.Q.arn}", "t")).toBe("arn:aws-cn:sqs:cn-north-1:333333333333:jobs");
    // SQS's own URL in the China partition (the runner wrote amazonaws.com before it read the catalog).
    expect(r.text("${aws_sqs_queue.Q.url}", "t")).toBe("https://sqs.cn-north-1.amazonaws.com.cn/333333333333/jobs");
    expect(r.text("${aws_sns_topic.T.arn}", "t")).toBe("arn:aws-cn:sns:cn-north-1:333333333333:events");
    expect(r.text("${aws_s3_bucket.B.arn}/*", "t")).toBe("arn:aws-cn:s3:::uploads/*");
    expect(r.text("${aws_iam_role.R.arn}", "t")).toBe("arn:aws-cn:iam::333333333333:role/service/fn-role");
    expect(r.text("${aws_lambda_function.F.invoke_arn}", "t")).toBe(
      "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:333333333333:function:fn/invocations",
    );
    expect(r.text("${aws_dynamodb_table.D.arn}", "t")).toBe("arn:aws-cn:dynamodb:cn-north-1:333333333333:table/jobs-table");
    expect(r.text("${aws_kinesis_stream.K.arn}", "t")).toBe("arn:aws-cn:kinesis:cn-north-1:333333333333:stream/clicks");
    expect(r.text("${data.aws_caller_identity.Me.account_id}", "t")).toBe("333333333333");
  });

  test("what cannot be known locally is an error naming the reference, where it was and the model's reason", () => {
    expect(() => r.text("${var.table}", "fn environment TABLE")).toThrow("fn environment TABLE: cannot resolve ${var.table} locally: var.table is not declared in the stack");
    expect(() => r.text("${aws_sqs_queue.Missing.arn}", "x")).toThrow("x: cannot resolve ${aws_sqs_queue.Missing.arn} locally: aws_sqs_queue.Missing is not in the stack");
    expect(() => r.text("${aws_sqs_queue.Q.visibility_timeout_seconds}", "x")).toThrow("x: aws_sqs_queue.Q.visibility_timeout_seconds is not resolved locally");
    const generated = values({ region: "eu-west-1" }, { aws_sqs_queue: { Q: { name_prefix: "jobs-" } } });
    expect(() => generated.text("${aws_sqs_queue.Q.arn}", "x")).toThrow("x: aws_sqs_queue.Q.arn cannot be built locally: its name is generated from name_prefix when Terraform applies");
    const variable = values({ region: "eu-west-1" }, { aws_sqs_queue: { Q: { name: "${var.name}" } } });
    expect(() => variable.text("${aws_sqs_queue.Q.arn}", "x")).toThrow(
      "x: aws_sqs_queue.Q.arn cannot be built locally: aws_sqs_queue.Q.name: cannot resolve ${var.name} locally: var.name is not declared in the stack",
    );
    expect(() => r.text("${data.aws_caller_identity.Me.arn}", "x")).toThrow("x: cannot resolve ${data.aws_caller_identity.Me.arn} locally: data.aws_caller_identity.Me.arn is read from the cloud when Terraform plans");
  });

  test("expressions as cdktf writes them: jsonencode of an object with references (nested braces), locals, escapes", () => {
    const t = values(
      { region: "eu-west-1", allowed_account_ids: ["111111111111"] },
      { aws_sqs_queue: { Dlq: { name: "jobs-dlq" }, Q: { name: "jobs", redrive_policy: '${jsonencode({"maxReceiveCount" = 5, "deadLetterTargetArn" = aws_sqs_queue.Dlq.arn})}' } } },
    );
    expect(t.text('${jsonencode({"maxReceiveCount" = 5, "deadLetterTargetArn" = aws_sqs_queue.Dlq.arn})}', "t")).toBe(
      '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:111111111111:jobs-dlq","maxReceiveCount":5}',
    );
    expect(t.text("$${not.a.reference} and ${aws_sqs_queue.Q.name}", "t")).toBe("${not.a.reference} and jobs");
    expect(t.value('${["a", aws_sqs_queue.Q.name]}', "t")).toEqual(["a", "jobs"]);
    // The model's evaluation is the only one: a function it does not evaluate is named, not guessed.
    expect(() => t.text("${upper(aws_sqs_queue.Q.name)}-${lookup({}, 1)}", "t")).toThrow("t: cannot resolve ${upper(aws_sqs_queue.Q.name)} locally: the function upper(...), which Terraform evaluates");
  });

  test("queue URLs point at the local endpoint when one is given (the SDK sends SQS calls to the URL's host)", () => {
    const stack = stackOf({ provider: { aws: [{ region: "eu-west-1" }] }, resource: { aws_sqs_queue: { Q: { name: "jobs" } } }, locals: { q: "${aws_sqs_queue.Q.url}" } });
    expect(new LocalValues(stack, "http://127.0.0.1:4566").text("${local.q}", "t")).toBe("http://127.0.0.1:4566/123456789012/jobs");
  });

  test("the catalog's local stand-ins for what only apply knows, and AWS's forms of computed attributes", () => {
    const t = values(
      { region: "eu-west-1", allowed_account_ids: ["111111111111"] },
      {
        aws_lambda_function: { F: { function_name: "fn" } },
        aws_lambda_alias: { Live: { name: "live", function_name: "${aws_lambda_function.F.function_name}" } },
        aws_lambda_layer_version: { L: { layer_name: "shared" } },
        aws_dynamodb_table: { D: { name: "orders", stream_enabled: true } },
        aws_apigatewayv2_api: { Api: { name: "api", protocol_type: "HTTP" } },
        aws_apigatewayv2_integration: { I: { api_id: "${aws_apigatewayv2_api.Api.id}" } },
        aws_secretsmanager_secret: { S: { name: "db" } },
        aws_kms_key: { K: {}, K2: {} },
        aws_cloudwatch_event_rule: { OnBus: { name: "r", event_bus_name: "orders" }, OnDefault: { name: "d" } },
        aws_ssm_parameter: { P: { name: "/p", value: "${aws_sqs_queue.Q.arn}" } },
        aws_sqs_queue: { Q: { name: "q" } },
      },
    );
    expect(t.text("${aws_lambda_alias.Live.arn}", "t")).toBe("arn:aws:lambda:eu-west-1:111111111111:function:fn:live");
    expect(t.text("${aws_lambda_alias.Live.invoke_arn}", "t")).toBe(
      "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:fn:live/invocations",
    );
    expect(t.text("${aws_lambda_function.F.qualified_arn}", "t")).toBe("arn:aws:lambda:eu-west-1:111111111111:function:fn:$LATEST");
    expect([t.text("${aws_lambda_layer_version.L.arn}", "t"), t.text("${aws_lambda_layer_version.L.layer_arn}", "t")]).toEqual([
      "arn:aws:lambda:eu-west-1:111111111111:layer:shared:1",
      "arn:aws:lambda:eu-west-1:111111111111:layer:shared",
    ]);
    expect(t.text("${aws_dynamodb_table.D.stream_arn}", "t")).toBe("arn:aws:dynamodb:eu-west-1:111111111111:table/orders/stream/1970-01-01T00:00:00.000");
    expect(t.text("${aws_apigatewayv2_api.Api.execution_arn}/*/*", "t")).toBe("arn:aws:execute-api:eu-west-1:111111111111:local/*/*");
    expect(t.text("integrations/${aws_apigatewayv2_integration.I.id}", "t")).toBe("integrations/local-I");
    expect(t.text("${aws_secretsmanager_secret.S.arn}", "t")).toBe("arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-000000");
    expect([t.text("${aws_kms_key.K.arn}", "t"), t.text("${aws_kms_key.K2.arn}", "t")]).toEqual(["arn:aws:kms:eu-west-1:111111111111:key/local-K", "arn:aws:kms:eu-west-1:111111111111:key/local-K2"]);
    expect([t.text("${aws_cloudwatch_event_rule.OnBus.id}", "t"), t.text("${aws_cloudwatch_event_rule.OnDefault.id}", "t")]).toEqual(["orders/r", "d"]);
    // An argument that is more than a name is read through to what it holds (the model's rule).
    expect(t.text("${aws_ssm_parameter.P.value}", "t")).toBe("arn:aws:sqs:eu-west-1:111111111111:q");
    expect(() => t.text("${aws_lambda_function.F[0].arn}", "t")).toThrow("t: cannot resolve ${aws_lambda_function.F[0].arn} locally: the instances of a resource with count or for_each are only known when Terraform runs");
  });

  test("a policy document's json is the document rendered as the provider renders it (dynamic blocks expanded, &{} as IAM variables), values resolved", () => {
    const t = values(
      { region: "eu-west-1", allowed_account_ids: ["111111111111"] },
      { aws_s3_bucket: { B: { bucket: "b" } } },
      {
        aws_iam_policy_document: {
          D: {
            statement: [{ actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.B.arn}/&{aws:username}/*"] }],
            dynamic: { statement: [{ for_each: ["s3:PutObject"], content: [{ effect: "Deny", actions: ["${statement.value}"], resources: ["*"] }] }] },
          },
        },
      },
    );
    expect(JSON.parse(t.text("${data.aws_iam_policy_document.D.json}", "t"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/${aws:username}/*"] },
        { Effect: "Deny", Action: ["s3:PutObject"], Resource: ["*"] },
      ],
    });
  });

  test("--account is the account everywhere: ARNs and data.aws_caller_identity alike", () => {
    const stack = stackOf(
      { provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] }, resource: { aws_sqs_queue: { Q: { name: "q" } } }, data: { aws_caller_identity: { Me: {} } } },
      "999999999999",
    );
    const t = new LocalValues(stack);
    expect([stack.accountId, stack.accountIdSource]).toEqual(["999999999999", "--account"]);
    expect(t.text("${aws_sqs_queue.Q.arn} ${data.aws_caller_identity.Me.account_id}", "t")).toBe("arn:aws:sqs:eu-west-1:999999999999:q 999999999999");
  });
});
