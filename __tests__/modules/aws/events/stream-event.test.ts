import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Table } from "../../../../modules/aws";
import { only } from "../support";
import { accountStack, addedStatements, build, expectRefused, FUNCTION_ARN, KINESIS_ARN, QUEUE_ARN, STREAM_ARN, withProps } from "./helpers";

describe("events: dynamodb-stream and kinesis", () => {
  test("a DynamoDB stream: mapping from LATEST with partial batch responses; the role reads that stream, lists streams on * only", () => {
    const { json } = withProps({ events: [{ type: "dynamodb-stream", streamArn: STREAM_ARN }] });
    expect(only(json, "aws_lambda_event_source_mapping")).toEqual({
      event_source_arn: STREAM_ARN,
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.arn\}$/),
      starting_position: "LATEST",
      function_response_types: ["ReportBatchItemFailures"],
    });
    expect(addedStatements(json)).toEqual([
      { sid: "EventDynamodbStreamOrdersReadStream", effect: "Allow", actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], resources: [STREAM_ARN] },
      // The Service Authorization Reference lists no resource type for ListStreams: "*" is the only way to grant it.
      { sid: "EventDynamodbStreamOrdersListStreams", effect: "Allow", actions: ["dynamodb:ListStreams"], resources: ["*"] },
    ]);
  });

  test("a Kinesis stream: the five actions Lambda's poller uses, on that stream only (no ListStreams)", () => {
    const { json } = withProps({ events: [{ type: "kinesis", streamArn: KINESIS_ARN, startingPosition: "TRIM_HORIZON" }] });
    expect(only(json, "aws_lambda_event_source_mapping")).toMatchObject({ event_source_arn: KINESIS_ARN, starting_position: "TRIM_HORIZON" });
    expect(addedStatements(json)).toEqual([
      {
        sid: "EventKinesisClicksReadStream",
        effect: "Allow",
        actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        resources: [KINESIS_ARN],
      },
    ]);
  });

  test("retries, record age, bisect, window and the on-failure destination are written; the role may send there", () => {
    const { json } = withProps({
      events: [
        {
          type: "dynamodb-stream",
          streamArn: STREAM_ARN,
          batchSize: 500,
          maxBatchingWindowSeconds: 2,
          bisectBatchOnError: true,
          maxRetryAttempts: 3,
          maxRecordAgeSeconds: 3600,
          onFailureDestinationArn: QUEUE_ARN,
        },
      ],
    });
    expect(only(json, "aws_lambda_event_source_mapping")).toMatchObject({
      batch_size: 500,
      maximum_batching_window_in_seconds: 2,
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      destination_config: { on_failure: { destination_arn: QUEUE_ARN } },
    });
    expect(addedStatements(json).find((s) => s.sid === "EventDynamodbStreamOrdersSendFailedBatches")).toEqual({
      sid: "EventDynamodbStreamOrdersSendFailedBatches",
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      resources: [QUEUE_ARN],
    });
  });

  test("an SNS topic as on-failure destination gets sns:Publish; references to a queue or topic of the stack work", () => {
    const stack = accountStack();
    const topic = new SnsTopic(stack, "Failures", { name: "failures" });
    const table = new DynamodbTable(stack, "Orders", { name: "orders", hashKey: "id", attribute: [{ name: "id", type: "S" }], streamEnabled: true, streamViewType: "NEW_IMAGE" });
    const { json } = withProps({ events: [{ type: "dynamodb-stream", streamArn: table.streamArn, onFailureDestinationArn: topic.arn }] }, stack);
    const statements = addedStatements(json);
    expect(statements[0].resources).toEqual([expect.stringMatching(/^\$\{aws_dynamodb_table\.Orders\.stream_arn\}$/)]);
    expect(statements.find((s) => s.sid === "EventDynamodbStreamOrdersSendFailedBatches")).toMatchObject({ actions: ["sns:Publish"], resources: ["${aws_sns_topic.Failures.arn}"] });
  });

  test("streamArn must be a stream of the right service", () => {
    expectRefused({ events: [{ type: "dynamodb-stream", streamArn: KINESIS_ARN }] }, "events[0].streamArn", /a DynamoDB stream ARN/, KINESIS_ARN);
    expectRefused({ events: [{ type: "kinesis", streamArn: STREAM_ARN }] }, "events[0].streamArn", /a Kinesis data stream ARN/, STREAM_ARN);
    const table = `arn:aws:dynamodb:eu-west-1:111111111111:table/orders`;
    expectRefused({ events: [{ type: "dynamodb-stream", streamArn: table }] }, "events[0].streamArn", /a DynamoDB stream ARN/, table);
  });

  test("a reference to the table's arn instead of its streamArn is refused, naming the attribute", () => {
    const stack = accountStack();
    const table = new DynamodbTable(stack, "Orders", { name: "orders", hashKey: "id", attribute: [{ name: "id", type: "S" }], streamEnabled: true, streamViewType: "NEW_IMAGE" });
    const tableArn = table.arn;
    expectRefused({ events: [{ type: "dynamodb-stream", streamArn: tableArn }] }, "events[0].streamArn", /a DynamoDB stream ARN.*; aws_dynamodb_table\.arn is not one/, tableArn, stack);
  });

  test("ranges: batch 1-10000, retries -1..10000, record age -1 or 60-604800, starting position", () => {
    const base = { type: "kinesis" as const, streamArn: KINESIS_ARN };
    expectRefused({ events: [{ ...base, batchSize: 10001 }] }, "events[0].batchSize", /from 1 to 10000/);
    expectRefused({ events: [{ ...base, maxRetryAttempts: -2 }] }, "events[0].maxRetryAttempts", /from -1 to 10000/);
    expectRefused({ events: [{ ...base, maxRecordAgeSeconds: 59 }] }, "events[0].maxRecordAgeSeconds", /-1 \(no limit\) or an integer from 60 to 604800/);
    expectRefused({ events: [{ ...base, startingPosition: "AT_TIMESTAMP" as "LATEST" }] }, "events[0].startingPosition", /one of "LATEST", "TRIM_HORIZON"/);
    expectRefused({ events: [{ ...base, bisectBatchOnError: 1 as unknown as boolean }] }, "events[0].bisectBatchOnError", /true or false/);
    expect(() => build({ events: [{ ...base, maxRecordAgeSeconds: -1, maxRetryAttempts: -1 }] })).not.toThrow();
  });

  test("the on-failure destination must be an SQS queue or SNS topic whose service is known", () => {
    const base = { type: "kinesis" as const, streamArn: KINESIS_ARN };
    expectRefused({ events: [{ ...base, onFailureDestinationArn: FUNCTION_ARN }] }, "events[0].onFailureDestinationArn", /an SQS queue or an SNS topic/, FUNCTION_ARN);
    // A reference to a table's ARN: not a queue or topic, and the permission would be guessed.
    const stack = accountStack();
    const table = new DynamodbTable(stack, "T", { name: "ttt", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    const tableArn = table.arn;
    expectRefused({ events: [{ ...base, onFailureDestinationArn: tableArn }] }, "events[0].onFailureDestinationArn", /literal ARN or the arn of a resource of that service/, tableArn, stack);
    const stack2 = accountStack();
    const queue = new SqsQueue(stack2, "Q", { name: "q" });
    expect(() => build({ events: [{ ...base, onFailureDestinationArn: queue.arn }] }, stack2)).not.toThrow();
  });

  test("a FIFO queue or topic as on-failure destination is refused: Lambda sends to standard ones only", () => {
    const fifo = "arn:aws:sqs:eu-west-1:111111111111:failures.fifo";
    expectRefused({ events: [{ type: "kinesis", streamArn: KINESIS_ARN, onFailureDestinationArn: fifo }] }, "events[0].onFailureDestinationArn", /no FIFO one/, fifo);
  });
});

describe("events: dynamodb-stream with a Table", () => {
  const key = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";

  test("the mapping reads the table's stream; the role reads that stream, and decrypts it through DynamoDB when the table has a customer key", () => {
    const stack = accountStack();
    const table = new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, stream: "NEW_AND_OLD_IMAGES", kmsKeyArn: key });
    const { json } = withProps({ events: [{ type: "dynamodb-stream", table, startingPosition: "TRIM_HORIZON" }] }, stack);
    expect(only(json, "aws_lambda_event_source_mapping")).toMatchObject({ event_source_arn: "${aws_dynamodb_table.Orders.stream_arn}", starting_position: "TRIM_HORIZON" });
    expect(addedStatements(json)).toEqual([
      { sid: "EventDynamodbStreamOrdersReadStream", effect: "Allow", actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], resources: ["${aws_dynamodb_table.Orders.stream_arn}"] },
      { sid: "EventDynamodbStreamOrdersListStreams", effect: "Allow", actions: ["dynamodb:ListStreams"], resources: ["*"] },
      {
        sid: "EventDynamodbStreamOrdersDecryptStream",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [key],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["dynamodb.eu-west-1.amazonaws.com"] }],
      },
    ]);
  });

  test("Noncompliance: a table without a stream is refused, saying how to give it one; Compliance: the same table with a stream", () => {
    const stack = accountStack();
    const table = new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" } });
    expectRefused(
      { events: [{ type: "dynamodb-stream", table }] },
      "events[0].table",
      /^a Table with a stream: stack\/Orders has none \(give it stream: "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE" or "KEYS_ONLY"\)$/,
      "stack/Orders",
      stack,
    );
    const ok = accountStack();
    const streamed = new Table(ok, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, stream: "KEYS_ONLY" });
    expect(() => build({ events: [{ type: "dynamodb-stream", table: streamed }] }, ok)).not.toThrow();
  });

  test("Noncompliance: both table and streamArn; a table on a kinesis event; a kinesis event without its stream", () => {
    const withTable = () => {
      const stack = accountStack();
      return { stack, table: new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, stream: "NEW_IMAGE" }) };
    };
    const a = withTable();
    expectRefused({ events: [{ type: "dynamodb-stream", table: a.table, streamArn: STREAM_ARN }] }, "events[0].table | streamArn", /^exactly one of table \(a Table\) and streamArn$/, "both", a.stack);
    const b = withTable();
    expectRefused({ events: [{ type: "kinesis", table: b.table, streamArn: KINESIS_ARN }] }, "events[0].table", /unset for a kinesis event/, "a Table", b.stack);
    expectRefused({ events: [{ type: "kinesis" } as never] }, "events[0].streamArn", /set \(the Kinesis stream's ARN\)/, undefined);
  });
});
