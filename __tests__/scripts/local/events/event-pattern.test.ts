import { matchesPattern, PatternError, snsAttributesForFilter } from "../../../../scripts/local/events/event-pattern";

const event = {
  source: "order-pipeline",
  "detail-type": "OrderShipped",
  detail: { orderId: "o-17", carrier: "DHL", weight: 12.5, tags: ["fragile", "gift"], note: null, address: { country: "DE", city: "Berlin" }, sourceIp: "10.0.3.7" },
};

// Each row: a pattern, and the event field values it must match (Compliance) or must not (Noncompliance).
describe("matchesPattern (EventBridge patterns, SNS filter policies, Lambda event filters)", () => {
  test.each([
    ["equals", { source: ["order-pipeline"] }, { source: ["other"] }],
    ["one of the values", { "detail-type": ["OrderPacked", "OrderShipped"] }, { "detail-type": ["OrderPacked"] }],
    ["nested objects", { detail: { address: { country: ["DE"] } } }, { detail: { address: { country: ["FR"] } } }],
    ["a list value matches when one element does", { detail: { tags: ["gift"] } }, { detail: { tags: ["bulky"] } }],
    ["prefix", { detail: { orderId: [{ prefix: "o-" }] } }, { detail: { orderId: [{ prefix: "x-" }] } }],
    ["prefix ignoring case", { detail: { carrier: [{ prefix: { "equals-ignore-case": "dh" } }] } }, { detail: { carrier: [{ prefix: "dh" }] } }],
    ["suffix", { detail: { orderId: [{ suffix: "-17" }] } }, { detail: { orderId: [{ suffix: "-18" }] } }],
    ["equals-ignore-case", { detail: { carrier: [{ "equals-ignore-case": "dhl" }] } }, { detail: { carrier: [{ "equals-ignore-case": "ups" }] } }],
    ["anything-but a value", { detail: { carrier: [{ "anything-but": "UPS" }] } }, { detail: { carrier: [{ "anything-but": "DHL" }] } }],
    ["anything-but a list", { detail: { carrier: [{ "anything-but": ["UPS", "FedEx"] }] } }, { detail: { carrier: [{ "anything-but": ["UPS", "DHL"] }] } }],
    ["anything-but a prefix", { detail: { orderId: [{ "anything-but": { prefix: "x-" } }] } }, { detail: { orderId: [{ "anything-but": { prefix: "o-" } }] } }],
    ["numeric range", { detail: { weight: [{ numeric: [">", 10, "<=", 12.5] }] } }, { detail: { weight: [{ numeric: [">", 12.5] }] } }],
    ["numeric equals", { detail: { weight: [{ numeric: ["=", 12.5] }] } }, { detail: { weight: [{ numeric: ["=", 12] }] } }],
    ["exists", { detail: { carrier: [{ exists: true }] } }, { detail: { missing: [{ exists: true }] } }],
    ["exists: false", { detail: { missing: [{ exists: false }] } }, { detail: { carrier: [{ exists: false }] } }],
    ["wildcard", { detail: { orderId: [{ wildcard: "o-*7" }] } }, { detail: { orderId: [{ wildcard: "o-*8" }] } }],
    ["null", { detail: { note: [null] } }, { detail: { carrier: [null] } }],
    ["cidr", { detail: { sourceIp: [{ cidr: "10.0.0.0/16" }] } }, { detail: { sourceIp: [{ cidr: "10.1.0.0/16" }] } }],
    ["$or", { detail: { $or: [{ carrier: ["UPS"] }, { weight: [{ numeric: [">", 10] }] }] } }, { detail: { $or: [{ carrier: ["UPS"] }, { weight: [{ numeric: [">", 20] }] }] } }],
    ["every key must match", { source: ["order-pipeline"], detail: { carrier: ["DHL"] } }, { source: ["order-pipeline"], detail: { carrier: ["UPS"] } }],
  ])("%s", (_name, compliant, noncompliant) => {
    expect(matchesPattern(compliant, event)).toBe(true);
    expect(matchesPattern(noncompliant, event)).toBe(false);
  });

  test("anything-but never matches a field that is absent", () => {
    expect(matchesPattern({ detail: { missing: [{ "anything-but": "x" }] } }, event)).toBe(false);
  });

  test("a pattern that cannot be evaluated is an error, never a match", () => {
    expect(() => matchesPattern({ source: [{ regex: ".*" }] }, event)).toThrow(PatternError);
    expect(() => matchesPattern({ detail: { weight: [{ numeric: ["~", 1] }] } }, event)).toThrow(PatternError);
    expect(() => matchesPattern({ source: "order-pipeline" }, event)).toThrow(PatternError);
  });

  test("SNS message attributes as a filter policy sees them: numbers, string arrays", () => {
    const attributes = snsAttributesForFilter({ price: { Type: "Number", Value: "12" }, colours: { Type: "String.Array", Value: '["red","blue"]' }, status: { Type: "String", Value: "PAID" } });
    expect(matchesPattern({ price: [{ numeric: [">=", 10] }], colours: ["blue"], status: [{ "anything-but": "CANCELLED" }] }, attributes)).toBe(true);
    expect(matchesPattern({ price: [{ numeric: ["<", 10] }] }, attributes)).toBe(false);
  });
});
