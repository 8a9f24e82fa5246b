import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Testing } from "cdktf";
import { rmSync } from "node:fs";
import { loadConfig } from "../../../config/load";
import { OrderPipelineStack } from "../../../examples/order-pipeline/stack";
import { AwsDeployerStack } from "../../../stacks/aws-deployer-stack";
import { eventually, runLocal, signedFetch, startServe, type Serve } from "./serve-harness";

const ACCOUNT = "111111111111";
/** The pipeline's names in dev: `<project>-<env>-order-pipeline-<name>`. */
const n = (name: string) => `svc-dev-order-pipeline-${name}`;
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:${n("order-events")}`;
const order = (id: string, status: string, totalCents = 100) => JSON.stringify({ id, customerId: `c-${id}`, totalCents, status });

/** examples/order-pipeline run locally, driven only by the plain AWS SDK against the printed endpoint. */
describe("npm run local: examples/order-pipeline end to end", () => {
  // With dev's deployer identity stack: its roles carry dev's permissions boundary, which that stack
  // holds, and every call is judged by it too, as AWS would.
  const app = Testing.app();
  new OrderPipelineStack(app, "order-pipeline", { config: loadConfig("dev") });
  new AwsDeployerStack(app, "deployer-aws-dev", { config: loadConfig("dev") });
  app.synth();
  const outdir = app.outdir;
  let serve: Serve;
  beforeAll(async () => {
    // The orders queue's 180 s visibility timeout and Lambda's 1-minute retry delay pass 300 times faster.
    serve = await startServe(["order-pipeline", "--outdir", outdir, "--time-scale", "300"]);
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });
  const queueUrl = (name: string) => `${serve.endpoint}/${ACCOUNT}/${name}`;
  const receiveAll = (name: string) => async () => (await new SQSClient(serve.client).send(new ReceiveMessageCommand({ QueueUrl: queueUrl(name), MaxNumberOfMessages: 10 }))).Messages;

  test("the worker takes good orders; a bad one comes back until the redrive policy (maxReceiveCount 5) dead-letters it", async () => {
    const sqs = new SQSClient(serve.client);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(n("orders")), MessageBody: order("q1", "PLACED") }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(n("orders")), MessageBody: "not an order" }));
    const dead = await eventually(receiveAll(n("orders-dlq")), "the bad order in the dead-letter queue");
    expect(dead.map((m) => m.Body)).toEqual(["not an order"]);
    expect(serve.stderr().match(/"message":"order message failed"/g)).toHaveLength(5);
    expect(serve.stderr()).toMatch(/"message":"order taken","orderId":"q1"/);
    expect(await receiveAll(n("orders"))()).toBeUndefined();
  });

  test("an order written to the table reaches the projector through the stream, which updates the customer's totals", async () => {
    const dynamo = new DynamoDBClient(serve.client);
    await dynamo.send(new PutItemCommand({ TableName: n("orders"), Item: { id: { S: "t1" }, customerId: { S: "ada" }, totalCents: { N: "250" } } }));
    await dynamo.send(new PutItemCommand({ TableName: n("orders"), Item: { id: { S: "t1" }, customerId: { S: "ada" }, totalCents: { N: "300" } } }));
    const totals = await eventually(async () => {
      const item = (await dynamo.send(new GetItemCommand({ TableName: n("customer-totals"), Key: { customerId: { S: "ada" } } }))).Item;
      return item?.totalCents.N === "300" ? item : undefined;
    }, "ada's totals");
    expect(totals).toEqual({ customerId: { S: "ada" }, orders: { N: "1" }, totalCents: { N: "300" } });
  });

  test("uploads reach the function whose prefix and suffix match; an empty invoice fails and is retried twice", async () => {
    const s3 = new S3Client(serve.client);
    await s3.send(new PutObjectCommand({ Bucket: n(`uploads-${ACCOUNT}`), Key: "images/cat.jpg", Body: "jpeg" }));
    await s3.send(new PutObjectCommand({ Bucket: n(`uploads-${ACCOUNT}`), Key: "invoices/empty.pdf", Body: new Uint8Array(0) }));
    await eventually(async () => /"message":"thumbnail requested","bucket":"svc-dev-order-pipeline-uploads-111111111111","key":"images\/cat.jpg","size":4/.test(serve.stderr()), "the thumbnail");
    await eventually(async () => /svc-dev-order-pipeline-invoices: asynchronous invocation .* failed \(attempt 3 of 3\)/.test(serve.stderr()), "three attempts at the empty invoice");
  });

  test("a publish reaches the notifier when its filter policy matches; its result goes to the bus, its failure (after one retry) to its queue", async () => {
    const sns = new SNSClient(serve.client);
    const attributes = (status: string) => ({ status: { DataType: "String", StringValue: status } });
    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: order("n1", "PAID"), MessageAttributes: attributes("PAID") }));
    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: order("n2", "CANCELLED"), MessageAttributes: attributes("CANCELLED") }));
    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: "garbled", MessageAttributes: attributes("SHIPPED") }));
    await eventually(async () => /"message":"customer notified","orderId":"n1"/.test(serve.stderr()), "the paid order notified");
    await eventually(async () => /events svc-dev-order-pipeline-bus: event from svc-dev-order-pipeline-notify on-success destination/.test(serve.stderr()), "the success record on the bus");
    const failures = await eventually(receiveAll(n("notify-failures")), "the failure record");
    const record = JSON.parse(failures[0].Body!);
    expect(record).toMatchObject({ requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 2 }, responseContext: { functionError: "Unhandled" }, responsePayload: { errorMessage: "not JSON" } });
    expect(record.requestPayload.Records[0].Sns).toMatchObject({ TopicArn: TOPIC, Message: "garbled", MessageAttributes: { status: { Type: "String", Value: "SHIPPED" } } });
    expect(serve.stderr()).not.toMatch(/"orderId":"n2"/);
    expect(serve.stderr()).toMatch(/filtered out for arn:aws:lambda:eu-west-1:111111111111:function:svc-dev-order-pipeline-notify/);
  });

  test("an event on the pipeline's bus matching the rule reaches the shipping function; others do not", async () => {
    const events = new EventBridgeClient(serve.client);
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: n("bus"), Source: "order-pipeline", DetailType: "OrderShipped", Detail: JSON.stringify({ orderId: "s1", carrier: "ups", trackingNumber: "Z9" }) },
          { EventBusName: n("bus"), Source: "order-pipeline", DetailType: "OrderPacked", Detail: JSON.stringify({ orderId: "s2", carrier: "ups", trackingNumber: "Z8" }) },
          { Source: "order-pipeline", DetailType: "OrderShipped", Detail: JSON.stringify({ orderId: "s3", carrier: "ups", trackingNumber: "Z7" }) },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    await eventually(async () => /"message":"order shipped","orderId":"s1","trackingUrl":"https:\/\/www.ups.com\/track\?tracknum=Z9"/.test(serve.stderr()), "the shipped order");
    await new Promise((r) => setTimeout(r, 500));
    expect(serve.stderr()).not.toMatch(/"orderId":"s2"|"orderId":"s3"/);
  });

  test("trigger fires the nightly schedule in the running serve, with the scheduler's role and the schedule's input", async () => {
    const trigger = runLocal(["trigger", "order-pipeline", n("nightly"), "--outdir", outdir]);
    expect(await trigger.exit).toBe(0);
    expect(JSON.parse(trigger.out.stdout)).toEqual([{ schedule: n("nightly-close-day"), result: null }]);
    // It ran in the serve (its log is there), with the scheduled time filled in.
    expect(serve.stderr()).toMatch(/\[svc-dev-order-pipeline-nightly\] .*"message":"closing day","day":"\d{4}-\d{2}-\d{2}"/);
  });

  test("the AWS_IAM function URL answers a signed request of the operator, and refuses an unsigned or forged one", async () => {
    const url = `${serve.functionUrls[n("status")]}?id=o-1`;
    const signed = await signedFetch(url, { service: "lambda", region: serve.region, credentials: serve.credentials });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ id: "o-1", pipeline: "order-pipeline", caller: `arn:aws:iam::${ACCOUNT}:root` });
    expect((await fetch(url)).status).toBe(403);
    const forged = await signedFetch(url, { service: "lambda", region: serve.region, credentials: { ...serve.credentials, secretAccessKey: "not-the-secret" } });
    expect(forged.status).toBe(403);
  });
});
