import { TerraformVariable, Token } from "cdktf";
import { join } from "node:path";
import { LambdaLayer, ServerlessFunction, type ServerlessFunctionProps } from "../../../modules/aws";
import { ValidationError } from "../../../modules/core/validation";
import { CODE_DIR, ENTRY, FIXTURES, LAYER_ARN, LAYER_DIR, newStack, only, synth, TABLE_ARN, validationError } from "./support";

const BASE: ServerlessFunctionProps = { functionName: "svc-dev-users-get", codeDirectory: CODE_DIR };
const IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/users:1.2.3";

function build(props: Partial<ServerlessFunctionProps>, base: ServerlessFunctionProps = BASE) {
  const stack = newStack();
  return new ServerlessFunction(stack, "Fn", { ...base, ...props } as ServerlessFunctionProps);
}

/**
 * Asserts that the props are refused with exactly one problem, and that the message names the
 * construct path, the prop, the rule and the received value.
 */
function expectRefused(props: Partial<ServerlessFunctionProps>, prop: string, rule: string | RegExp, received: unknown, base?: ServerlessFunctionProps): void {
  const error = validationError(() => build(props, base));
  expect(error.problems).toHaveLength(1);
  const [problem] = error.problems;
  expect(problem.path).toBe("stack/Fn");
  expect(problem.prop).toBe(prop);
  if (typeof rule === "string") expect(problem.rule).toBe(rule);
  else expect(problem.rule).toMatch(rule);
  expect(problem.received).toEqual(received);
  expect(error.message).toContain("Invalid ServerlessFunction props at stack/Fn");
  // Long values are cut in the message (the full value stays in `problems`).
  const shown = received === undefined ? "undefined" : JSON.stringify(received);
  expect(error.message).toContain(`[stack/Fn] ${prop}: must be ${problem.rule}; received ${shown.length > 200 ? shown.slice(0, 197) : shown}`);
}

function accepted(props: Partial<ServerlessFunctionProps>, base?: ServerlessFunctionProps): void {
  expect(() => build(props, base)).not.toThrow();
}

const ENTRY_BASE: ServerlessFunctionProps = { functionName: "svc-dev-users-get", entry: ENTRY };
const IMAGE_BASE: ServerlessFunctionProps = { functionName: "svc-dev-users-get", imageUri: IMAGE, architecture: "x86_64" };

describe("ServerlessFunction validation: name and code", () => {
  test("functionName is required", () => {
    expectRefused({ functionName: undefined }, "functionName", "set (it is required)", undefined);
  });

  test("functionName: letters, digits, - and _ only", () => {
    expectRefused({ functionName: "users get" }, "functionName", "1 to 64 letters, digits, - or _", "users get");
  });

  test("functionName: at most 64 characters", () => {
    const name = "f".repeat(65);
    expectRefused({ functionName: name }, "functionName", "1 to 64 letters, digits, - or _", name);
    accepted({ functionName: "f".repeat(64) });
  });

  test("functionName: a second function of the stack with the same name is refused", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "A", BASE);
    const error = validationError(() => new ServerlessFunction(stack, "B", BASE));
    expect(error.problems).toEqual([
      { path: "stack/B", prop: "functionName", rule: "a Lambda function name no other construct of the stack uses (stack/A has it)", received: BASE.functionName },
    ]);
  });

  test("functionName: a name that differs only in case is refused too (IAM role names ignore case)", () => {
    const stack = newStack();
    new ServerlessFunction(stack, "A", { ...BASE, functionName: "Users-Get" });
    const error = validationError(() => new ServerlessFunction(stack, "B", { ...BASE, functionName: "users-get" }));
    expect(error.problems).toEqual([
      {
        path: "stack/B",
        prop: "functionName",
        rule: "a Lambda function name, ignoring case (IAM role names do) no other construct of the stack uses (stack/A has it)",
        received: "users-get",
      },
    ]);
  });

  test("functionName: the same name in two stacks is fine (one per environment)", () => {
    expect(() => {
      new ServerlessFunction(newStack("dev"), "Fn", BASE);
      new ServerlessFunction(newStack("prod"), "Fn", BASE);
    }).not.toThrow();
  });

  test("code: two code sources are refused", () => {
    expectRefused({ entry: ENTRY }, "entry | codeDirectory | imageUri", "exactly one code source", ["entry", "codeDirectory"]);
  });

  test("code: no code source is refused", () => {
    expectRefused({ codeDirectory: undefined }, "entry | codeDirectory | imageUri", "exactly one code source", "none");
  });

  test("entry: the file must exist", () => {
    const missing = join(FIXTURES, "entry", "missing.ts");
    expectRefused({ entry: missing }, "entry", "an existing file", missing, ENTRY_BASE);
  });

  test("entry: a folder is not a file", () => {
    const folder = join(FIXTURES, "entry.ts");
    expectRefused({ entry: folder }, "entry", "an existing file", folder, ENTRY_BASE);
  });

  test("entry: the extension must be a TypeScript or JavaScript one", () => {
    const readme = join(FIXTURES, "layer", "README.txt");
    expectRefused({ entry: readme }, "entry", /^a file ending in \.ts, .*\.js/, readme, ENTRY_BASE);
  });

  test("codeDirectory: the folder must exist", () => {
    const missing = join(FIXTURES, "no-such-folder");
    expectRefused({ codeDirectory: missing }, "codeDirectory", "an existing directory", missing);
  });

  test("codeDirectory: a file is not a folder", () => {
    expectRefused({ codeDirectory: ENTRY }, "codeDirectory", "an existing directory", ENTRY);
  });

  const IMAGE_RULE =
    "an Amazon ECR image URI <account>.dkr.ecr.<region>.amazonaws.com/<repository> with a :tag or an @sha256: digest (Lambda runs images from ECR only)";

  test("imageUri: needs a tag or a digest", () => {
    const uri = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/users";
    expectRefused({ imageUri: uri }, "imageUri", IMAGE_RULE, uri, IMAGE_BASE);
    accepted({ imageUri: `${uri}@sha256:${"a".repeat(64)}` }, IMAGE_BASE);
  });

  test.each([
    "docker.io/library/node:22",
    "ghcr.io/acme/users:1.2.3",
    "public.ecr.aws/lambda/nodejs:22",
    "registry.example.com:5000/users:1",
    "111111111111.dkr.ecr.eu-west-1.amazonaws.com.evil.example/users:1",
    "11111111111.dkr.ecr.eu-west-1.amazonaws.com/users:1",
    "111111111111.dkr.ecr.eu-west-1.amazonaws.com/Users:1",
  ])("imageUri: an image Lambda cannot run (not from Amazon ECR: %p) is refused", (uri) => {
    expectRefused({ imageUri: uri }, "imageUri", IMAGE_RULE, uri, IMAGE_BASE);
  });

  test.each([
    "111111111111.dkr.ecr.eu-west-1.amazonaws.com/users:1.2.3",
    "111111111111.dkr.ecr.us-gov-west-1.amazonaws.com/svc/users:latest_build-7",
    "111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/users:1",
    `111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/svc/users@sha256:${"0".repeat(64)}`,
  ])("imageUri: an ECR image (%p) is accepted", (uri) => {
    accepted({ imageUri: uri }, IMAGE_BASE);
  });

  test("imageUri: a URI built from a reference (an EcrRepository's URL) is left to Terraform", () => {
    const stack = newStack();
    const url = new TerraformVariable(stack, "repo_url", { type: "string" }).stringValue;
    expect(() => new ServerlessFunction(stack, "Fn", { functionName: "fn", imageUri: `${url}:1`, architecture: "arm64" })).not.toThrow();
  });

  test("image function: handler is refused (the image defines it)", () => {
    expectRefused({ handler: "index.handler" }, "handler", "unset for an image function (the image defines it)", "index.handler", IMAGE_BASE);
  });

  test("image function: runtime is refused", () => {
    expectRefused({ runtime: "nodejs22.x" }, "runtime", "unset for an image function (the image defines it)", "nodejs22.x", IMAGE_BASE);
  });

  test("image function: bundlingExternalModules is refused", () => {
    expectRefused({ bundlingExternalModules: ["x"] }, "bundlingExternalModules", "unset for an image function (the image defines it)", ["x"], IMAGE_BASE);
  });

  test("image function: layers are refused (Lambda does not support layers on container images)", () => {
    expectRefused({ layers: [LAYER_ARN] }, "layers", "unset for an image function (add the layer's content to the image)", [LAYER_ARN], IMAGE_BASE);
  });

  test("zip function: image overrides are refused", () => {
    expectRefused({ imageCommand: ["app.handler"] }, "imageCommand", "unset unless imageUri is given", ["app.handler"]);
    expectRefused({ imageWorkingDirectory: "/var/task" }, "imageWorkingDirectory", "unset unless imageUri is given", "/var/task");
  });

  test("handler: no spaces, at most 128 characters", () => {
    expectRefused({ handler: "index handler" }, "handler", /^a handler of at most 128 characters/, "index handler");
    expectRefused({ handler: `index.${"h".repeat(123)}` }, "handler", /^a handler of at most 128 characters/, `index.${"h".repeat(123)}`);
  });

  test("entry: the handler must be an export of the bundle (index.<export>)", () => {
    expectRefused({ handler: "main.handler" }, "handler", "an export of the bundle, index.<export> (or just <export>)", "main.handler", ENTRY_BASE);
    accepted({ handler: "index.handler" }, ENTRY_BASE);
  });

  test("entry: a non-node runtime is refused", () => {
    expectRefused({ runtime: "python3.12" }, "runtime", "a nodejs runtime (entry is bundled as JavaScript)", "python3.12", ENTRY_BASE);
  });
});

describe("ServerlessFunction validation: runtime and sizing", () => {
  test("runtime nodejs24.x is refused (aws provider 5.100.0 does not know it)", () => {
    expectRefused({ runtime: "nodejs24.x" }, "runtime", /^one of "nodejs20.x", "nodejs22.x"/, "nodejs24.x");
  });

  test("a deprecated runtime (nodejs18.x) is refused", () => {
    expectRefused({ runtime: "nodejs18.x" }, "runtime", /^one of /, "nodejs18.x");
  });

  test("architecture: arm64 or x86_64", () => {
    expectRefused({ architecture: "aarch64" as "arm64" }, "architecture", 'one of "arm64", "x86_64"', "aarch64");
  });

  test("memorySize 64 is refused (128 to 10240 MB)", () => {
    expectRefused({ memorySize: 64 }, "memorySize", "an integer from 128 to 10240 MB", 64);
  });

  test("memorySize 10241 is refused", () => {
    expectRefused({ memorySize: 10241 }, "memorySize", "an integer from 128 to 10240 MB", 10241);
  });

  test("memorySize must be an integer", () => {
    expectRefused({ memorySize: 256.5 }, "memorySize", "an integer from 128 to 10240 MB", 256.5);
  });

  test("timeout 901 is refused (1 to 900 seconds)", () => {
    expectRefused({ timeout: 901 }, "timeout", "an integer from 1 to 900 seconds", 901);
  });

  test("timeout 0 is refused", () => {
    expectRefused({ timeout: 0 }, "timeout", "an integer from 1 to 900 seconds", 0);
  });

  test("ephemeralStorageSize: 512 to 10240 MB", () => {
    expectRefused({ ephemeralStorageSize: 256 }, "ephemeralStorageSize", "an integer from 512 to 10240 MB", 256);
  });

  test("description: at most 256 characters", () => {
    const text = "d".repeat(257);
    expectRefused({ description: text }, "description", "a string of 0 to 256 characters", text);
  });

  test("environmentKmsKeyArn must be an ARN", () => {
    expectRefused({ environmentKmsKeyArn: "alias/lambda" }, "environmentKmsKeyArn", /^a KMS key ARN/, "alias/lambda");
  });

  test("logKmsKeyArn must be an ARN", () => {
    expectRefused({ logKmsKeyArn: "key-1" }, "logKmsKeyArn", /^a KMS key ARN/, "key-1");
  });
});

describe("ServerlessFunction validation: environment", () => {
  const ENV_KEY_RULE = "a letter followed by at least one letter, digit or _ (Lambda's key pattern)";

  test("a one-character key is refused (Lambda's key pattern needs two characters)", () => {
    expectRefused({ environment: { A: "x" } }, "environment key", ENV_KEY_RULE, "A");
    accepted({ environment: { A1: "x", AB: "y" } });
  });

  test("a key starting with a digit or _ is refused", () => {
    expectRefused({ environment: { "1A": "x" } }, "environment key", ENV_KEY_RULE, "1A");
    expectRefused({ environment: { _A: "x" } }, "environment key", ENV_KEY_RULE, "_A");
  });

  test("reserved key AWS_REGION is refused", () => {
    expectRefused({ environment: { AWS_REGION: "eu-west-1" } }, "environment.AWS_REGION", "a key Lambda does not reserve for itself", "AWS_REGION");
  });

  test("reserved key AWS_ACCESS_KEY_ID is refused", () => {
    expectRefused({ environment: { AWS_ACCESS_KEY_ID: "x" } }, "environment.AWS_ACCESS_KEY_ID", "a key Lambda does not reserve for itself", "AWS_ACCESS_KEY_ID");
  });

  test("reserved key _HANDLER is refused", () => {
    const error = validationError(() => build({ environment: { _HANDLER: "x" } }));
    expect(error.problems.map((p) => p.rule)).toContain("a key Lambda does not reserve for itself");
  });

  test("a key with a dash is refused", () => {
    expectRefused({ environment: { "TABLE-NAME": "users" } }, "environment key", ENV_KEY_RULE, "TABLE-NAME");
  });

  test("a value that is not a string is refused", () => {
    expectRefused({ environment: { RETRIES: 3 as unknown as string } }, "environment.RETRIES", "a string", 3);
  });

  test("more than 4 KB of keys and values is refused", () => {
    expectRefused({ environment: { BIG: "x".repeat(4094) } }, "environment", "at most 4096 bytes of keys and values", "4097 bytes");
    accepted({ environment: { BIG: "x".repeat(4093) } });
  });

  test("the 4 KB are counted in bytes, not characters", () => {
    // 2 + 2047 × 2 + 1 = 4097 bytes in 2050 characters (keys have two characters at least).
    expectRefused({ environment: { EE: `${"é".repeat(2047)}x` } }, "environment", "at most 4096 bytes of keys and values", "4097 bytes");
  });

  test("an environment that is not a map is refused", () => {
    expectRefused({ environment: ["A=1"] as unknown as Record<string, string> }, "environment", "a map of names to string values", ["A=1"]);
  });
});

describe("ServerlessFunction validation: VPC", () => {
  test("empty subnetIds is refused", () => {
    expectRefused({ vpc: { subnetIds: [], securityGroupIds: ["sg-0a1b2c3d"] } }, "vpc.subnetIds", "a non-empty list of at most 16 subnet ids", []);
  });

  test("more than 16 subnets is refused", () => {
    const subnetIds = Array.from({ length: 17 }, (_, i) => `subnet-0a1b2c${String(i).padStart(2, "0")}`);
    expectRefused({ vpc: { subnetIds, securityGroupIds: ["sg-0a1b2c3d"] } }, "vpc.subnetIds", "a non-empty list of at most 16 subnet ids", "17 items");
  });

  test("a bad subnet id is refused", () => {
    expectRefused({ vpc: { subnetIds: ["subnet-XYZ"], securityGroupIds: ["sg-0a1b2c3d"] } }, "vpc.subnetIds[0]", "a subnet id (subnet-...)", "subnet-XYZ");
  });

  test("a vpc with neither securityGroupIds nor vpcId is refused", () => {
    expectRefused(
      { vpc: { subnetIds: ["subnet-0a1b2c3d"] } },
      "vpc",
      "given securityGroupIds or a vpcId (to create an egress-only security group)",
      { subnetIds: ["subnet-0a1b2c3d"] },
    );
  });

  test("empty securityGroupIds is refused", () => {
    expectRefused(
      { vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: [] } },
      "vpc.securityGroupIds",
      "a non-empty list of at most 5 security group ids (or unset, with vpcId)",
      [],
    );
  });

  test("more than 5 security groups is refused", () => {
    const groups = Array.from({ length: 6 }, (_, i) => `sg-0a1b2c3${i}`);
    expectRefused({ vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: groups } }, "vpc.securityGroupIds", "a non-empty list of at most 5 security group ids (or unset, with vpcId)", "6 items");
  });

  test("a bad security group id is refused", () => {
    expectRefused({ vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["default"] } }, "vpc.securityGroupIds[0]", "a security group id (sg-...)", "default");
  });

  test("a bad vpcId is refused", () => {
    expectRefused({ vpc: { subnetIds: ["subnet-0a1b2c3d"], vpcId: "my-vpc" } }, "vpc.vpcId", "a VPC id (vpc-...)", "my-vpc");
  });
});

describe("ServerlessFunction validation: layers", () => {
  test("6 layers are refused (at most 5)", () => {
    const layers = Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:eu-west-1:111111111111:layer:l${i}:1`);
    expectRefused({ layers }, "layers", "a list of at most 5 LambdaLayer constructs or layer version ARNs", "6 items");
  });

  test("a bad layer ARN is refused (no version)", () => {
    const arn = "arn:aws:lambda:eu-west-1:111111111111:layer:shared";
    expectRefused({ layers: [arn] }, "layers[0]", /^a layer version ARN/, arn);
  });

  test("something that is neither a LambdaLayer nor an ARN is refused", () => {
    expectRefused({ layers: [{ name: "shared" } as unknown as LambdaLayer] }, "layers[0]", "a LambdaLayer or a layer version ARN", { name: "shared" });
  });

  test("LambdaLayer constructs and ARNs in other partitions are accepted", () => {
    const stack = newStack();
    const layer = new LambdaLayer(stack, "Layer", { layerName: "shared", directory: LAYER_DIR });
    expect(
      () =>
        new ServerlessFunction(stack, "Fn", {
          ...BASE,
          layers: [layer, LAYER_ARN, "arn:aws-cn:lambda:cn-north-1:111111111111:layer:x:12"],
        }),
    ).not.toThrow();
  });
});

describe("ServerlessFunction validation: policy statements", () => {
  const statement = (s: object) => ({ policyStatements: [{ resources: [TABLE_ARN], ...s }] as unknown as ServerlessFunctionProps["policyStatements"] });

  test("wildcard action s3:* is refused", () => {
    expectRefused(statement({ actions: ["s3:*"] }), "policyStatements[0].actions[0]", "an action without wildcards (list each action)", "s3:*");
  });

  test("wildcard action s3:Get* is refused", () => {
    expectRefused(statement({ actions: ["s3:Get*"] }), "policyStatements[0].actions[0]", "an action without wildcards (list each action)", "s3:Get*");
  });

  test("unknown action s3:GetObjekt is refused", () => {
    expectRefused(
      statement({ actions: ["s3:GetObjekt"] }),
      "policyStatements[0].actions[0]",
      "an action listed in the AWS Service Authorization Reference",
      "s3:GetObjekt",
    );
  });

  test("malformed action is refused", () => {
    expectRefused(statement({ actions: ["GetItem"] }), "policyStatements[0].actions[0]", "in service:Action format, e.g. dynamodb:GetItem", "GetItem");
  });

  test('"*" resource for a scopable action (s3:GetObject) is refused', () => {
    expectRefused(
      { policyStatements: [{ actions: ["s3:GetObject"], resources: ["*"] }] },
      "policyStatements[0].resources",
      'specific ARNs: s3:GetObject can be scoped to a resource, so "*" is refused',
      ["*"],
    );
  });

  test('"*" resource for xray:PutTraceSegments is accepted', () => {
    accepted({ policyStatements: [{ actions: ["xray:PutTraceSegments"], resources: ["*"] }] });
  });

  test("a bad condition is refused", () => {
    const condition = { test: "StringEquals", variable: "aws:SourceAccount", values: [] };
    expectRefused(
      statement({ actions: ["dynamodb:GetItem"], conditions: [condition] }),
      "policyStatements[0].conditions[0]",
      "a condition { test, variable, values: [at least one] }",
      condition,
    );
  });

  test("a condition with an unknown operator is refused", () => {
    expectRefused(
      statement({ actions: ["dynamodb:GetItem"], conditions: { StringEqualz: { "aws:SourceAccount": "1" } } }),
      "policyStatements[0].conditions.StringEqualz",
      /^an IAM condition operator/,
      "StringEqualz",
    );
  });
});

describe("ServerlessFunction validation: inline policy size (10,240 characters)", () => {
  const RULE =
    "statements that keep the execution role's inline policy within 10240 characters (IAM's limit for a role's inline policies; references counted as 128 characters): fewer or shorter ARNs, e.g. one wildcard below a named resource such as arn:aws:s3:::bucket/prefix/*";
  const tables = (count: number) => Array.from({ length: count }, (_, i) => `arn:aws:dynamodb:eu-west-1:111111111111:table/orders-archive-${String(i).padStart(4, "0")}`);

  test("policyStatements that push the execution policy past IAM's limit are refused", () => {
    const error = validationError(() => build({ policyStatements: [{ actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: tables(150) }] }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "stack/Fn", prop: "policyStatements", rule: RULE });
    expect(error.problems[0].received).toMatch(/^about 1\d{4} characters with the computed statements$/);
  });

  test("the same statements under the limit are accepted", () => {
    accepted({ policyStatements: [{ actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: tables(100) }] });
  });

  test("the computed statements count: a policy just under the limit is refused once VPC, tracing and a DLQ add theirs", () => {
    // Find the largest policy that fits alone, then switch the computed statements on.
    let count = 100;
    while (count < 200 && !throws({ policyStatements: [{ actions: ["dynamodb:GetItem"], resources: tables(count + 1) }] })) count++;
    const policyStatements = [{ actions: ["dynamodb:GetItem"], resources: tables(count) }];
    accepted({ policyStatements });
    const error = validationError(() =>
      build({ policyStatements, tracing: true, deadLetterQueue: true, vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] } }),
    );
    expect(error.problems.map((p) => p.prop)).toEqual(["policyStatements"]);
  });

  test("references count as 128 characters each", () => {
    const stack = newStack();
    const arns = Array.from({ length: 80 }, (_, i) => new TerraformVariable(stack, `arn${i}`, { type: "string" }).stringValue);
    const error = validationError(() => new ServerlessFunction(stack, "Fn", { ...BASE, policyStatements: [{ actions: ["dynamodb:GetItem"], resources: arns }] }));
    expect(error.problems.map((p) => p.prop)).toEqual(["policyStatements"]);
  });

  function throws(props: Partial<ServerlessFunctionProps>): boolean {
    try {
      build(props);
      return false;
    } catch (e) {
      if (e instanceof ValidationError) return true;
      throw e;
    }
  }
});

describe("ServerlessFunction validation: logs, concurrency, switches", () => {
  test("log retention 13 is refused (not a CloudWatch period)", () => {
    expectRefused({ logRetentionDays: 13 }, "logRetentionDays", /^one of 1, 3, 5, 7, 14, 30/, 13);
  });

  test("negative reserved concurrency is refused", () => {
    expectRefused({ reservedConcurrency: -1 }, "reservedConcurrency", "an integer from 0 to 100000", -1);
  });

  test("provisioned concurrency 0 is refused", () => {
    expectRefused({ provisionedConcurrency: 0 }, "provisionedConcurrency", "an integer from 1 to 100000", 0);
  });

  test("provisioned concurrency above reserved concurrency is refused", () => {
    expectRefused({ reservedConcurrency: 2, provisionedConcurrency: 3 }, "provisionedConcurrency", "at most reservedConcurrency (2)", 3);
    accepted({ reservedConcurrency: 3, provisionedConcurrency: 3 });
  });

  test("deadLetterQueue must be a boolean", () => {
    expectRefused({ deadLetterQueue: "yes" as unknown as boolean }, "deadLetterQueue", "true or false", "yes");
  });

  test("tracing must be a boolean", () => {
    expectRefused({ tracing: 1 as unknown as boolean }, "tracing", "true or false", 1);
  });
});

describe("ServerlessFunction validation: tags", () => {
  test("tag key aws:x is refused", () => {
    expectRefused({ tags: { "aws:x": "v" } }, "tags key", "a key without the reserved prefix aws:", "aws:x");
  });

  test("tag value over 256 characters is refused", () => {
    const value = "v".repeat(257);
    expectRefused({ tags: { Owner: value } }, "tags.Owner", /^a string of up to 256/, value);
  });

  test("51 tags are refused", () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expectRefused({ tags }, "tags", "at most 50 tags", "51 tags");
  });
});

describe("ServerlessFunction validation: unknown props (one of the known props)", () => {
  const KNOWN_PROPS = /^one of the known props \(functionName, entry, codeDirectory, imageUri, handler, runtime, .*, tags, events, asyncInvoke, url, deployment, alarms\)$/;

  test("misspelt or other-cloud props (memory, timeoutSeconds, env) are refused, not ignored", () => {
    const error = validationError(() => build({ memory: 1024, timeoutSeconds: 25, env: { A1: "x" } } as Partial<ServerlessFunctionProps>));
    expect(error.problems.map((p) => [p.path, p.prop, p.received])).toEqual([
      ["stack/Fn", "memory", "an unknown prop"],
      ["stack/Fn", "timeoutSeconds", "an unknown prop"],
      ["stack/Fn", "env", "an unknown prop"],
    ]);
    for (const p of error.problems) expect(p.rule).toMatch(KNOWN_PROPS);
  });

  test("an unknown vpc prop (securityGroups) is refused", () => {
    expectRefused(
      { vpc: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"] } as ServerlessFunctionProps["vpc"] },
      "vpc.securityGroups",
      "one of the known props (subnetIds, securityGroupIds, vpcId)",
      "an unknown prop",
    );
  });

  test("an unknown policy statement prop (condition) is refused", () => {
    const statement = { actions: ["dynamodb:GetItem"], resources: [TABLE_ARN], condition: { Bool: { "aws:SecureTransport": "true" } } };
    expectRefused(
      { policyStatements: [statement as never] },
      "policyStatements[0].condition",
      "one of the known props (actions, resources, effect, conditions, reason)",
      "an unknown prop",
    );
  });

  test("every documented prop is known", () => {
    accepted({
      functionName: "svc-dev-users-get",
      codeDirectory: CODE_DIR,
      handler: "index.handler",
      runtime: "nodejs22.x",
      architecture: "x86_64",
      memorySize: 512,
      timeout: 20,
      ephemeralStorageSize: 1024,
      environment: { TABLE: "users" },
      environmentKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      description: "Users",
      vpc: { subnetIds: ["subnet-0a1b2c3d"], vpcId: "vpc-0a1b2c3d" },
      layers: [LAYER_ARN],
      policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [TABLE_ARN], effect: "Allow", conditions: [] }],
      logRetentionDays: 14,
      logKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      reservedConcurrency: 5,
      provisionedConcurrency: 1,
      deadLetterQueue: true,
      tracing: true,
      bundlingExternalModules: undefined,
      tags: { Owner: "team" },
    });
  });
});

describe("ServerlessFunction validation: reporting", () => {
  test("several problems of one function are reported together, in one error", () => {
    const error = validationError(() =>
      build({
        functionName: "bad name",
        memorySize: 64,
        timeout: 901,
        environment: { AWS_REGION: "x" },
        layers: Array.from({ length: 6 }, () => LAYER_ARN),
        policyStatements: [{ actions: ["s3:*"], resources: ["*"] }],
        tags: { "aws:x": "v" },
      }),
    );
    expect(error.problems.map((p) => p.prop)).toEqual([
      "functionName",
      "memorySize",
      "timeout",
      "environment.AWS_REGION",
      "layers",
      "policyStatements[0].actions[0]",
      "tags key",
    ]);
    expect(error.message).toMatch(/^Invalid ServerlessFunction props at stack\/Fn \(7 problems\):/);
    expect(error.message.split("\n")).toHaveLength(8);
  });

  test("a refused function creates no resource", () => {
    const stack = newStack();
    expect(() => new ServerlessFunction(stack, "Fn", { ...BASE, memorySize: 64 })).toThrow(ValidationError);
    expect(synth(stack).resource).toBeUndefined();
  });

  test("the error is thrown at construction, before synth", () => {
    const stack = newStack();
    expect(() => new ServerlessFunction(stack, "Fn", { ...BASE, timeout: 901 })).toThrow(/timeout: must be an integer from 1 to 900 seconds; received 901/);
  });
});

describe("ServerlessFunction validation: tokens are skipped, not refused", () => {
  test("numbers, names, environment values, subnets, layers and tags known only to Terraform", () => {
    const stack = newStack();
    const size = new TerraformVariable(stack, "size", { type: "number" });
    const subnets = new TerraformVariable(stack, "subnets", { type: "list(string)" });
    const text = new TerraformVariable(stack, "text", { type: "string" });
    const timeout = size.numberValue;
    const fn = new ServerlessFunction(stack, "Fn", {
      functionName: text.stringValue,
      codeDirectory: CODE_DIR,
      memorySize: Token.asNumber(size.value),
      timeout,
      logRetentionDays: size.numberValue,
      reservedConcurrency: size.numberValue,
      provisionedConcurrency: 1000,
      environment: { TABLE_NAME: text.stringValue },
      vpc: { subnetIds: subnets.listValue, securityGroupIds: [text.stringValue], vpcId: text.stringValue },
      layers: subnets.listValue,
      policyStatements: [
        { actions: ["dynamodb:GetItem"], resources: [text.stringValue, `${text.stringValue}/index/*`] },
        { actions: ["dynamodb:Query"], resources: subnets.listValue },
      ],
      tags: { Owner: text.stringValue },
    });
    expect(only(synth(stack), "aws_lambda_function").memory_size).toBe("${var.size}");
    expect(fn.timeout).toBe(timeout);
  });

  test("a single layer ARN from a variable is skipped", () => {
    const stack = newStack();
    const arn = new TerraformVariable(stack, "layer", { type: "string" });
    expect(() => new ServerlessFunction(stack, "Fn", { ...BASE, layers: [arn.stringValue] })).not.toThrow();
  });
});
