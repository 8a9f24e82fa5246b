import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { App, TerraformStack, Testing } from "cdktf";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LambdaLayer, ServerlessFunction, type ServerlessFunctionProps } from "../../../modules/aws";
import { unzipText, zipEntries } from "../core/packaging/zip-inspect";
import {
  CODE_DIR,
  dataSource,
  FIXTURES,
  ENTRY,
  fullSynth,
  LAYER_ARN,
  LAYER_DIR,
  newStack,
  only,
  OTHER_ENTRY,
  ref,
  removeAll,
  resolved,
  resources,
  synth,
  TABLE_ARN,
  type Json,
} from "./support";

const cleanup: string[] = [];
afterAll(() => removeAll(cleanup));

function fn(props: Partial<ServerlessFunctionProps> = {}, stack: TerraformStack = newStack()) {
  const f = new ServerlessFunction(stack, "Fn", { functionName: "svc-dev-users-get", codeDirectory: CODE_DIR, ...props });
  const text = Testing.synth(stack);
  return { stack, fn: f, json: JSON.parse(text), text };
}

function policyStatements(json: Json): Json[] {
  return dataSource(json, "aws_iam_policy_document", "PolicyDocument").statement;
}

describe("ServerlessFunction: the function and its defaults", () => {
  test("creates exactly the function, its log group, its role, its policy and their two policy documents", () => {
    const { json } = fn();
    expect(Object.keys(json.resource).sort()).toEqual([
      "aws_cloudwatch_log_group",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_lambda_function",
    ]);
    expect(Object.keys(json.data.aws_iam_policy_document)).toHaveLength(2);
  });

  test("defaults: nodejs22.x, arm64, 256 MB, 10 s, index.handler, zip package, not published, no tracing, JSON logs at INFO", () => {
    const { json } = fn();
    const lambda = only(json, "aws_lambda_function");
    expect(lambda).toMatchObject({
      function_name: "svc-dev-users-get",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memory_size: 256,
      timeout: 10,
      handler: "index.handler",
      package_type: "Zip",
      publish: false,
      tracing_config: { mode: "PassThrough" },
      logging_config: { log_format: "JSON", application_log_level: "INFO", system_log_level: "INFO", log_group: expect.stringMatching(ref("aws_cloudwatch_log_group", "name")) },
      role: expect.stringMatching(ref("aws_iam_role", "arn")),
    });
    for (const absent of ["vpc_config", "dead_letter_config", "layers", "reserved_concurrent_executions", "environment", "image_uri", "kms_key_arn"]) {
      expect(lambda).not.toHaveProperty(absent);
    }
  });

  test("takes runtime, architecture, memory, timeout, handler, description, ephemeral storage and environment as given", () => {
    const { text } = fn({
      // The handler must name a file and export the folder holds (checked at synth).
      codeDirectory: join(FIXTURES, "code-main"),
      runtime: "nodejs20.x",
      architecture: "x86_64",
      memorySize: 1024,
      timeout: 30,
      handler: "main.run",
      description: "Gets a user",
      ephemeralStorageSize: 1024,
      environment: { TABLE_NAME: "users", LOG_LEVEL: "debug" },
      environmentKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
    expect(text).toHaveResourceWithProperties(LambdaFunction, {
      runtime: "nodejs20.x",
      architectures: ["x86_64"],
      memory_size: 1024,
      timeout: 30,
      handler: "main.run",
      description: "Gets a user",
      ephemeral_storage: { size: 1024 },
      environment: { variables: { TABLE_NAME: "users", LOG_LEVEL: "debug" } },
      kms_key_arn: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
  });

  test("exposes its name, ARNs and log group name as references to the resources", () => {
    const { stack, fn: f } = fn();
    expect(resolved(stack, f.functionName)).toMatch(ref("aws_lambda_function", "function_name"));
    expect(resolved(stack, f.functionArn)).toMatch(ref("aws_lambda_function", "arn"));
    expect(resolved(stack, f.invokeArn)).toMatch(ref("aws_lambda_function", "invoke_arn"));
    expect(resolved(stack, f.roleArn)).toMatch(ref("aws_iam_role", "arn"));
    expect(resolved(stack, f.logGroupName)).toMatch(ref("aws_cloudwatch_log_group", "name"));
    expect(f.qualifier).toBeUndefined();
    expect(f.timeout).toBe(10);
  });
});

describe("ServerlessFunction: log group", () => {
  test("is /aws/lambda/<functionName> with 30 days of retention by default", () => {
    const { json } = fn();
    expect(only(json, "aws_cloudwatch_log_group")).toEqual({ name: "/aws/lambda/svc-dev-users-get", retention_in_days: 30 });
  });

  test("takes its retention and KMS key from the props", () => {
    const { text } = fn({ logRetentionDays: 365, logKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      retention_in_days: 365,
      kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
  });

  test("is created before the function, as is the execution policy (depends_on)", () => {
    const { json } = fn();
    const logGroupId = Object.keys(resources(json, "aws_cloudwatch_log_group"))[0];
    const policyId = Object.keys(resources(json, "aws_iam_role_policy"))[0];
    expect(only(json, "aws_lambda_function").depends_on).toEqual([`aws_cloudwatch_log_group.${logGroupId}`, `aws_iam_role_policy.${policyId}`]);
  });
});

describe("ServerlessFunction: execution role and computed policy", () => {
  test("the role is trusted by lambda.amazonaws.com only, and named <functionName>-role", () => {
    const { json } = fn();
    expect(dataSource(json, "aws_iam_policy_document", "TrustPolicy").statement).toEqual([
      {
        sid: "LambdaAssumeRole",
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
      },
    ]);
    const role = only(json, "aws_iam_role");
    expect(role.name).toBe("svc-dev-users-get-role");
    expect(role.assume_role_policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_]*TrustPolicy[A-Za-z0-9_]*\.json\}$/);
  });

  test("no AWS-managed policy is attached: one inline policy on the role", () => {
    const { json } = fn({ vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] }, tracing: true });
    expect(resources(json, "aws_iam_role_policy_attachment")).toEqual({});
    expect(only(json, "aws_iam_role")).not.toHaveProperty("managed_policy_arns");
    const policy = only(json, "aws_iam_role_policy");
    expect(policy.role).toMatch(ref("aws_iam_role", "id"));
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_]*PolicyDocument[A-Za-z0-9_]*\.json\}$/);
  });

  test("with nothing switched on, the policy only writes to the function's own log group (<arn>:*)", () => {
    const { json } = fn();
    expect(policyStatements(json)).toEqual([
      {
        sid: "WriteOwnLogGroup",
        effect: "Allow",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[A-Za-z0-9_]+\.arn\}:\*$/)],
      },
    ]);
  });

  test('a VPC adds the ENI actions on "*", and only then', () => {
    const { json } = fn({ vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] } });
    expect(policyStatements(json).map((s: Json) => s.sid)).toEqual(["WriteOwnLogGroup", "ManageVpcNetworkInterfaces"]);
    expect(policyStatements(json)[1]).toEqual({
      sid: "ManageVpcNetworkInterfaces",
      effect: "Allow",
      actions: [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      resources: ["*"],
    });
  });

  test("tracing adds the X-Ray actions and active tracing, and only then", () => {
    const { json } = fn({ tracing: true });
    expect(policyStatements(json)[1]).toEqual({
      sid: "WriteXRayTraces",
      effect: "Allow",
      actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      resources: ["*"],
    });
    expect(only(json, "aws_lambda_function").tracing_config).toEqual({ mode: "Active" });
    expect(policyStatements(fn({ tracing: false }).json)).toHaveLength(1);
  });

  test("deadLetterQueue adds an encrypted 14-day queue, the function's DLQ config and sqs:SendMessage on that queue only", () => {
    const { json } = fn({ deadLetterQueue: true });
    expect(only(json, "aws_sqs_queue")).toEqual({
      name: "svc-dev-users-get-dlq",
      message_retention_seconds: 1209600,
      sqs_managed_sse_enabled: true,
    });
    expect(only(json, "aws_lambda_function").dead_letter_config).toEqual({ target_arn: expect.stringMatching(ref("aws_sqs_queue", "arn")) });
    expect(policyStatements(json)[1]).toEqual({
      sid: "SendToOwnDeadLetterQueue",
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      resources: [expect.stringMatching(ref("aws_sqs_queue", "arn"))],
    });
    expect(resources(fn({ deadLetterQueue: false }).json, "aws_sqs_queue")).toEqual({});
  });

  test("the caller's statements come last, with the catalogue's action casing and both condition forms", () => {
    const { json } = fn({
      vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] },
      tracing: true,
      deadLetterQueue: true,
      policyStatements: [
        {
          actions: ["dynamodb:getitem"],
          resources: [TABLE_ARN],
          conditions: [{ test: "ForAllValues:StringEquals", variable: "dynamodb:LeadingKeys", values: ["u1"] }],
        },
        {
          actions: ["DynamoDB:Query"],
          resources: [`${TABLE_ARN}/index/*`],
          effect: "Deny",
          conditions: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        },
      ],
    });
    const statements = policyStatements(json);
    expect(statements.map((s: Json) => s.sid)).toEqual([
      "WriteOwnLogGroup",
      "ManageVpcNetworkInterfaces",
      "WriteXRayTraces",
      "SendToOwnDeadLetterQueue",
      "Code1",
      "Code2",
    ]);
    expect(statements[4]).toEqual({
      sid: "Code1",
      effect: "Allow",
      actions: ["dynamodb:GetItem"],
      resources: [TABLE_ARN],
      condition: [{ test: "ForAllValues:StringEquals", variable: "dynamodb:LeadingKeys", values: ["u1"] }],
    });
    expect(statements[5]).toEqual({
      sid: "Code2",
      effect: "Deny",
      actions: ["dynamodb:Query"],
      resources: [`${TABLE_ARN}/index/*`],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
    });
  });

  test("statements may reference other resources (tokens)", () => {
    const stack = newStack();
    const other = new ServerlessFunction(stack, "Other", { functionName: "other", codeDirectory: CODE_DIR });
    new ServerlessFunction(stack, "Caller", {
      functionName: "caller",
      codeDirectory: CODE_DIR,
      policyStatements: [{ actions: ["lambda:InvokeFunction"], resources: [other.functionArn] }],
    });
    const doc = dataSource(synth(stack), "aws_iam_policy_document", "Caller_ExecutionRole_PolicyDocument");
    expect(doc.statement[1].resources).toEqual([expect.stringMatching(ref("aws_lambda_function", "arn"))]);
  });

  test("a long function name gives a role name cut to 64 characters that still ends in -role", () => {
    const name = `svc-prod-${"x".repeat(55)}`;
    const { json } = fn({ functionName: name });
    const roleName: string = only(json, "aws_iam_role").name;
    expect(roleName.length).toBeLessThanOrEqual(64);
    expect(roleName.endsWith("-role")).toBe(true);
  });
});

describe("ServerlessFunction: VPC", () => {
  test("with security groups given, uses them and creates none", () => {
    const { json } = fn({ vpc: { subnetIds: ["subnet-0a1b2c3d", "subnet-0a1b2c3e"], securityGroupIds: ["sg-0a1b2c3d"] } });
    expect(only(json, "aws_lambda_function").vpc_config).toEqual({
      subnet_ids: ["subnet-0a1b2c3d", "subnet-0a1b2c3e"],
      security_group_ids: ["sg-0a1b2c3d"],
    });
    expect(resources(json, "aws_security_group")).toEqual({});
  });

  test("with only vpcId, creates a described egress-only security group (no ingress) and uses it", () => {
    const { json } = fn({ vpc: { subnetIds: ["subnet-0a1b2c3d"], vpcId: "vpc-0a1b2c3d" } });
    const group = only(json, "aws_security_group");
    expect(group).toEqual({
      name: "svc-dev-users-get-lambda",
      description: "Egress-only security group of Lambda function svc-dev-users-get",
      vpc_id: "vpc-0a1b2c3d",
    });
    expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resources(json, "aws_security_group_rule")).toEqual({});
    expect(only(json, "aws_vpc_security_group_egress_rule")).toMatchObject({
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
      description: expect.any(String),
      security_group_id: expect.stringMatching(ref("aws_security_group", "id")),
    });
    expect(only(json, "aws_lambda_function").vpc_config.security_group_ids).toEqual([expect.stringMatching(ref("aws_security_group", "id"))]);
  });
});

describe("ServerlessFunction: layers", () => {
  test("takes LambdaLayer constructs and layer version ARNs, in order", () => {
    const stack = newStack();
    const layer = new LambdaLayer(stack, "Shared", { layerName: "shared", directory: LAYER_DIR });
    new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, layers: [layer, LAYER_ARN] });
    expect(only(synth(stack), "aws_lambda_function").layers).toEqual([expect.stringMatching(ref("aws_lambda_layer_version", "arn")), LAYER_ARN]);
  });
});

describe("ServerlessFunction: concurrency", () => {
  test("reservedConcurrency sets reserved_concurrent_executions and nothing else", () => {
    const { json } = fn({ reservedConcurrency: 5 });
    expect(only(json, "aws_lambda_function")).toMatchObject({ reserved_concurrent_executions: 5, publish: false });
    expect(resources(json, "aws_lambda_alias")).toEqual({});
  });

  test("reservedConcurrency 0 is kept (it stops the function)", () => {
    expect(only(fn({ reservedConcurrency: 0 }).json, "aws_lambda_function").reserved_concurrent_executions).toBe(0);
  });

  test("provisionedConcurrency publishes, adds a live alias carrying it, and callers invoke the alias", () => {
    const { stack, fn: f, json } = fn({ provisionedConcurrency: 3, reservedConcurrency: 10 });
    expect(only(json, "aws_lambda_function")).toMatchObject({ publish: true, reserved_concurrent_executions: 10 });
    expect(only(json, "aws_lambda_alias")).toMatchObject({
      name: "live",
      function_name: expect.stringMatching(ref("aws_lambda_function", "function_name")),
      function_version: expect.stringMatching(ref("aws_lambda_function", "version")),
    });
    expect(only(json, "aws_lambda_provisioned_concurrency_config")).toEqual({
      function_name: expect.stringMatching(ref("aws_lambda_function", "function_name")),
      qualifier: expect.stringMatching(ref("aws_lambda_alias", "name")),
      provisioned_concurrent_executions: 3,
    });
    expect(resolved(stack, f.invokeArn)).toMatch(ref("aws_lambda_alias", "invoke_arn"));
    expect(f.qualifier).toBe("live");
  });
});

describe("ServerlessFunction: image functions", () => {
  const IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/users:1.2.3";

  test("package_type Image with the image URI, and no handler, runtime or zip", () => {
    const { json } = fn({ codeDirectory: undefined, imageUri: IMAGE, architecture: "arm64" });
    const lambda = only(json, "aws_lambda_function");
    expect(lambda).toMatchObject({ package_type: "Image", image_uri: IMAGE, architectures: ["arm64"] });
    for (const absent of ["handler", "runtime", "filename", "source_code_hash", "image_config"]) expect(lambda).not.toHaveProperty(absent);
  });

  test("image_config carries the command, entry point and working directory overrides", () => {
    const { json } = fn({
      codeDirectory: undefined,
      imageUri: IMAGE,
      architecture: "x86_64",
      imageCommand: ["app.handler"],
      imageEntryPoint: ["/lambda-entrypoint.sh"],
      imageWorkingDirectory: "/var/task",
    });
    expect(only(json, "aws_lambda_function").image_config).toEqual({
      command: ["app.handler"],
      entry_point: ["/lambda-entrypoint.sh"],
      working_directory: "/var/task",
    });
  });
});

describe("ServerlessFunction: tags", () => {
  test("go on every taggable resource it creates", () => {
    const tags = { Owner: "platform-team", Service: "users" };
    const { json, text } = fn({ tags, deadLetterQueue: true, vpc: { subnetIds: ["subnet-0a1b2c3d"], vpcId: "vpc-0a1b2c3d" }, provisionedConcurrency: 1 });
    for (const type of [
      "aws_lambda_function",
      "aws_cloudwatch_log_group",
      "aws_iam_role",
      "aws_sqs_queue",
      "aws_security_group",
      "aws_vpc_security_group_egress_rule",
    ]) {
      expect([type, only(json, type).tags]).toEqual([type, tags]);
    }
    expect(text).toHaveResourceWithProperties(IamRole, { tags });
    expect(text).toHaveResourceWithProperties(SecurityGroup, { tags });
  });

  test("without tags, no resource carries a tags attribute", () => {
    const { json } = fn({ deadLetterQueue: true });
    for (const type of Object.keys(json.resource)) {
      for (const resource of Object.values(resources(json, type))) expect(resource).not.toHaveProperty("tags");
    }
  });
});

describe("ServerlessFunction: code packages", () => {
  function packagesIn(stackDir: string): string[] {
    const dir = join(stackDir, "packages");
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  }

  test("codeDirectory is zipped as it is, and source_code_hash is the base64 SHA-256 of the zip written at synth", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR });
    const lambda = only(synth(stack), "aws_lambda_function");
    expect(lambda.filename).toMatch(/^packages\/code-[0-9a-f]{12}\.zip$/);
    const stackDir = fullSynth(stack, cleanup);
    const bytes = readFileSync(join(stackDir, lambda.filename));
    expect(lambda.source_code_hash).toBe(createHash("sha256").update(bytes).digest("base64"));
    expect(unzipText(bytes)).toEqual({ "index.js": readFileSync(join(CODE_DIR, "index.js"), "utf8") });
    // The stack file Terraform runs points at that same zip, relative to the stack's folder.
    const written = only(JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")), "aws_lambda_function");
    expect([written.filename, written.source_code_hash]).toEqual([lambda.filename, lambda.source_code_hash]);
  });

  test("entry is bundled into a zip holding only index.js: minified, @aws-sdk/* left external", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "Fn", { functionName: "fn", entry: ENTRY });
    const lambda = only(synth(stack), "aws_lambda_function");
    expect(lambda.handler).toBe("index.handler");
    const bytes = readFileSync(join(fullSynth(stack, cleanup), lambda.filename));
    expect(lambda.source_code_hash).toBe(createHash("sha256").update(bytes).digest("base64"));
    const files = unzipText(bytes);
    expect(Object.keys(files)).toEqual(["index.js"]);
    expect(files["index.js"]).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
    expect(files["index.js"]).not.toContain("someVeryLongParameterNameThatMinificationRenames");
    expect(files["index.js"].trim().split("\n")).toHaveLength(1);
    expect(zipEntries(bytes)[0]).toMatchObject({ mode: 0o644, modified: "1980-01-01 00:00:00" });
  });

  test("entry: a bare export name as handler becomes index.<export>", () => {
    const { json } = fn({ codeDirectory: undefined, entry: ENTRY, handler: "handler" });
    expect(only(json, "aws_lambda_function").handler).toBe("index.handler");
  });

  test("bundlingExternalModules are left out of the bundle too", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "Fn", { functionName: "fn", entry: ENTRY, bundlingExternalModules: ["./greeting"] });
    const lambda = only(synth(stack), "aws_lambda_function");
    const code = unzipText(readFileSync(join(fullSynth(stack, cleanup), lambda.filename)))["index.js"];
    expect(code).toContain('require("./greeting")');
  });

  test("the same entry used by two functions gives one zip file, different entries two", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "A", { functionName: "a", entry: ENTRY, handler: "handler" });
    new ServerlessFunction(stack, "B", { functionName: "b", entry: ENTRY, handler: "handler" });
    new ServerlessFunction(stack, "C", { functionName: "c", entry: OTHER_ENTRY });
    const lambdas = Object.values(resources(synth(stack), "aws_lambda_function")) as Json[];
    expect(lambdas[0].filename).toBe(lambdas[1].filename);
    expect(lambdas[0].source_code_hash).toBe(lambdas[1].source_code_hash);
    expect(lambdas[2].filename).not.toBe(lambdas[0].filename);
    expect(packagesIn(fullSynth(stack, cleanup))).toHaveLength(2);
  });

  test("the package is the same for every synth and every app (deterministic)", () => {
    const hashOf = () => {
      const stack = newStack();
      new ServerlessFunction(stack, "Fn", { functionName: "fn", entry: ENTRY });
      return only(synth(stack), "aws_lambda_function").source_code_hash;
    };
    expect(hashOf()).toBe(hashOf());
  });

  test("an entry edited between two synths in one process is bundled afresh", () => {
    const dir = mkdtempSync(join(tmpdir(), "entry-edit-"));
    cleanup.push(dir);
    const entry = join(dir, "index.js");
    const hashOf = () => {
      const stack = newStack();
      new ServerlessFunction(stack, "Fn", { functionName: "fn", entry });
      return only(synth(stack), "aws_lambda_function").source_code_hash;
    };
    writeFileSync(entry, "exports.handler = async () => 1;\n");
    const before = hashOf();
    writeFileSync(entry, "exports.handler = async () => 2;\n");
    expect(hashOf()).not.toBe(before);
  });

  test("a stack whose functions all moved to images keeps no stale zip from an earlier synth", () => {
    const outdir = mkdtempSync(join(tmpdir(), "stale-packages-"));
    cleanup.push(outdir);
    const synthApp = (code: Partial<ServerlessFunctionProps>) => {
      const app = new App({ outdir, skipValidation: true });
      new ServerlessFunction(new TerraformStack(app, "stack"), "Fn", { functionName: "fn", ...code });
      app.synth();
      return packagesIn(join(outdir, "stacks", "stack"));
    };
    expect(synthApp({ codeDirectory: CODE_DIR })).toHaveLength(1);
    expect(synthApp({ imageUri: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/fn:1", architecture: "arm64" })).toEqual([]);
  });

  test("the synthesized JSON holds no absolute path of the checkout", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "Fn", { functionName: "fn", entry: ENTRY });
    new ServerlessFunction(stack, "Dir", { functionName: "dir", codeDirectory: CODE_DIR });
    expect(Testing.synth(stack)).not.toContain(join(__dirname, "..", "..", ".."));
  });

  test("exposes the package it registered", () => {
    const { fn: f } = fn();
    expect(f.codePackage).toEqual({ filename: expect.stringMatching(/^packages\/code-/), sourceCodeHash: expect.any(String), size: expect.any(Number) });
    expect(f.codePackage!.size).toBe(readFileSync(join(fullSynth(f.node.scope as TerraformStack, cleanup), f.codePackage!.filename)).length);
  });
});
