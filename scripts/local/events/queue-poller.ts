import { createHash } from "node:crypto";
import type { LocalQueue, QueueMessage } from "../aws/sqs-queue";
import type { Clock } from "../clock";
import type { DeclaredMapping } from "../declared";
import type { LocalFunction } from "../functions";
import type { InvokeResult } from "../worker";
import { matchesPattern } from "./event-pattern";

export interface QueuePollerOptions {
  readonly mapping: DeclaredMapping;
  readonly fn: LocalFunction;
  readonly queue: LocalQueue;
  readonly region: string;
  readonly clock: Clock;
  readonly invoke: (fn: LocalFunction, event: unknown) => Promise<InvokeResult>;
  readonly log: (line: string) => void;
  /** At most this many batches at once (Lambda's maximum concurrency, within the session's limit). */
  readonly concurrency: number;
}

/** Lambda's SQS batch limit: 10 without a batching window. */
const DEFAULT_BATCH = 10;

/**
 * An SQS event source mapping as Lambda runs it: receives up to `batch_size` messages (waiting
 * up to the batching window for a fuller batch), invokes the function synchronously, deletes the
 * batch on success; on a function error the whole batch returns after the visibility timeout;
 * with ReportBatchItemFailures only the reported messages return (an invalid report fails the
 * batch). The queue's redrive policy moves a message to its dead-letter queue once received
 * `maxReceiveCount` times. Messages that match none of the filters are deleted unseen.
 */
export class QueuePoller {
  private readonly abort = new AbortController();

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    for (let i = 0; i < Math.max(1, this.options.concurrency); i++) void this.loop();
  }

  stop(): void {
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    const { mapping, queue, clock } = this.options;
    const batchSize = mapping.batchSize ?? DEFAULT_BATCH;
    while (!this.abort.signal.aborted) {
      await queue.whenVisible(this.abort.signal);
      if (this.abort.signal.aborted) return;
      if (mapping.batchingWindowSeconds > 0) await clock.sleep(mapping.batchingWindowSeconds, this.abort.signal);
      const batch = queue.receive(batchSize);
      if (batch.length === 0) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      // AWS requires the visibility timeout to cover the function's timeout, so a batch is never
      // seen twice while it runs: held here for the run (however much --time-scale shortens the
      // timeout), its visibility timeout starts when the run ends.
      for (const message of batch) message.visibleAt = Number.POSITIVE_INFINITY;
      try {
        await this.process(batch);
      } catch (error) {
        this.options.log(`${mapping.path}: ${(error as Error).message}`);
      } finally {
        for (const message of batch) queue.changeVisibility(message.receiptHandle!, queue.declared.visibilityTimeout);
      }
    }
  }

  private async process(received: QueueMessage[]): Promise<void> {
    const { mapping, queue, fn } = this.options;
    const records = received.map((m) => this.record(m));
    const kept = mapping.filters.length === 0 ? records : records.filter((r) => mapping.filters.some((f) => matchesPattern(f, { ...r, body: parseOrText(r.body) })));
    for (const dropped of records.filter((r) => !kept.includes(r))) queue.delete(dropped.receiptHandle);
    if (kept.length === 0) return;
    const result = await this.options.invoke(fn, { Records: kept });
    if (!result.ok) {
      this.options.log(`${fn.functionName}: batch of ${kept.length} from ${queue.declared.name} failed (${result.error.errorType}); the messages return after the visibility timeout`);
      return;
    }
    const failures = mapping.reportBatchItemFailures ? batchItemFailures(result.payload, kept.map((r) => r.messageId)) : [];
    if (failures === "invalid") {
      this.options.log(`${fn.functionName}: the batch response names a message that is not in the batch (or no itemIdentifier): the whole batch returns to ${queue.declared.name}`);
      return;
    }
    for (const record of kept) if (!failures.includes(record.messageId)) queue.delete(record.receiptHandle);
    if (failures.length > 0) this.options.log(`${fn.functionName}: ${failures.length} of ${kept.length} messages reported failed; they return to ${queue.declared.name} after its visibility timeout`);
  }

  private record(m: QueueMessage) {
    return {
      messageId: m.messageId,
      receiptHandle: m.receiptHandle!,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentTimestamp),
        SenderId: m.senderId,
        ApproximateFirstReceiveTimestamp: String(m.firstReceiveTimestamp ?? m.sentTimestamp),
        ...(m.groupId && { MessageGroupId: m.groupId }),
        ...(m.deduplicationId && { MessageDeduplicationId: m.deduplicationId }),
        ...(m.sequenceNumber && { SequenceNumber: m.sequenceNumber }),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.attributes).map(([name, a]) => [
          name,
          { ...(a.StringValue !== undefined && { stringValue: a.StringValue }), ...(a.BinaryValue !== undefined && { binaryValue: a.BinaryValue }), stringListValues: [], binaryListValues: [], dataType: a.DataType },
        ]),
      ),
      md5OfBody: md5Hex(m.body),
      eventSource: "aws:sqs",
      eventSourceARN: this.options.queue.arn,
      awsRegion: this.options.region,
    };
  }
}

/** The failed item ids of a partial batch response, or "invalid" when Lambda would fail the whole batch. */
export function batchItemFailures(payload: unknown, ids: readonly string[]): string[] | "invalid" {
  if (payload === null || payload === undefined || typeof payload !== "object") return [];
  const list = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return "invalid";
  const out: string[] = [];
  for (const item of list) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || id === "" || !ids.includes(id)) return "invalid";
    out.push(id);
  }
  return out;
}

function parseOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}
