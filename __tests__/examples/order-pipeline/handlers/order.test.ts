import { parseOrder } from "../../../../examples/order-pipeline/handlers/order";

describe("order-pipeline: parseOrder", () => {
  it("returns the order's fields and nothing else", () => {
    expect(parseOrder('{"id":"o-1","customerId":"c","totalCents":5,"status":"PAID","extra":true}')).toEqual({ id: "o-1", customerId: "c", totalCents: 5, status: "PAID" });
  });

  it.each([
    ["{", "not JSON"],
    ["null", "not an object"],
    ['{"id":"a b","customerId":"c","totalCents":1,"status":"PAID"}', "bad id"],
    ['{"id":"a","customerId":"","totalCents":1,"status":"PAID"}', "bad customerId"],
    ['{"id":"a","customerId":"c","totalCents":1.5,"status":"PAID"}', "bad totalCents"],
    ['{"id":"a","customerId":"c","totalCents":1,"status":"LOST"}', "bad status"],
  ])("refuses %s (%s)", (text, reason) => {
    expect(() => parseOrder(text)).toThrow(reason);
  });
});
