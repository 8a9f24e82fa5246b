import type { DynamoDBRecord } from "aws-lambda";
import { createHash } from "node:crypto";
import { matches } from "../../../../examples/orders-service/handlers/authorizer";
import { parseOrders } from "../../../../examples/orders-service/handlers/imports";
import { newOrder } from "../../../../examples/orders-service/handlers/orders-api";
import { statusChange } from "../../../../examples/orders-service/handlers/publisher";
import { jobOf } from "../../../../examples/orders-service/handlers/worker";

describe("orders-service handlers", () => {
  test("the authorizer accepts the API key only, compared as digests", () => {
    const expected = createHash("sha256").update("s3cret-key").digest();
    expect(matches("s3cret-key", expected)).toBe(true);
    expect(matches("s3cret-kez", expected)).toBe(false);
    expect(matches("", expected)).toBe(false);
    expect(matches(undefined, expected)).toBe(false);
  });

  test("a new order needs a customer and a positive whole total", () => {
    expect(newOrder('{"customerId":"c-1","totalCents":1299}', "o-1")).toEqual({ id: "o-1", customerId: "c-1", totalCents: 1299, status: "PLACED" });
    expect(newOrder("nope", "o")).toBe("the body is not JSON");
    expect(newOrder('{"totalCents":5}', "o")).toBe("customerId must be a non-empty string");
    expect(newOrder('{"customerId":"c","totalCents":1.5}', "o")).toBe("totalCents must be a positive integer");
    expect(newOrder('{"customerId":"c","totalCents":0}', "o")).toBe("totalCents must be a positive integer");
  });

  test("the worker reads its job's order id; anything else is not a job", () => {
    expect(jobOf('{"orderId":"o-1"}')).toBe("o-1");
    expect(jobOf('{"orderId":""}')).toBeUndefined();
    expect(jobOf("garbled")).toBeUndefined();
  });

  test("the publisher tells a new order and a changed status, nothing else", () => {
    const record = (eventName: "INSERT" | "MODIFY" | "REMOVE", status: string, old?: string): DynamoDBRecord => ({
      eventName,
      dynamodb: { NewImage: { id: { S: "o-1" }, status: { S: status } }, ...(old ? { OldImage: { id: { S: "o-1" }, status: { S: old } } } : {}) },
    });
    expect(statusChange(record("INSERT", "PLACED"))).toEqual({ orderId: "o-1", status: "PLACED" });
    expect(statusChange(record("MODIFY", "SHIPPED", "CONFIRMED"))).toEqual({ orderId: "o-1", status: "SHIPPED" });
    expect(statusChange(record("MODIFY", "SHIPPED", "SHIPPED"))).toBeUndefined();
    expect(statusChange(record("REMOVE", "SHIPPED"))).toBeUndefined();
  });

  test("an import file has one order per line; a malformed line fails the file, naming it", () => {
    let n = 0;
    expect(parseOrders("c-1,100\n\nc-2, 250\r\n", () => `o-${++n}`)).toEqual([
      { id: "o-1", customerId: "c-1", totalCents: 100, status: "PLACED" },
      { id: "o-2", customerId: "c-2", totalCents: 250, status: "PLACED" },
    ]);
    expect(() => parseOrders("c-1,100\nc-2,abc")).toThrow('line 2 is not customerId,totalCents: "c-2,abc"');
  });
});
