import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { EcrRepository, ServerlessFunction, StateBucket } from "../../../modules/aws";
import { awsPartitionOf, isAwsRegion, isGcpRegion } from "../../../modules/core/regions";
import { stackContext } from "../../../modules/core/stack-context";
import { ArtifactRegistryRepository, CloudRunService } from "../../../modules/gcp";
import { CODE_DIR, validationError } from "../aws/support";

const KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";

function awsStack(region = "eu-west-1", defaultTags?: Record<string, string>): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region, defaultTags: defaultTags ? [{ tags: defaultTags }] : undefined });
  return stack;
}

const fn = (stack: TerraformStack, props: Record<string, unknown>) =>
  new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, ...props } as never);

describe("stackContext: what the stack's providers say", () => {
  test("the AWS provider's region, partition and default tags (every block merged)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "cn-north-1", defaultTags: [{ tags: { Team: "a" } }, { tags: { Env: "dev" } }] });
    new AwsProvider(stack, "other", { region: "us-east-1", alias: "use1" });
    expect(stackContext(stack).aws).toEqual({ region: "cn-north-1", partition: "aws-cn", defaultTags: { Team: "a", Env: "dev" } });
  });

  test("the one allowed account, when allowed_account_ids names exactly one literal account", () => {
    const one = new TerraformStack(Testing.app(), "s");
    new AwsProvider(one, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
    expect(stackContext(one).aws?.accountId).toBe("111111111111");
    const two = new TerraformStack(Testing.app(), "t");
    new AwsProvider(two, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111", "222222222222"] });
    expect(stackContext(two).aws?.accountId).toBeUndefined();
    const variable = new TerraformStack(Testing.app(), "u");
    new AwsProvider(variable, "aws", { region: "eu-west-1", allowedAccountIds: [new TerraformVariable(variable, "account", { type: "string" }).stringValue] });
    expect(stackContext(variable).aws?.accountId).toBeUndefined();
  });

  test("a region only Terraform knows (a variable) is left out: nothing is checked against it", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: new TerraformVariable(stack, "region", { type: "string" }).stringValue });
    expect(stackContext(stack).aws).toEqual({ region: undefined, partition: undefined, defaultTags: {} });
  });

  test("the Google provider's region and labels (set as an override, as this project's stacks do), attribution label on by default", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const google = new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
    google.addOverride("default_labels", { "managed-by": "cdktf" });
    expect(stackContext(stack).google).toEqual({ region: "europe-west1", project: "acme-svc-dev", defaultLabels: { "managed-by": "cdktf" }, attributionLabel: true });
  });

  test("no stack, no provider: no context", () => {
    expect(stackContext(new TerraformStack(Testing.app(), "s"))).toEqual({});
  });
});

describe("region names", () => {
  test.each(["us-east-1", "eu-west-1", "ap-southeast-7", "il-central-1", "mx-central-1", "ca-west-1", "cn-northwest-1", "us-gov-west-1", "us-isob-east-1", "eu-isoe-west-1"])(
    "Compliance: AWS %s",
    (r) => expect(isAwsRegion(r)).toBe(true),
  );
  test.each(["eu-west", "eu-west1", "eu-wset-1", "EU-WEST-1", "eu-west-1a", "europe-west1", "xx-east-1", "eu-west-0"])("Noncompliance: AWS %s", (r) =>
    expect(isAwsRegion(r)).toBe(false),
  );
  test.each(["europe-west1", "us-central1", "northamerica-northeast2", "me-central2", "africa-south1", "australia-southeast1", "asia-south1"])(
    "Compliance: Google %s",
    (r) => expect(isGcpRegion(r)).toBe(true),
  );
  test.each(["eu-west-1", "europe-west1-b", "europe", "mars-west1", "Europe-West1"])("Noncompliance: Google %s", (r) => expect(isGcpRegion(r)).toBe(false));
  test("partitions", () => {
    expect(["eu-west-1", "cn-north-1", "us-gov-east-1", "us-iso-east-1"].map(awsPartitionOf)).toEqual(["aws", "aws-cn", "aws-us-gov", "aws-iso"]);
  });
});

describe("ARNs of another partition or with an invalid region", () => {
  test("Noncompliance: an arn:aws: resource in a stack whose provider is in cn-north-1", () => {
    const arn = "arn:aws:dynamodb:cn-north-1:111111111111:table/users";
    const e = validationError(() => fn(awsStack("cn-north-1"), { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [arn] }] }));
    expect(e.problems).toEqual([
      {
        path: "s/Fn",
        prop: "policyStatements[0].resources[0]",
        rule: "an ARN of the partition aws-cn, where the stack's provider region cn-north-1 is (arn:aws-cn:...)",
        received: arn,
      },
    ]);
  });

  test("Compliance: the same statement in the aws-cn partition", () => {
    expect(() => fn(awsStack("cn-north-1"), { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws-cn:dynamodb:cn-north-1:111111111111:table/users"] }] })).not.toThrow();
  });

  test("Noncompliance: an ARN whose region is not a region", () => {
    const arn = "arn:aws:dynamodb:eu-wset-1:111111111111:table/users";
    const e = validationError(() => fn(awsStack(), { policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [arn] }] }));
    expect(e.problems.map((p) => [p.prop, p.rule, p.received])).toEqual([
      ["policyStatements[0].resources[0]", "an ARN whose region is an AWS region of the partition aws (such as eu-west-1)", arn],
    ]);
  });
});

describe("a construct created before its provider", () => {
  test("Noncompliance: is checked when the app synthesizes, against the provider the stack has then", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const layer = "arn:aws:lambda:us-east-1:111111111111:layer:shared:3";
    new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, layers: [layer] });
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[s\/Fn\] layers\[0\]: must be a layer in the stack's provider region eu-west-1 \(AWS uses it only in its own region; received one of us-east-1\)/,
    );
  });

  test("Compliance: a stack that never gets a provider has nothing to check against", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, layers: ["arn:aws:lambda:us-east-1:111111111111:layer:shared:3"] });
    expect(() => Testing.synth(stack)).not.toThrow();
  });
});

describe("layers, images and KMS keys from another region or service", () => {
  test("Noncompliance: a layer of us-east-1 for a function of eu-west-1", () => {
    const layer = "arn:aws:lambda:us-east-1:111111111111:layer:shared:3";
    const e = validationError(() => fn(awsStack(), { layers: [layer] }));
    expect(e.problems).toEqual([
      { path: "s/Fn", prop: "layers[0]", rule: "a layer in the stack's provider region eu-west-1 (AWS uses it only in its own region; received one of us-east-1)", received: layer },
    ]);
  });

  test("Noncompliance: an ECR image of another region", () => {
    const image = "111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1";
    const e = validationError(() => new ServerlessFunction(awsStack(), "Fn", { functionName: "fn", imageUri: image, architecture: "arm64" }));
    expect(e.problems.map((p) => [p.prop, p.received])).toEqual([["imageUri", image]]);
    expect(e.problems[0].rule).toMatch(/^an ECR image in the stack's provider region eu-west-1/);
  });

  test("Noncompliance: an ECR image whose region is not a region", () => {
    const image = "111111111111.dkr.ecr.eu-wset-1.amazonaws.com/app:1";
    const e = validationError(() => new ServerlessFunction(new TerraformStack(Testing.app(), "s"), "Fn", { functionName: "fn", imageUri: image, architecture: "arm64" }));
    expect(e.problems.map((p) => [p.prop, p.rule, p.received])).toEqual([["imageUri", "an ECR image URI whose region is an AWS region (such as eu-west-1)", image]]);
  });

  test.each([
    ["environmentKmsKeyArn", "arn:aws:sns:eu-west-1:111111111111:topic", /^a KMS key ARN/],
    ["logKmsKeyArn", `arn:aws:kms:eu-west-1:111111111111:alias/logs`, /^a KMS key ARN/],
    ["logKmsKeyArn", `arn:aws:kms:us-east-1:111111111111:key/${KEY}`, /^a KMS key in the stack's provider region eu-west-1/],
  ])("Noncompliance: %s %s", (prop, value, rule) => {
    const e = validationError(() => fn(awsStack(), { [prop]: value }));
    expect(e.problems.map((p) => [p.prop, p.received])).toEqual([[prop, value]]);
    expect(e.problems[0].rule).toMatch(rule);
  });

  test("Noncompliance: ECR and state bucket keys of another service or region", () => {
    expect(validationError(() => new EcrRepository(awsStack(), "R", { name: "repo", kmsKeyArn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:k" })).problems[0].prop).toBe("kmsKeyArn");
    const e = validationError(() => new StateBucket(awsStack(), "B", { bucketName: "svc-state", kmsKeyArn: `arn:aws:kms:us-east-1:111111111111:key/${KEY}` }));
    expect(e.problems[0].rule).toMatch(/^a KMS key in the stack's provider region eu-west-1/);
  });

  test("Compliance: a KMS alias for ECR and S3, a key for Lambda, all in the provider's region", () => {
    expect(() => new EcrRepository(awsStack(), "R", { name: "repo", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:alias/ecr" })).not.toThrow();
    expect(() => fn(awsStack(), { environmentKmsKeyArn: `arn:aws:kms:eu-west-1:111111111111:key/${KEY}`, logKmsKeyArn: `arn:aws:kms:eu-west-1:111111111111:key/mrk-${"0".repeat(32)}` })).not.toThrow();
  });

  test("Noncompliance: a Cloud KMS key name of the wrong shape (a key version, an AWS ARN)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
    for (const kmsKeyName of [
      "projects/acme-svc-dev/locations/europe-west1/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1",
      `arn:aws:kms:eu-west-1:111111111111:key/${KEY}`,
    ]) {
      const e = validationError(() => new ArtifactRegistryRepository(stack, `R${kmsKeyName.length}`, { repositoryId: `svc-${kmsKeyName.length}`, location: "europe-west1", kmsKeyName }));
      expect(e.problems.map((p) => p.prop)).toEqual(["kmsKeyName"]);
    }
  });
});

describe("tags and labels with the provider's defaults", () => {
  const tags = (n: number, prefix = "T") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "v"]));
  const defaults = { Project: "svc", Environment: "dev", ManagedBy: "cdktf", Owner: "team" };

  test("Noncompliance: 47 tags and the provider's 4 default tags are 51", () => {
    const e = validationError(() => fn(awsStack("eu-west-1", defaults), { tags: tags(47) }));
    expect(e.problems).toEqual([
      {
        path: "s/Fn",
        prop: "tags",
        rule: "at most 50 tags with the provider's default tags (Project, Environment, ManagedBy, Owner)",
        received: "47 tags + 4 = 51",
      },
    ]);
  });

  test("Compliance: a key in both counts once (46 tags, one of them Owner, and 4 defaults are 49)", () => {
    expect(() => fn(awsStack("eu-west-1", defaults), { tags: { ...tags(45), Owner: "other" } })).not.toThrow();
    expect(() => fn(awsStack("eu-west-1", defaults), { tags: tags(46) })).not.toThrow();
  });

  test("Noncompliance: GCP labels with the default labels and goog-terraform-provisioned past 64", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const google = new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
    google.addOverride("default_labels", { project: "svc", environment: "dev" });
    const labels = tags(62, "l");
    const e = validationError(
      () => new CloudRunService(stack, "Web", { serviceName: "web", location: "europe-west1", image: "europe-west1-docker.pkg.dev/acme-svc-dev/r/web:1", labels }),
    );
    expect(e.problems).toEqual([
      {
        path: "s/Web",
        prop: "labels",
        rule: "at most 64 labels with the labels the provider adds (project, environment, goog-terraform-provisioned)",
        received: "62 labels + 3 = 65",
      },
    ]);
  });

  test("Compliance: 61 labels fit (61 + 3 = 64)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" }).addOverride("default_labels", { project: "svc", environment: "dev" });
    expect(() => new CloudRunService(stack, "Web", { serviceName: "web", location: "europe-west1", image: "europe-west1-docker.pkg.dev/acme-svc-dev/r/web:1", labels: tags(61, "l") })).not.toThrow();
  });
});

describe("IAM policy variables", () => {
  test("Noncompliance: ${aws:username} is refused with the way to write it", () => {
    const resource = "arn:aws:s3:::home/${aws:username}/*";
    const e = validationError(() => fn(awsStack(), { policyStatements: [{ actions: ["s3:GetObject"], resources: [resource] }] }));
    expect(e.problems).toEqual([
      {
        path: "s/Fn",
        prop: "policyStatements[0].resources[0]",
        rule: "text without Terraform template syntax: write the IAM policy variable ${aws:username} as &{aws:username}, which aws_iam_policy_document turns into ${aws:username} (Terraform would try to evaluate ${aws:username})",
        received: resource,
      },
    ]);
  });

  test("Compliance: &{aws:username} passes and is written as is to the policy document (Terraform renders it ${aws:username})", () => {
    const stack = awsStack();
    fn(stack, {
      policyStatements: [
        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::home/&{aws:username}/*"], conditions: { StringEquals: { "aws:PrincipalTag/team": "&{aws:PrincipalTag/team}" } } },
      ],
    });
    const json = JSON.parse(Testing.synth(stack));
    const documents = Object.values(json.data.aws_iam_policy_document as Record<string, { statement: { sid?: string }[] }>);
    const statement = documents.flatMap((d) => d.statement).find((s) => s.sid === "Code1");
    expect(statement).toEqual({
      sid: "Code1",
      effect: "Allow",
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::home/&{aws:username}/*"],
      condition: [{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["&{aws:PrincipalTag/team}"] }],
    });
  });
});
