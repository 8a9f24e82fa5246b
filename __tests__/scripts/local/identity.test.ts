import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Testing } from "cdktf";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadJwks } from "../../../scripts/local/jwt";
import { apisOf } from "../../../scripts/local/routes";
import { serveApi } from "../../../scripts/local/server";
import { Session } from "../../../scripts/local/session";
import { LocalChainStack } from "../../fixtures/local-chain/stack";

const REGION = "eu-central-1";

/**
 * Who may call the endpoint: each function signs with its own temporary credentials (verified
 * SigV4, its session token, this region), and each call is checked against that function's policy.
 */
describe("npm run local: identities and signatures at the AWS endpoint", () => {
  const outdir = Testing.fullSynth(new LocalChainStack(Testing.app(), "local-chain"));
  const log: string[] = [];
  let session: Session;
  beforeAll(async () => {
    session = await Session.start({ outdir, stack: "local-chain", log: (l) => log.push(l) });
  });
  afterAll(async () => {
    await session?.close();
    rmSync(outdir, { recursive: true, force: true });
  });
  const as = (name: string) => session.identities.of(session.byName(name)!);
  const client = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region = REGION) => ({ endpoint: session.endpoint, region, credentials, maxAttempts: 1 });
  const failure = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      return { name: (error as Error).name, message: (error as Error).message };
    }
    throw new Error("the call was allowed");
  };
  const item = { TableName: "chain-items", Item: { id: { S: "x" }, kind: { S: "widget" } } };

  test("Compliance: a function's own credentials, for what its policy allows", async () => {
    await expect(new DynamoDBClient(client(as("chain-worker"))).send(new PutItemCommand(item))).resolves.toBeDefined();
    await expect(new DynamoDBClient(client(session.identities.operator)).send(new PutItemCommand({ ...item, TableName: "chain-seen" }))).resolves.toBeDefined();
  });

  test("Noncompliance: what its policy does not allow is refused, the action and resource named", async () => {
    const worker = as("chain-worker");
    expect(await failure(new DynamoDBClient(client(worker)).send(new PutItemCommand({ ...item, TableName: "chain-seen" })))).toEqual({
      name: "AccessDeniedException",
      message: expect.stringMatching(
        /^User: arn:aws:sts::222222222222:assumed-role\/chain-worker-role\/chain-worker is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-central-1:222222222222:table\/chain-seen because no identity-based policy allows the dynamodb:PutItem action/,
      ),
    });
    expect(await failure(new SNSClient(client(worker)).send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-central-1:222222222222:chain-updates", Message: "x" })))).toMatchObject({
      name: "AuthorizationErrorException",
      message: expect.stringContaining("is not authorized to perform: sns:Publish on resource: arn:aws:sns:eu-central-1:222222222222:chain-updates"),
    });
    expect(await failure(new SQSClient(client(as("chain-reader"))).send(new SendMessageCommand({ QueueUrl: `${session.endpoint}/222222222222/chain-jobs`, MessageBody: "x" })))).toMatchObject({
      message: expect.stringContaining("sqs:SendMessage"),
    });
    expect(log.join("\n")).toContain(`REFUSED chain-worker: dynamodb:PutItem on arn:aws:dynamodb:eu-central-1:222222222222:table/chain-seen`);
  });

  test("Noncompliance: another function's key with a guessed secret, or with another session token, is a forged signature", async () => {
    const worker = as("chain-worker");
    const reader = as("chain-reader");
    expect(await failure(new DynamoDBClient(client({ ...worker, secretAccessKey: reader.secretAccessKey })).send(new PutItemCommand(item)))).toMatchObject({ name: "InvalidSignatureException" });
    expect(await failure(new DynamoDBClient(client({ ...worker, sessionToken: reader.sessionToken })).send(new PutItemCommand(item)))).toMatchObject({ name: "InvalidSignatureException" });
    expect(await failure(new DynamoDBClient(client({ accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey })).send(new PutItemCommand(item)))).toMatchObject({
      name: "UnrecognizedClientException",
    });
    expect(await failure(new DynamoDBClient(client({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x" })).send(new PutItemCommand(item)))).toMatchObject({ name: "UnrecognizedClientException" });
  });

  test("Noncompliance: a call signed for another region is refused, even the operator's", async () => {
    expect(await failure(new DynamoDBClient(client(session.identities.operator, "us-east-1")).send(new PutItemCommand(item)))).toEqual({
      name: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region. The request is signed for 'us-east-1'; this endpoint is 'eu-central-1'.",
    });
  });

  test("Noncompliance: an unsigned request, or a signed one whose body was changed, never reaches the emulator", async () => {
    const unsigned = await fetch(session.endpoint, { method: "POST", headers: { "x-amz-target": "DynamoDB_20120810.ListTables", "content-type": "application/x-amz-json-1.0" }, body: "{}" });
    expect([unsigned.status, ((await unsigned.json()) as { __type: string }).__type]).toEqual([400, "com.amazon.coral.service#MissingAuthenticationToken"]);
    // A request signed for one body, sent with another.
    let captured: { headers: Record<string, string>; body: string } | undefined;
    const capture = new DynamoDBClient({ ...client(session.identities.operator), requestHandler: { handle: async (request: { headers: Record<string, string>; body: string }) => ((captured = request), Promise.reject(new Error("captured"))) } as never });
    await capture.send(new PutItemCommand(item)).catch(() => undefined);
    const tampered = await fetch(session.endpoint, { method: "POST", headers: captured!.headers, body: String(captured!.body).replace('"widget"', '"gadget"') });
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { message: string }).message).toMatch(/does not match/);
  });

  test("the operator's signature is the only way into the emulators: the endpoint is the only port the session opened", async () => {
    // dynalite's handler is called in this process: no server of it listens anywhere.
    expect(log.join("\n")).not.toMatch(/dynalite.*listen/);
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => h && (h as { constructor: { name: string } }).constructor.name === "Server");
    const listening = handles.map((h) => (h as { address(): { port: number } | null }).address()?.port).filter((p) => p !== undefined);
    expect(listening).toEqual([Number(new URL(session.endpoint).port)]);
  });
});

describe("npm run local: JWT routes", () => {
  const outdir = Testing.fullSynth(new LocalChainStack(Testing.app(), "local-chain"));
  const work = mkdtempSync(join(tmpdir(), "cdktf-local-jwt-"));
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwksFile = join(work, "jwks.json");
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }] }));
  const token = (claims: Record<string, unknown>, kid = "k1") => {
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const head = `${encode({ alg: "RS256", kid, typ: "JWT" })}.${encode({ iss: "https://issuer.example.com", aud: "chain-api", sub: "user-7", exp: Math.floor(Date.now() / 1000) + 600, scope: "items:read", ...claims })}`;
    return `${head}.${sign("sha256", Buffer.from(head), privateKey).toString("base64url")}`;
  };
  const log: string[] = [];
  let session: Session;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    session = await Session.start({ outdir, stack: "local-chain", log: (l) => log.push(l) });
    await session.gateway; // endpoint up
    const { DynamoDBClient: Client } = await import("@aws-sdk/client-dynamodb");
    await new Client({ endpoint: session.endpoint, region: REGION, credentials: session.identities.operator }).send(new PutItemCommand({ TableName: "chain-items", Item: { id: { S: "i1" }, kind: { S: "widget" } } }));
    const withKeys = await serveApi(session, apisOf(session.stack)[0], 0, (l) => log.push(l), loadJwks(jwksFile));
    const without = await serveApi(session, apisOf(session.stack)[0], 0, (l) => log.push(l));
    base = withKeys.url;
    close = async () => {
      await withKeys.close();
      const res = await fetch(`${without.url}/jwt/items/i1`, { headers: { authorization: `Bearer ${token({})}` } });
      expect(res.status).toBe(401);
      expect(log.join("\n")).toMatch(/tokens cannot be verified without a key set; start serve with --jwks <file>/);
      await without.close();
      await session.close();
    };
  });
  afterAll(async () => {
    await close?.();
    rmSync(outdir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const get = async (authorization?: string) => {
    const res = await fetch(`${base}/jwt/items/i1`, { headers: authorization ? { authorization } : {} });
    return [res.status, await res.json()];
  };

  test("Compliance: a token signed by the key set, for the issuer and audience, with the route's scope", async () => {
    expect(await get(`Bearer ${token({})}`)).toEqual([200, { id: "i1", kind: "widget", client: "user-7" }]);
  });

  test.each([
    ["no token", undefined, 401],
    ["another key id", `Bearer ${token({}, "k2")}`, 401],
    ["a forged signature", `Bearer ${token({}).replace(/\.[^.]+$/, ".AAAA")}`, 401],
    ["an expired token", `Bearer ${token({ exp: Math.floor(Date.now() / 1000) - 10 })}`, 401],
    ["another issuer", `Bearer ${token({ iss: "https://evil.example.com" })}`, 401],
    ["another audience", `Bearer ${token({ aud: "other-api" })}`, 401],
    ["a token without the route's scope", `Bearer ${token({ scope: "items:write" })}`, 403],
  ])("Noncompliance: %s", async (_what, authorization, status) => {
    const [got] = await get(authorization);
    expect(got).toBe(status);
  });
});
