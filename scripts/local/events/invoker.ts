import { randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import type { DeclaredInvokeConfig } from "../declared";
import type { LocalFunction } from "../functions";
import type { InvokeResult } from "../worker";

/** What a destination or dead-letter queue receives, and where. */
export interface DestinationSend {
  readonly fn: LocalFunction;
  readonly targetArn: string;
  /** The invocation record (destinations) or the event itself (dead-letter queue). */
  readonly payload: unknown;
  /** For an EventBridge destination: the event's detail-type. */
  readonly detailType?: string;
  /** For a dead-letter queue: the attributes Lambda adds (RequestID, ErrorCode, ErrorMessage). */
  readonly attributes?: Readonly<Record<string, string>>;
  readonly label: string;
}

export interface InvokerOptions {
  /** One synchronous invocation (a process of its own). */
  readonly run: (fn: LocalFunction, event: unknown) => Promise<InvokeResult>;
  /** Sends with the function's role, checked against it (destinations, dead-letter queue). */
  readonly send: (send: DestinationSend) => Promise<void>;
  readonly configOf: (fn: LocalFunction) => DeclaredInvokeConfig | undefined;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

/** Lambda's defaults for asynchronous invocation. */
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_AGE_SECONDS = 6 * 3600;
/** Lambda waits about a minute before the first retry and two before the second. */
const RETRY_DELAYS_SECONDS = [60, 120];

/**
 * Asynchronous invocation as Lambda runs it: the event is queued, retried after a function error
 * (maximum_retry_attempts, 2 by default, a minute then two apart), dropped past its maximum age,
 * and its outcome sent to the on-success / on-failure destination, the original event to the
 * dead-letter queue on failure.
 */
export class Invoker {
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: InvokerOptions) {}

  /** Queues an event (as the Invoke API with InvocationType Event); resolves with the first attempt's result. */
  invokeAsync(fn: LocalFunction, event: unknown, source: string): Promise<InvokeResult | undefined> {
    let first!: (result: InvokeResult | undefined) => void;
    const firstResult = new Promise<InvokeResult | undefined>((resolve) => (first = resolve));
    const run = this.attempts(fn, event, source, first).finally(() => this.pending.delete(run));
    this.pending.add(run);
    return firstResult;
  }

  /** Resolves when every queued event has finished its attempts and destinations (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
  }

  private async attempts(fn: LocalFunction, event: unknown, source: string, first: (result: InvokeResult | undefined) => void): Promise<void> {
    const config = this.options.configOf(fn);
    const retries = config?.maxRetryAttempts ?? DEFAULT_RETRIES;
    const maxAge = config?.maxEventAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    const queuedAt = Date.now();
    const requestId = randomUUID();
    let result: InvokeResult | undefined;
    let attempt = 0;
    let condition = "RetriesExhausted";
    for (;;) {
      if (this.closed) return first(undefined);
      attempt++;
      result = await this.options.run(fn, event);
      if (attempt === 1) first(result);
      if (result.ok) break;
      this.options.log(`${fn.functionName}: asynchronous invocation from ${source} failed (attempt ${attempt} of ${retries + 1}): ${result.error.errorType}: ${result.error.errorMessage}`);
      if (attempt > retries) break;
      const delay = RETRY_DELAYS_SECONDS[Math.min(attempt - 1, RETRY_DELAYS_SECONDS.length - 1)];
      if (Date.now() + this.options.clock.ms(delay) - queuedAt > this.options.clock.ms(maxAge)) {
        condition = "EventAgeExceeded";
        break;
      }
      await this.options.clock.sleep(delay, this.abort.signal);
    }
    if (this.closed) return;
    const record = {
      version: "1.0",
      timestamp: new Date().toISOString(),
      requestContext: { requestId, functionArn: `${fn.functionArn}:$LATEST`, condition: result.ok ? "Success" : condition, approximateInvokeCount: attempt },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: "$LATEST", ...(!result.ok && { functionError: "Unhandled" }) },
      responsePayload: result.ok ? result.payload : result.error,
    };
    const destination = result.ok ? config?.onSuccessArn : config?.onFailureArn;
    if (destination) {
      await this.options.send({
        fn,
        targetArn: destination,
        payload: record,
        detailType: `Lambda Function Invocation Result - ${result.ok ? "Success" : "Failure"}`,
        label: `${result.ok ? "on-success" : "on-failure"} destination`,
      });
    }
    if (!result.ok && fn.deadLetterArn) {
      await this.options.send({
        fn,
        targetArn: fn.deadLetterArn,
        payload: event,
        attributes: { RequestID: requestId, ErrorCode: "200", ErrorMessage: result.error.errorMessage },
        label: "dead-letter queue",
      });
    }
  }
}
