import type { KinesisStreamEvent } from "aws-lambda";

/** Counts the page views of a batch of the clickstream. */
export async function handler(event: KinesisStreamEvent): Promise<{ readonly views: number }> {
  const views = event.Records.length;
  console.log(JSON.stringify({ level: "info", message: "page views", views }));
  return { views };
}
