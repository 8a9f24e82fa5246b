import { Testing } from "cdktf";
import { Queue, ServerlessFunction, type QueueProps } from "../../../modules/aws";
import { CODE_DIR, resources, validationError, type Json } from "./support";
import { envStack, EVERY_ENVIRONMENT, grantedStatements, grantee, KEY_ARN, packReport } from "./data-support";

const JOBS: QueueProps = { queueName: "jobs" };
const synth = (stack: ReturnType<typeof envStack>): Json => JSON.parse(Testing.synth(stack));

describe("Queue", () => {
  test("defaults: SSE-SQS, its own dead-letter queue (14 days, after 3 receives) that only it may use; the address a raw queue of that id has", () => {
    const stack = envStack();
    const queue = new Queue(stack, "Jobs", JOBS);
    const json = synth(stack);
    const queues = resources(json, "aws_sqs_queue");
    expect(Object.keys(queues).sort()).toEqual(["Jobs", expect.stringMatching(/^Jobs_DeadLetterQueue_[0-9A-F]{8}$/)]);
    const dlqId = Object.keys(queues).find((k) => k !== "Jobs")!;
    expect(queues.Jobs).toEqual({
      name: "jobs",
      visibility_timeout_seconds: 30,
      message_retention_seconds: 345600,
      sqs_managed_sse_enabled: true,
      redrive_policy: `\${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.${dlqId}.arn, "maxReceiveCount" = 3})}`,
    });
    expect(queues[dlqId]).toEqual({ name: "jobs-dlq", message_retention_seconds: 1209600, sqs_managed_sse_enabled: true });
    expect(Object.values(resources(json, "aws_sqs_queue_redrive_allow_policy"))).toEqual([
      {
        queue_url: `\${aws_sqs_queue.${dlqId}.url}`,
        redrive_allow_policy: '${jsonencode({"redrivePermission" = "byQueue", "sourceQueueArns" = [aws_sqs_queue.Jobs.arn]})}',
      },
    ]);
    expect(resources(json, "aws_sqs_queue_policy")).toEqual({});
    expect([queue.queueName, queue.fifo, queue.visibilityTimeoutSeconds, queue.maxReceiveCount]).toEqual(["jobs", false, 30, 3]);
  });

  test("FIFO (the .fifo suffix added to both queues), timeouts, retention, receives, customer key and tags", () => {
    const stack = envStack();
    const queue = new Queue(stack, "Jobs", { queueName: "jobs", fifo: true, visibilityTimeoutSeconds: 180, retentionSeconds: 86400, maxReceiveCount: 5, kmsKeyArn: KEY_ARN, tags: { Team: "a" } });
    const queues = resources(synth(stack), "aws_sqs_queue");
    const dlq = Object.entries(queues).find(([k]) => k !== "Jobs")![1];
    expect(queues.Jobs).toMatchObject({ name: "jobs.fifo", fifo_queue: true, visibility_timeout_seconds: 180, message_retention_seconds: 86400, kms_master_key_id: KEY_ARN, tags: { Team: "a" } });
    expect(queues.Jobs.redrive_policy).toContain('"maxReceiveCount" = 5');
    expect(queues.Jobs).not.toHaveProperty("sqs_managed_sse_enabled");
    expect(dlq).toEqual({ name: "jobs-dlq.fifo", fifo_queue: true, message_retention_seconds: 1209600, kms_master_key_id: KEY_ARN, tags: { Team: "a" } });
    expect(queue.queueName).toBe("jobs.fifo");
    // A name that already ends with .fifo keeps it.
    expect(new Queue(envStack(), "Q", { queueName: "orders.fifo", fifo: true }).queueName).toBe("orders.fifo");
  });

  test.each<[string, Partial<QueueProps> & Record<string, unknown>, string, RegExp, Partial<QueueProps>]>([
    ["a name with a dot", { queueName: "jobs.v2" }, "queueName", /1 to 80 letters, digits, - or _/, { queueName: "jobs-v2" }],
    ["a .fifo name on a standard queue", { queueName: "jobs.fifo" }, "fifo", /true for a queue whose name ends with \.fifo/, { queueName: "jobs.fifo", fifo: true }],
    ["a FIFO name past 80 characters with its suffix", { queueName: "j".repeat(78), fifo: true }, "queueName", /at most 80 characters with the \.fifo suffix/, { queueName: "j".repeat(75), fifo: true }],
    ["a visibility timeout past 12 hours", { visibilityTimeoutSeconds: 43201 }, "visibilityTimeoutSeconds", /from 0 to 43200/, { visibilityTimeoutSeconds: 43200 }],
    ["a retention under a minute", { retentionSeconds: 59 }, "retentionSeconds", /from 60 to 1209600/, { retentionSeconds: 60 }],
    ["no receive before dead-lettering", { maxReceiveCount: 0 }, "maxReceiveCount", /from 1 to 1000/, { maxReceiveCount: 1 }],
    ["a key of another region", { kmsKeyArn: KEY_ARN.replace("eu-west-1", "eu-central-1") }, "kmsKeyArn", /region/, { kmsKeyArn: KEY_ARN }],
    ["a misspelt prop", { visibilityTimeout: 60 }, "visibilityTimeout", /one of the known props \(queueName, fifo, visibilityTimeoutSeconds/, {}],
  ])("Noncompliance: %s is refused; its safe twin is accepted", (_what, bad, prop, rule, twin) => {
    const error = validationError(() => new Queue(envStack(), "Jobs", { ...JOBS, ...bad } as QueueProps));
    expect(error.problems.map((p) => [p.path, p.prop])).toEqual([["stack/Jobs", prop]]);
    expect(error.problems[0].rule).toMatch(rule);
    expect(() => new Queue(envStack(), "Jobs", { ...JOBS, ...twin })).not.toThrow();
  });

  test("a queue named as another queue, or as another queue's dead-letter queue, is refused", () => {
    const stack = envStack();
    new Queue(stack, "Jobs", JOBS);
    const rule = "a queue name no other construct of the stack uses (stack/Jobs has it)";
    expect(validationError(() => new Queue(stack, "Again", JOBS)).problems.map((p) => [p.prop, p.rule, p.received])).toEqual([["queueName", rule, "jobs"]]);
    // Its name is the first queue's dead-letter queue's.
    expect(validationError(() => new Queue(stack, "Dlq", { queueName: "jobs-dlq" })).problems.map((p) => [p.prop, p.rule, p.received])).toEqual([["queueName", rule, "jobs-dlq"]]);
    // Its dead-letter queue's name is the first queue's.
    const other = envStack();
    new Queue(other, "Dlq", { queueName: "jobs-dlq" });
    expect(validationError(() => new Queue(other, "Jobs", JOBS)).problems.map((p) => [p.prop, p.rule, p.received])).toEqual([
      ["queueName", "a queue name no other construct of the stack uses (stack/Dlq has it)", "jobs-dlq"],
    ]);
  });

  describe("grants", () => {
    test("grantSend: SendMessage on this queue; grantConsume: receive, delete, visibility and attributes", () => {
      const stack = envStack();
      const queue = new Queue(stack, "Jobs", JOBS);
      queue.grantSend(grantee(stack, "Producer"));
      queue.grantConsume(grantee(stack, "Consumer"));
      expect(grantedStatements(stack, "Producer")).toEqual([{ sid: "QueueJobsSend", effect: "Allow", actions: ["sqs:SendMessage"], resources: ["${aws_sqs_queue.Jobs.arn}"] }]);
      expect(grantedStatements(stack, "Consumer")).toEqual([
        {
          sid: "QueueJobsConsume",
          effect: "Allow",
          actions: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
          resources: ["${aws_sqs_queue.Jobs.arn}"],
        },
      ]);
    });

    test("with a customer key: a producer makes and decrypts data keys, a consumer decrypts, each through SQS only", () => {
      const stack = envStack();
      const queue = new Queue(stack, "Jobs", { ...JOBS, kmsKeyArn: KEY_ARN });
      queue.grantSend(grantee(stack, "Producer"));
      queue.grantConsume(grantee(stack, "Consumer"));
      const via = [{ test: "StringEquals", variable: "kms:ViaService", values: ["sqs.eu-west-1.amazonaws.com"] }];
      expect(grantedStatements(stack, "Producer")[1]).toEqual({ sid: "QueueJobsSendKey", effect: "Allow", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [KEY_ARN], condition: via });
      expect(grantedStatements(stack, "Consumer")[1]).toEqual({ sid: "QueueJobsConsumeKey", effect: "Allow", actions: ["kms:Decrypt"], resources: [KEY_ARN], condition: via });
    });
  });

  test.each(EVERY_ENVIRONMENT)("passes the rule pack in %s with no suppression, consumed by a function and granted to another", (environment) => {
    const stack = envStack(environment);
    const queue = new Queue(stack, "Jobs", { ...JOBS, visibilityTimeoutSeconds: 60, kmsKeyArn: KEY_ARN });
    queue.grantSend(grantee(stack, "Producer"));
    new ServerlessFunction(stack, "Worker", { functionName: "worker", codeDirectory: CODE_DIR, events: [{ type: "sqs", queue }] });
    const report = packReport(stack);
    expect(report.findings.filter((f) => f.path.startsWith("stack/Jobs") || /sqs|iam|kms/.test(f.ruleId))).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
