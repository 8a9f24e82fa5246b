import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from "@aws-sdk/client-dynamodb-streams";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Testing } from "cdktf";
import { rmSync } from "node:fs";
import { LocalChainStack } from "../../fixtures/local-chain/stack";
import { eventually, startServe, type Serve } from "./serve-harness";

/**
 * A whole service run by `npm run local -- serve`, driven only through what it prints and the
 * plain AWS SDK v3: queue -> worker -> table -> stream -> publisher -> topic -> subscriber (and a
 * raw, filtered queue subscription), dead-lettering, S3 notifications, a Lambda authorizer.
 */
describe("npm run local: events flow through a service as in AWS (fixtures/local-chain)", () => {
  const outdir = Testing.fullSynth(new LocalChainStack(Testing.app(), "local-chain"));
  let serve: Serve;
  beforeAll(async () => {
    // Emulated waits (the queue's 60 s visibility timeout) pass 100 times faster.
    serve = await startServe(["local-chain", "--outdir", outdir, "--time-scale", "100"]);
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });
  const queueUrl = (name: string) => `${serve.endpoint}/222222222222/${name}`;
  const seenItem = async (id: string) => (await new DynamoDBClient(serve.client).send(new GetItemCommand({ TableName: "chain-seen", Key: { id: { S: id } } }))).Item;

  test("a message reaches the worker, its item the stream, the publisher, the topic and each matching subscription", async () => {
    const sqs = new SQSClient(serve.client);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl("chain-jobs"),
        Entries: [
          { Id: "1", MessageBody: JSON.stringify({ id: "w1", kind: "widget" }) },
          { Id: "2", MessageBody: JSON.stringify({ id: "g1", kind: "gadget" }) },
          { Id: "3", MessageBody: JSON.stringify({ id: "o1", kind: "other" }) },
        ],
      }),
    );
    // The subscriber's filter policy is kind in [widget, prefix gad]: widget and gadget arrive, other does not.
    expect(await eventually(() => seenItem("sns#w1"), "the widget at the subscriber")).toMatchObject({ kind: { S: "widget" } });
    expect(await eventually(() => seenItem("sns#g1"), "the gadget at the subscriber")).toMatchObject({ kind: { S: "gadget" } });
    const items = await new DynamoDBClient(serve.client).send(new ScanCommand({ TableName: "chain-items" }));
    expect(items.Items?.map((i) => i.id.S).sort()).toEqual(["g1", "o1", "w1"]);
    expect(await seenItem("sns#o1")).toBeUndefined();
    // The audit queue's raw subscription (kind = gadget only) gets the message itself, with its attributes.
    const audit = await eventually(
      async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("chain-audit"), MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] }))).Messages,
      "the gadget in the audit queue",
    );
    expect(audit.map((m) => JSON.parse(m.Body!))).toEqual([{ id: "g1", kind: "gadget", change: "INSERT" }]);
    expect(audit[0].MessageAttributes?.kind).toMatchObject({ DataType: "String", StringValue: "gadget" });
    expect(serve.stderr()).toMatch(/message [\w-]+ filtered out for arn:aws:lambda:eu-central-1:222222222222:function:chain-subscriber/);
  });

  test("a table write by the operator reaches the stream too; a write that changes nothing writes no record", async () => {
    const dynamo = new DynamoDBClient(serve.client);
    await dynamo.send(new PutItemCommand({ TableName: "chain-items", Item: { id: { S: "w2" }, kind: { S: "widget" } } }));
    await eventually(() => seenItem("sns#w2"), "the operator's widget at the subscriber");
    await dynamo.send(new PutItemCommand({ TableName: "chain-items", Item: { id: { S: "w2" }, kind: { S: "widget" } } }));
    await dynamo.send(new PutItemCommand({ TableName: "chain-items", Item: { id: { S: "w2" }, kind: { S: "gizmo" } } }));
    // Read through DynamoDB Streams' own API: INSERT, then one MODIFY with both images (the same put wrote nothing).
    const streams = new DynamoDBStreamsClient(serve.client);
    const [stream] = (await streams.send(new ListStreamsCommand({ TableName: "chain-items" }))).Streams!;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: stream.StreamArn }));
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: stream.StreamArn, ShardId: StreamDescription!.Shards![0].ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
    const w2 = Records!.filter((r) => r.dynamodb?.Keys?.id?.S === "w2");
    expect(w2.map((r) => [r.eventName, r.dynamodb?.OldImage?.kind?.S, r.dynamodb?.NewImage?.kind?.S])).toEqual([
      ["INSERT", undefined, "widget"],
      ["MODIFY", "widget", "gizmo"],
    ]);
    expect(StreamDescription).toMatchObject({ StreamViewType: "NEW_AND_OLD_IMAGES", TableName: "chain-items" });
  });

  test("a message that keeps failing is dead-lettered after maxReceiveCount receives; the rest of its batch is not retried", async () => {
    const sqs = new SQSClient(serve.client);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl("chain-jobs"), MessageBody: JSON.stringify({ id: "p1", kind: "poison" }) }));
    const dead = await eventually(
      async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("chain-jobs-dlq"), MaxNumberOfMessages: 10 }))).Messages,
      "the poison job in the dead-letter queue",
    );
    expect(dead.map((m) => JSON.parse(m.Body!))).toEqual([{ id: "p1", kind: "poison" }]);
    // maxReceiveCount 2: the worker saw it twice.
    expect(serve.stderr().match(/job p1 is poison/g)).toHaveLength(2);
  });

  test("an object under the notification's prefix and suffix reaches its function; others do not", async () => {
    const s3 = new S3Client(serve.client);
    await s3.send(new PutObjectCommand({ Bucket: "chain-uploads-222222222222", Key: "in/hello world.txt", Body: "hello" }));
    await s3.send(new PutObjectCommand({ Bucket: "chain-uploads-222222222222", Key: "out/skipped.txt", Body: "x" }));
    await s3.send(new PutObjectCommand({ Bucket: "chain-uploads-222222222222", Key: "in/skipped.csv", Body: "x" }));
    expect(await eventually(() => seenItem("s3#in/hello+world.txt"), "the upload at its function")).toMatchObject({ size: { N: "5" }, event: { S: "ObjectCreated:Put" } });
    await new Promise((r) => setTimeout(r, 1000));
    const all = await new DynamoDBClient(serve.client).send(new ScanCommand({ TableName: "chain-seen" }));
    expect(all.Items?.map((i) => i.id.S).filter((id) => id?.startsWith("s3#"))).toEqual(["s3#in/hello+world.txt"]);
  });

  test("the Lambda authorizer runs before the route: a missing key is 401, a wrong key 403, the right key reaches the function with its context", async () => {
    const url = `${serve.apiUrl}/items/w1`;
    const missing = await fetch(url);
    expect([missing.status, await missing.json()]).toEqual([401, { message: "Unauthorized" }]);
    const wrong = await fetch(url, { headers: { "x-api-key": "guess" } });
    expect([wrong.status, await wrong.json()]).toEqual([403, { message: "Forbidden" }]);
    const right = await fetch(url, { headers: { "x-api-key": "open-sesame" } });
    expect([right.status, await right.json()]).toEqual([200, { id: "w1", kind: "widget", client: "tester" }]);
    expect(serve.stderr()).toMatch(/GET \/items\/w1 -> 403 \(Lambda authorizer: chain-authorizer answered isAuthorized: false\)/);
  });

  test("on stop, the report has every grant used, the service's own (stream polling) apart, and nothing refused", async () => {
    const code = await serve.stop();
    expect(code).toBe(0);
    const report = serve.stdout().slice(serve.stdout().indexOf("least-privilege report"));
    for (const fn of ["chain-worker", "chain-publisher", "chain-subscriber", "chain-on-upload", "chain-reader", "chain-authorizer"]) {
      expect(report).toMatch(new RegExp(`  ${fn}\\n(    used .*\\n)*    unused   none`));
    }
    expect(report).toMatch(/chain-publisher\n {4}used {5}sns:Publish on arn:aws:sns:eu-central-1:222222222222:chain-updates/);
    expect(serve.stderr()).not.toMatch(/REFUSED/);
  });
});
