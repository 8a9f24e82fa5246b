import type { Clock } from "../clock";
import type { DeclaredMapping } from "../declared";
import type { LocalFunction } from "../functions";
import type { InvokeResult } from "../worker";
import { matchesPattern } from "./event-pattern";
import { batchItemFailures } from "./queue-poller";
import { STREAM_RETENTION_SECONDS, type StreamRecord, type TableStream } from "./table-stream";

export interface StreamPollerOptions {
  readonly mapping: DeclaredMapping;
  readonly fn: LocalFunction;
  readonly stream: TableStream;
  readonly clock: Clock;
  readonly invoke: (fn: LocalFunction, event: unknown) => Promise<InvokeResult>;
  /** Sends the batch's failure record to the mapping's on-failure destination (with the function's role). */
  readonly onFailure: (destinationArn: string, record: unknown) => Promise<void>;
  readonly log: (line: string) => void;
}

const DEFAULT_BATCH = 100;

/**
 * A DynamoDB stream event source mapping as Lambda runs it, on the table's one shard, in order:
 * batches of `batch_size` from the starting position (TRIM_HORIZON: the oldest kept record;
 * LATEST: records written after the mapping started); a failed batch is retried (bisected first
 * when `bisect_batch_on_function_error`) until `maximum_retry_attempts` or the record is older than
 * `maximum_record_age_in_seconds`, then its description goes to the on-failure destination and
 * the shard moves on; with ReportBatchItemFailures, the records before the first reported one are
 * done and the retry starts at it. Records that match no filter are skipped.
 */
export class StreamPoller {
  private readonly abort = new AbortController();
  private position: number;

  constructor(private readonly options: StreamPollerOptions) {
    this.position = options.mapping.startingPosition === "LATEST" ? options.stream.length : 0;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    const { mapping, stream, clock } = this.options;
    const batchLimit = mapping.batchSize ?? DEFAULT_BATCH;
    let size = batchLimit;
    let attempts = 0;
    while (!this.abort.signal.aborted) {
      if (this.position >= stream.length) {
        await new Promise<void>((resolve) => {
          const done = () => {
            off();
            this.abort.signal.removeEventListener("abort", done);
            resolve();
          };
          const off = stream.onRecord(done);
          this.abort.signal.addEventListener("abort", done);
        });
        if (mapping.batchingWindowSeconds > 0) await clock.sleep(mapping.batchingWindowSeconds, this.abort.signal);
        continue;
      }
      const entries = stream.from(this.position).slice(0, size);
      const maxAge = mapping.maxRecordAgeSeconds >= 0 ? mapping.maxRecordAgeSeconds : STREAM_RETENTION_SECONDS;
      const expired = entries.filter((e) => Date.now() - e.arrivedAt > clock.ms(maxAge));
      if (expired.length > 0) {
        await this.giveUp(expired.map((e) => e.record), "RecordAgeExceeded", attempts);
        this.position += expired.length;
        continue;
      }
      const records = entries.map((e) => e.record);
      const kept = mapping.filters.length === 0 ? records : records.filter((r) => mapping.filters.some((f) => matchesPattern(f, r)));
      if (kept.length === 0) {
        this.position += records.length;
        continue;
      }
      const result = await this.options.invoke(this.options.fn, { Records: kept });
      let failedAt = -1;
      if (!result.ok) failedAt = 0;
      else if (mapping.reportBatchItemFailures) {
        const failures = batchItemFailures(result.payload, kept.map((r) => r.dynamodb.SequenceNumber));
        if (failures === "invalid") failedAt = 0;
        else if (failures.length > 0) failedAt = Math.min(...failures.map((id) => records.findIndex((r) => r.dynamodb.SequenceNumber === id)));
      }
      if (failedAt < 0) {
        this.position += records.length;
        size = batchLimit;
        attempts = 0;
        continue;
      }
      this.position += failedAt;
      attempts++;
      const failed = records.slice(failedAt);
      this.options.log(
        `${this.options.fn.functionName}: stream batch of ${failed.length} from ${stream.table.name} failed (${result.ok ? "batch item failure" : `${result.error.errorType}: ${result.error.errorMessage}`}), attempt ${attempts}`,
      );
      if (mapping.maxRetryAttempts >= 0 && attempts > mapping.maxRetryAttempts) {
        await this.giveUp(failed, "RetryAttemptsExhausted", attempts);
        this.position += failed.length;
        size = batchLimit;
        attempts = 0;
        continue;
      }
      if (mapping.bisect && failed.length > 1) size = Math.ceil(failed.length / 2);
      await clock.sleep(1, this.abort.signal);
    }
  }

  private async giveUp(records: readonly StreamRecord[], condition: string, attempts: number): Promise<void> {
    const { mapping, fn, stream } = this.options;
    this.options.log(`${fn.functionName}: ${records.length} stream records of ${stream.table.name} skipped (${condition})${mapping.onFailureArn ? `; sent to ${mapping.onFailureArn}` : ""}`);
    if (!mapping.onFailureArn) return;
    const first = records[0];
    const last = records[records.length - 1];
    const at = (r: StreamRecord) => new Date(r.dynamodb.ApproximateCreationDateTime * 1000).toISOString();
    await this.options.onFailure(mapping.onFailureArn, {
      requestContext: { requestId: crypto.randomUUID(), functionArn: fn.functionArn, condition, approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      version: "1.0",
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: stream.shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: at(first),
        approximateArrivalOfLastRecord: at(last),
        batchSize: records.length,
        streamArn: stream.arn,
      },
    });
  }
}
