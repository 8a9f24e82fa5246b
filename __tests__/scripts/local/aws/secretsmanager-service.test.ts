import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { TerraformIterator, TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { Construct } from "constructs";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Secret, ServerlessFunction } from "../../../../modules/aws";
import { Session } from "../../../../scripts/local/session";

const ACCOUNT = "222222222222";
const REGION = "eu-central-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ENTRY = join(__dirname, "..", "..", "..", "fixtures", "local-secrets", "handlers", "read-secret.ts");
const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-000000`;

/**
 * Secrets as the data constructs write them: a plain one read through a function's `secrets`, one
 * under a customer-managed key, one whose resource policy denies through a dynamic block over a
 * literal list, and one whose policy cannot be read locally.
 */
class SecretsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, allowedAccountIds: [ACCOUNT] });
    const plain = new Secret(this, "Plain", { secretName: "local/plain" });
    const encrypted = new Secret(this, "Encrypted", { secretName: "local/encrypted", kmsKeyArn: KEY });
    const denied = new Secret(this, "Denied", { secretName: "local/denied" });
    const unknown = new Secret(this, "Unknown", { secretName: "local/unknown" });

    const reader = new ServerlessFunction(this, "Reader", { functionName: "secret-reader", entry: ENTRY, secrets: { PLAIN: plain, ENCRYPTED: encrypted, DENIED: denied, UNKNOWN: unknown } });
    new ServerlessFunction(this, "Stranger", { functionName: "secret-stranger", entry: ENTRY, environment: { PLAIN: plain.arn } });
    // Allowed the secret, not its key.
    new ServerlessFunction(this, "Keyless", { functionName: "secret-keyless", entry: ENTRY, environment: { ENCRYPTED: encrypted.arn }, policyStatements: [{ actions: ["secretsmanager:GetSecretValue"], resources: [encrypted.arn] }] });

    const actions = TerraformIterator.fromList(["secretsmanager:GetSecretValue"]);
    const deny = new DataAwsIamPolicyDocument(this, "DenyReader", {
      statement: actions.dynamic({ effect: "Deny", actions: [actions.value], resources: ["*"], principals: [{ type: "AWS", identifiers: [reader.roleArn] }] }),
    });
    new SecretsmanagerSecretPolicy(this, "DeniedPolicy", { secretArn: denied.arn, policy: deny.json });
    const policy = new TerraformVariable(this, "unknown_policy", { type: "string" });
    new SecretsmanagerSecretPolicy(this, "UnknownPolicy", { secretArn: unknown.arn, policy: policy.stringValue });
  }
}

describe("npm run local: Secrets Manager behind the endpoint, each call checked against the caller's policy", () => {
  const outdir = Testing.fullSynth(new SecretsStack(Testing.app(), "secrets"));
  const log: string[] = [];
  let session: Session;
  beforeAll(async () => {
    session = await Session.start({ outdir, stack: "secrets", log: (l) => log.push(l) });
    const operator = new SecretsManagerClient({ endpoint: session.endpoint, region: REGION, credentials: session.identities.operator, maxAttempts: 1 });
    for (const name of ["local/plain", "local/encrypted", "local/denied"]) await operator.send(new PutSecretValueCommand({ SecretId: name, SecretString: `${name} value` }));
  });
  afterAll(async () => {
    await session?.close();
    rmSync(outdir, { recursive: true, force: true });
  });
  const read = async (fn: string, variable: string) => {
    const result = await session.invoke(session.byName(fn)!, { variable }, () => undefined);
    if (!result.ok) throw new Error(`${fn} failed: ${result.error.errorMessage}`);
    return result.payload as { value?: string; error?: string };
  };

  test("the secrets are emulated (not in the not-emulated notice); the one whose policy cannot be read is not, and says why", () => {
    expect(session.declared.secrets.map((s) => [s.name, s.arn])).toEqual([
      ["local/denied", secretArn("local/denied")],
      ["local/encrypted", secretArn("local/encrypted")],
      ["local/plain", secretArn("local/plain")],
    ]);
    expect(session.declared.notEmulated).toEqual([]);
    expect(log).toContainEqual(expect.stringMatching(/^secrets\/Unknown\/Default: secrets\/UnknownPolicy: its policy cannot be read: cannot verify \$\{var.unknown_policy\} at aws_secretsmanager_secret_policy.UnknownPolicy.policy: .*; not emulated$/));
  });

  test("Compliance: a function given the secret (its `secrets` prop) reads the value the operator put, by ARN; under a customer key too (kms:Decrypt through Secrets Manager)", async () => {
    expect(await read("secret-reader", "PLAIN")).toEqual({ value: "local/plain value" });
    expect(await read("secret-reader", "ENCRYPTED")).toEqual({ value: "local/encrypted value" });
  });

  test.each([
    ["a function not given the secret", "secret-stranger", "PLAIN", `secretsmanager:GetSecretValue on resource: ${secretArn("local/plain")} because no identity-based policy allows`],
    ["a function given the secret but not its customer key", "secret-keyless", "ENCRYPTED", `kms:Decrypt on resource: ${KEY} because no identity-based or resource-based policy allows`],
    ["a function the secret's policy denies (a dynamic statement over a literal list)", "secret-reader", "DENIED", `secretsmanager:GetSecretValue on resource: ${secretArn("local/denied")} because`],
    ["a function reading a secret whose policy cannot be read locally", "secret-reader", "UNKNOWN", "ResourceNotFoundException: Secrets Manager can't find the specified secret."],
  ])("Noncompliance: %s is refused, the action and resource named", async (_what, fn, variable, message) => {
    const { error } = await read(fn, variable);
    expect(error).toContain(message);
    if (!message.startsWith("ResourceNotFound")) expect(error).toMatch(/^AccessDeniedException: User: arn:aws:sts::222222222222:assumed-role\//);
  });

  test("the deny is the resource policy's explicit one, and each refusal is printed", () => {
    expect(log.join("\n")).toMatch(new RegExp(`REFUSED secret-reader: secretsmanager:GetSecretValue on ${secretArn("local/denied")} \\(explicitly denied`));
    expect(log.join("\n")).toContain(`REFUSED secret-keyless: kms:Decrypt on ${KEY}`);
  });

  test("another version, or a name not in the stack: as Secrets Manager answers", async () => {
    const operator = new SecretsManagerClient({ endpoint: session.endpoint, region: REGION, credentials: session.identities.operator, maxAttempts: 1 });
    await expect(operator.send(new GetSecretValueCommand({ SecretId: "local/plain", VersionStage: "AWSPREVIOUS" }))).rejects.toThrow("Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS");
    await expect(operator.send(new GetSecretValueCommand({ SecretId: "local/nope" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(log).toContain("operator called Secrets Manager GetSecretValue of local/nope, which is not a secret of the stack: not emulated locally; answered with an error");
    // A partial ARN (without the random suffix) names the secret, as in Secrets Manager.
    expect((await operator.send(new DescribeSecretCommand({ SecretId: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:local/encrypted` }))).KmsKeyId).toBe(KEY);
  });
});
