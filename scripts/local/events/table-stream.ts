import { randomUUID } from "node:crypto";
import type { LocalTable } from "../dynamodb";

type Item = Record<string, unknown>;

/** A DynamoDB stream record as Lambda hands it to a function (and GetRecords returns it). */
export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
  readonly eventVersion: "1.1";
  readonly eventSource: "aws:dynamodb";
  readonly awsRegion: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime: number;
    readonly Keys: Item;
    readonly NewImage?: Item;
    readonly OldImage?: Item;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: string;
  };
  readonly eventSourceARN: string;
}

/** How long DynamoDB keeps stream records. */
export const STREAM_RETENTION_SECONDS = 24 * 3600;

/**
 * One table's stream (one shard): a record for each write that changed an item, with the images
 * its view type says, in write order. Writes that change nothing write no record, as in DynamoDB.
 */
export class TableStream {
  readonly shardId = `shardId-00000001700000000000-${randomUUID().slice(0, 8)}`;
  private readonly entries: { readonly record: StreamRecord; readonly arrivedAt: number }[] = [];
  private readonly listeners = new Set<() => void>();
  private sequence = 100000000000000000000n;

  constructor(
    readonly table: LocalTable & { stream: NonNullable<LocalTable["stream"]> },
    private readonly region: string,
  ) {}

  get arn(): string {
    return this.table.stream.arn;
  }

  /** Records from `index` on, with their arrival times. */
  from(index: number): readonly { readonly record: StreamRecord; readonly arrivedAt: number }[] {
    return this.entries.slice(index);
  }

  get length(): number {
    return this.entries.length;
  }

  onRecord(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes the record for one item's change, if it changed. */
  write(keys: Item, oldImage: Item | undefined, newImage: Item | undefined): void {
    if (!oldImage && !newImage) return;
    if (oldImage && newImage && canonical(oldImage) === canonical(newImage)) return;
    const view = this.table.stream.viewType;
    const eventName = !oldImage ? "INSERT" : !newImage ? "REMOVE" : "MODIFY";
    this.sequence += 1n;
    const images = {
      ...(newImage && (view === "NEW_IMAGE" || view === "NEW_AND_OLD_IMAGES") && { NewImage: newImage }),
      ...(oldImage && (view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES") && { OldImage: oldImage }),
    };
    const now = Date.now();
    const record: StreamRecord = {
      eventID: randomUUID().replace(/-/g, ""),
      eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: this.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(now / 1000),
        Keys: keys,
        ...images,
        SequenceNumber: this.sequence.toString(),
        SizeBytes: Buffer.byteLength(JSON.stringify({ keys, ...images })),
        StreamViewType: view,
      },
      eventSourceARN: this.arn,
    };
    this.entries.push({ record, arrivedAt: now });
    for (const listener of this.listeners) listener();
  }
}

/** JSON with object keys sorted: two images are the same item when these are equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
