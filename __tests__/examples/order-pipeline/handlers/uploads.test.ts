import type { S3Event } from "aws-lambda";
import { invoices, thumbnails, uploadedObjects } from "../../../../examples/order-pipeline/handlers/uploads";
import { captureLogs, context, noCallback, sampleEvent } from "./events";

describe("order-pipeline: the two functions of the uploads bucket", () => {
  it("decodes S3's URL-encoded keys (+ is a space)", () => {
    expect(uploadedObjects(sampleEvent<S3Event>("s3-image"))).toEqual([
      { bucket: "order-pipeline-uploads-111111111111", key: "images/order 1001/front view.jpg", size: 48213 },
    ]);
  });

  it("thumbnails logs the image; invoices logs the invoice and refuses an empty one", async () => {
    const logs = captureLogs();
    try {
      await thumbnails(sampleEvent<S3Event>("s3-image"), context, noCallback);
      await invoices(sampleEvent<S3Event>("s3-invoice"), context, noCallback);
      expect(logs.lines.map((l) => [l.message, l.key])).toEqual([
        ["thumbnail requested", "images/order 1001/front view.jpg"],
        ["invoice received", "invoices/2026/o-1001.pdf"],
      ]);
      const empty = sampleEvent<S3Event>("s3-invoice");
      empty.Records[0].s3.object.size = 0;
      await expect(invoices(empty, context, noCallback)).rejects.toThrow("empty invoice invoices/2026/o-1001.pdf");
    } finally {
      logs.restore();
    }
  });
});
