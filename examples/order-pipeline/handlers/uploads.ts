import type { S3Event, S3EventRecord, S3Handler } from "aws-lambda";
import { log } from "./order";

/** An uploaded object: its bucket and its key as written (S3 sends keys URL-encoded, spaces as `+`). */
export interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
}

export function uploadedObject(record: S3EventRecord): UploadedObject {
  return {
    bucket: record.s3.bucket.name,
    key: decodeURIComponent(record.s3.object.key.replace(/\+/g, " ")),
    size: record.s3.object.size ?? 0,
  };
}

/** The objects of an event; S3 sends one per event, but the format allows several. */
export function uploadedObjects(event: S3Event): UploadedObject[] {
  return event.Records.map(uploadedObject);
}

/** `images/*.jpg`: would make a thumbnail; logs what it would read. */
export const thumbnails: S3Handler = async (event) => {
  for (const object of uploadedObjects(event)) log("info", "thumbnail requested", { ...object });
};

/** `invoices/*.pdf`: would file the invoice; logs what it would read. */
export const invoices: S3Handler = async (event) => {
  for (const object of uploadedObjects(event)) {
    if (object.size === 0) throw new Error(`empty invoice ${object.key}`);
    log("info", "invoice received", { ...object });
  }
};
