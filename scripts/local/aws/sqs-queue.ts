import { createHash, randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import type { DeclaredQueue } from "../declared";

/** A message attribute as SQS keeps it (and the SDK sends it in the JSON protocol). */
export interface MessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, MessageAttribute>>;
  readonly systemAttributes: Readonly<Record<string, MessageAttribute>>;
  readonly senderId: string;
  readonly sentTimestamp: number;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly sequenceNumber?: string;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  /** Real time (ms) from which it may be received. */
  visibleAt: number;
  receiptHandle?: string;
}

export interface SendInput {
  readonly body: string;
  readonly attributes?: Readonly<Record<string, MessageAttribute>>;
  readonly systemAttributes?: Readonly<Record<string, MessageAttribute>>;
  readonly delaySeconds?: number;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly senderId: string;
}

/** FIFO queues drop a repeated deduplication id for five minutes. */
const DEDUPLICATION_SECONDS = 300;

/**
 * One queue of the stack, in memory, with SQS's delivery rules: delay, visibility timeout,
 * receive count, redrive to the dead-letter queue once a message was received `maxReceiveCount`
 * times, retention; for FIFO queues deduplication and one message group in flight at a time.
 */
export class LocalQueue {
  private messages: QueueMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly deduplication = new Map<string, { messageId: string; until: number; sequenceNumber?: string }>();
  private sequence = 10000000000000000000n;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly declared: DeclaredQueue,
    private readonly clock: Clock,
    private readonly queueByArn: (arn: string) => LocalQueue | undefined,
  ) {}

  get arn(): string {
    return this.declared.arn;
  }

  send(input: SendInput): { message: QueueMessage; duplicate: boolean } {
    const now = Date.now();
    let deduplicationId: string | undefined;
    if (this.declared.fifo) {
      deduplicationId = input.deduplicationId ?? (this.declared.contentBasedDeduplication ? createHash("sha256").update(input.body).digest("hex") : undefined);
      if (!deduplicationId) throw new QueueError("InvalidParameterValue", "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
      if (!input.groupId) throw new QueueError("MissingParameter", "The request must contain the parameter MessageGroupId.");
      const seen = this.deduplication.get(deduplicationId);
      if (seen && seen.until > now) {
        const existing = this.messages.find((m) => m.messageId === seen.messageId);
        return { message: existing ?? ({ messageId: seen.messageId, sequenceNumber: seen.sequenceNumber } as QueueMessage), duplicate: true };
      }
    }
    this.sequence += 1n;
    const message: QueueMessage = {
      messageId: randomUUID(),
      body: input.body,
      attributes: input.attributes ?? {},
      systemAttributes: input.systemAttributes ?? {},
      senderId: input.senderId,
      sentTimestamp: now,
      ...(input.groupId && { groupId: input.groupId }),
      ...(deduplicationId && { deduplicationId, sequenceNumber: this.sequence.toString() }),
      receiveCount: 0,
      visibleAt: now + this.clock.ms(this.declared.fifo ? this.declared.delaySeconds : (input.delaySeconds ?? this.declared.delaySeconds)),
    };
    if (deduplicationId) this.deduplication.set(deduplicationId, { messageId: message.messageId, until: now + this.clock.ms(DEDUPLICATION_SECONDS), sequenceNumber: message.sequenceNumber });
    this.messages.push(message);
    this.changed();
    return { message, duplicate: false };
  }

  /** Up to `max` visible messages, made invisible for `visibilityTimeout` seconds; redrives those received too often. */
  receive(max: number, visibilityTimeout = this.declared.visibilityTimeout): QueueMessage[] {
    this.expire();
    const now = Date.now();
    const out: QueueMessage[] = [];
    const groupsInFlight = new Set(this.messages.filter((m) => m.groupId && m.receiptHandle && m.visibleAt > now).map((m) => m.groupId));
    for (const message of [...this.messages]) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      if (message.groupId && groupsInFlight.has(message.groupId) && !out.some((m) => m.groupId === message.groupId)) continue;
      const redrive = this.declared.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const dlq = this.queueByArn(redrive.deadLetterArn);
        if (dlq) {
          this.remove(message);
          dlq.adopt(message);
          continue;
        }
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = `${message.messageId}#${randomUUID()}`;
      message.visibleAt = now + this.clock.ms(visibilityTimeout);
      out.push(message);
    }
    if (out.length > 0) this.schedule();
    return out;
  }

  /** Resolves once a message may be visible (or `signal` aborts). */
  whenVisible(signal?: AbortSignal): Promise<void> {
    if (this.hasVisible()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener("abort", done);
      this.schedule();
    });
  }

  hasVisible(): boolean {
    const now = Date.now();
    return this.messages.some((m) => m.visibleAt <= now);
  }

  delete(receiptHandle: string): boolean {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
    if (!message) return receiptHandle.includes("#");
    this.remove(message);
    return true;
  }

  changeVisibility(receiptHandle: string, seconds: number): boolean {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
    if (!message) return false;
    message.visibleAt = Date.now() + this.clock.ms(seconds);
    this.changed();
    return true;
  }

  purge(): void {
    this.messages = [];
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    const visible = this.messages.filter((m) => m.visibleAt <= now).length;
    const inFlight = this.messages.filter((m) => m.visibleAt > now && m.receiptHandle).length;
    return { visible, inFlight, delayed: this.messages.length - visible - inFlight };
  }

  /** Every message, for tests and the operator's inspection. */
  peek(): readonly QueueMessage[] {
    return this.messages;
  }

  close(): void {
    clearTimeout(this.timer);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** A message moved here by another queue's redrive: same id and body, counts reset. */
  private adopt(message: QueueMessage): void {
    this.messages.push({ ...message, receiveCount: 0, firstReceiveTimestamp: undefined, receiptHandle: undefined, visibleAt: Date.now() });
    this.changed();
  }

  private remove(message: QueueMessage): void {
    this.messages = this.messages.filter((m) => m !== message);
  }

  private expire(): void {
    const oldest = Date.now() - this.clock.ms(this.declared.retentionSeconds);
    this.messages = this.messages.filter((m) => m.sentTimestamp >= oldest);
  }

  private changed(): void {
    if (this.hasVisible()) for (const waiter of [...this.waiters]) waiter();
    else this.schedule();
  }

  /** Wakes waiters when the next invisible message becomes visible. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.waiters.size === 0) return;
    const next = Math.min(...this.messages.map((m) => m.visibleAt));
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => this.changed(), Math.max(0, next - Date.now()) + 1);
  }
}

export class QueueError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** MD5OfMessageAttributes as SQS computes it (names sorted; lengths big-endian; 1 for text, 2 for binary). */
export function md5OfAttributes(attributes: Readonly<Record<string, MessageAttribute>>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash("md5");
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of names) {
    const attribute = attributes[name];
    field(Buffer.from(name, "utf8"));
    field(Buffer.from(attribute.DataType, "utf8"));
    if (attribute.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      field(Buffer.from(attribute.BinaryValue, "base64"));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(attribute.StringValue ?? "", "utf8"));
    }
  }
  return hash.digest("hex");
}

export function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}
