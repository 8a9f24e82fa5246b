import { Testing } from "cdktf";
import { Bucket, Queue, Secret, ServerlessFunction, Table, Topic } from "../../../modules/aws";
import { catalogEntry } from "../../../modules/core/catalog";
import { CODE_DIR, type Json } from "./support";
import { envStack, KEY_ARN } from "./data-support";

/** A prod stack with every data construct, a function taking each as an event, and the grants. */
function dataStack(): Json {
  const stack = envStack("prod");
  const table = new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, stream: "NEW_IMAGE", kmsKeyArn: KEY_ARN });
  const queue = new Queue(stack, "Jobs", { queueName: "jobs", kmsKeyArn: KEY_ARN });
  const topic = new Topic(stack, "Events", { topicName: "events", kmsKeyArn: KEY_ARN });
  topic.subscribeQueue(new Queue(stack, "Shipping", { queueName: "shipping" }));
  const bucket = new Bucket(stack, "Uploads", { bucketName: "uploads-111111111111", kmsKeyArn: KEY_ARN, expireAfterDays: 7 });
  const secret = new Secret(stack, "Key", { secretName: "api-key", kmsKeyArn: KEY_ARN });
  const fn = new ServerlessFunction(stack, "Fn", {
    functionName: "fn",
    codeDirectory: CODE_DIR,
    secrets: { API_KEY: secret },
    events: [
      { type: "sqs", queue },
      { type: "dynamodb-stream", table },
      { type: "sns", topic },
      { type: "s3", bucket },
      { type: "schedule", id: "nightly", expression: "rate(1 day)" },
    ],
  });
  table.grantReadWriteData(fn);
  bucket.grantReadWrite(fn, "in/");
  topic.grantPublish(fn);
  return JSON.parse(Testing.synth(stack)) as Json;
}

/**
 * Every Terraform type the data constructs, their grants and the events that take them write is
 * described by the resource catalog (modules/core/catalog): the rule pack reads what it grants, the
 * review what replaces it, the account-global-name check its names. A type without an entry would be
 * "cannot verify".
 */
test("every type the data constructs and their events emit has its catalog entry", () => {
  const json = dataStack();
  const types = [...Object.keys(json.resource), ...Object.keys(json.data).map((t) => `data.${t}`)].sort();
  expect(types).toEqual(expect.arrayContaining(["aws_sqs_queue_redrive_allow_policy", "aws_sqs_queue_policy", "aws_secretsmanager_secret", "aws_s3_bucket_lifecycle_configuration"]));
  expect(types.filter((t) => catalogEntry(t) === undefined)).toEqual([]);
});

/**
 * `npm run local` runs what these constructs write: each of their resource types is emulated (read
 * as one of the runner's roles, which scripts/local reads: __tests__/scripts/local/stack.test.ts)
 * or inert, never "not emulated" (calls refused, deliveries never made).
 */
test("every resource type the data constructs and their events emit is emulated or inert locally (its catalog local slot)", () => {
  const json = dataStack();
  const local = Object.keys(json.resource)
    .sort()
    .map((type) => [type, catalogEntry(type)?.local?.kind]);
  expect(local.filter(([, kind]) => kind !== "emulated" && kind !== "inert")).toEqual([]);
  expect(local).toEqual(expect.arrayContaining([["aws_secretsmanager_secret", "emulated"], ["aws_sqs_queue_redrive_allow_policy", "inert"], ["aws_dynamodb_table", "emulated"]]));
});
