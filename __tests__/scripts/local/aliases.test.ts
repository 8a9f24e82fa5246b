import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ServerlessFunction } from "../../../modules/aws";
import { apisOf } from "../../../scripts/local/routes";
import { serveApi } from "../../../scripts/local/server";
import { Session } from "../../../scripts/local/session";
import { eventually, signedFetch } from "./serve-harness";

const ACCOUNT = "222222222222";
const REGION = "eu-central-1";
const HANDLERS = join(__dirname, "..", "..", "fixtures", "local-chain", "handlers");
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/**
 * Triggers that target a function's `live` alias (as a delivery's alias does): an event source
 * mapping and an S3 notification naming the alias's ARN, a permission with the alias as its
 * qualifier, an API integration invoking the alias's invoke ARN.
 */
class AliasStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, allowedAccountIds: [ACCOUNT] });
    const items = new DynamodbTable(this, "Items", { name: "alias-items", billingMode: "PAY_PER_REQUEST", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    const jobs = new SqsQueue(this, "Jobs", { name: "alias-jobs", visibilityTimeoutSeconds: 60 });
    const worker = new ServerlessFunction(this, "Worker", {
      functionName: "alias-worker",
      entry: join(HANDLERS, "worker.ts"),
      environment: { ITEMS_TABLE: items.name },
      policyStatements: [
        { actions: ["dynamodb:PutItem"], resources: [items.arn] },
        { actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], resources: [jobs.arn] },
      ],
    });
    const workerLive = new LambdaAlias(this, "WorkerLive", { name: "live", functionName: worker.functionName, functionVersion: "$LATEST" });
    new LambdaEventSourceMapping(this, "JobsMapping", { functionName: workerLive.arn, eventSourceArn: jobs.arn, batchSize: 1 });

    const uploads = new S3Bucket(this, "Uploads", { bucket: `alias-uploads-${ACCOUNT}` });
    const onUpload = new ServerlessFunction(this, "OnUpload", {
      functionName: "alias-on-upload",
      entry: join(HANDLERS, "on-upload.ts"),
      environment: { SEEN_TABLE: items.name },
      policyStatements: [{ actions: ["dynamodb:PutItem"], resources: [items.arn] }],
    });
    const onUploadLive = new LambdaAlias(this, "OnUploadLive", { name: "live", functionName: onUpload.functionName, functionVersion: "$LATEST" });
    new LambdaPermission(this, "S3InvokesLive", {
      action: "lambda:InvokeFunction",
      functionName: onUpload.functionName,
      qualifier: onUploadLive.name,
      principal: "s3.amazonaws.com",
      sourceArn: uploads.arn,
      sourceAccount: ACCOUNT,
    });
    new S3BucketNotification(this, "Notify", {
      bucket: uploads.bucket,
      lambdaFunction: [
        { lambdaFunctionArn: onUploadLive.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "live/" },
        // The function itself, unqualified: no permission lets S3 invoke it so.
        { lambdaFunctionArn: onUpload.functionArn, events: ["s3:ObjectCreated:*"], filterPrefix: "bare/" },
      ],
    });

    const reader = new ServerlessFunction(this, "Reader", {
      functionName: "alias-reader",
      entry: join(HANDLERS, "reader.ts"),
      environment: { ITEMS_TABLE: items.name },
      policyStatements: [{ actions: ["dynamodb:GetItem"], resources: [items.arn] }],
    });
    const readerLive = new LambdaAlias(this, "ReaderLive", { name: "live", functionName: reader.functionName, functionVersion: "$LATEST" });
    const api = new Apigatewayv2Api(this, "Api", { name: "alias-api", protocolType: "HTTP" });
    const integration = new Apigatewayv2Integration(this, "Integration", { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: readerLive.invokeArn, payloadFormatVersion: "2.0" });
    new Apigatewayv2Route(this, "Route", { apiId: api.id, routeKey: "GET /items/{id}", target: `integrations/${integration.id}`, authorizationType: "AWS_IAM" });
    new Apigatewayv2Stage(this, "Stage", { apiId: api.id, name: "$default", autoDeploy: true });
    new LambdaPermission(this, "ApiInvokesLive", {
      action: "lambda:InvokeFunction",
      functionName: reader.functionName,
      qualifier: readerLive.name,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/*/*`,
    });
  }
}

describe("npm run local understands aliases (aws_lambda_alias): an alias-qualified ARN names its function", () => {
  const outdir = Testing.fullSynth(new AliasStack(Testing.app(), "aliases"));
  const log: string[] = [];
  let session: Session;
  let close: () => Promise<void>;
  let base: string;
  beforeAll(async () => {
    session = await Session.start({ outdir, stack: "aliases", log: (l) => log.push(l) });
    const server = await serveApi(session, apisOf(session.stack)[0], 0, (l) => log.push(l));
    base = server.url;
    close = async () => {
      await server.close();
      await session.close();
    };
  });
  afterAll(async () => {
    await close?.();
    rmSync(outdir, { recursive: true, force: true });
  });
  const operator = () => ({ endpoint: session.endpoint, region: REGION, credentials: session.identities.operator, maxAttempts: 1 });
  const item = async (id: string) => (await new DynamoDBClient(operator()).send(new GetItemCommand({ TableName: "alias-items", Key: { id: { S: id } } }))).Item;

  test("the aliases, the mapping, the permission and the route read through the model", () => {
    expect(session.declared.aliases.map((a) => [a.functionRef, a.name, a.arn])).toEqual([
      ["alias-on-upload", "live", `${fnArn("alias-on-upload")}:live`],
      ["alias-reader", "live", `${fnArn("alias-reader")}:live`],
      ["alias-worker", "live", `${fnArn("alias-worker")}:live`],
    ]);
    expect(session.declared.mappings.map((m) => m.functionRef)).toEqual([`${fnArn("alias-worker")}:live`]);
    expect(apisOf(session.stack)[0].routes.map((r) => [r.routeKey, r.functionRef, r.problem])).toEqual([["GET /items/{id}", `${fnArn("alias-reader")}:live`, undefined]]);
  });

  test("a qualifier names the function when it is a declared alias, $LATEST or a version; any other names nothing, as in Lambda", () => {
    const worker = session.byName("alias-worker")!;
    expect(session.functionFor(`${fnArn("alias-worker")}:live`)).toEqual({ fn: worker, arn: `${fnArn("alias-worker")}:live` });
    expect(session.functionFor("alias-worker:$LATEST")).toEqual({ fn: worker, arn: `${fnArn("alias-worker")}:$LATEST` });
    expect(session.functionFor(`${fnArn("alias-worker")}:7`)).toEqual({ fn: worker, arn: `${fnArn("alias-worker")}:7` });
    expect(session.functionFor(`${fnArn("alias-worker")}:staging`)).toBeUndefined();
    // The Lambda service polls the queue for the function behind the alias: not an unused grant.
    expect(worker.serviceUses.find((u) => u.why === "Lambda polls the event source")?.resource).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:alias-jobs`);
  });

  test("a message reaches the function through the mapping on its alias", async () => {
    await new SQSClient(operator()).send(new SendMessageCommand({ QueueUrl: `${session.endpoint}/${ACCOUNT}/alias-jobs`, MessageBody: JSON.stringify({ id: "j1", kind: "widget" }) }));
    expect(await eventually(() => item("j1"), "the job in the table")).toEqual({ id: { S: "j1" }, kind: { S: "widget" } });
  });

  test("S3 invokes the alias its permission is on, and not the function unqualified", async () => {
    const s3 = new S3Client({ ...operator(), forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: `alias-uploads-${ACCOUNT}`, Key: "live/a.txt", Body: "abc" }));
    await s3.send(new PutObjectCommand({ Bucket: `alias-uploads-${ACCOUNT}`, Key: "bare/b.txt", Body: "abc" }));
    expect(await eventually(() => item("s3#live/a.txt"), "the upload through the alias")).toMatchObject({ size: { N: "3" } });
    await eventually(async () => log.some((l) => l.includes(`not delivered to ${fnArn("alias-on-upload")}`)) || undefined, "the refused delivery");
    expect(await item("s3#bare/b.txt")).toBeUndefined();
  });

  test("the route invokes the alias its integration names, through the alias's permission", async () => {
    await new DynamoDBClient(operator()).send(new PutItemCommand({ TableName: "alias-items", Item: { id: { S: "r1" }, kind: { S: "gadget" } } }));
    const answer = await signedFetch(`${base}/items/r1`, { service: "execute-api", region: REGION, credentials: session.identities.operator });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: "r1", kind: "gadget" });
  });
});
