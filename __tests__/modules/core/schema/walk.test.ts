import { booleanValue, oneOf } from "../../../../modules/core/rules";
import { childSchemas, either, list, object, objectSchemas, optional, record, required, variants } from "../../../../modules/core/schema";

const LEAF = object({ on: optional(booleanValue) });
const A = object({ type: required(oneOf(["a"] as const)), leaf: optional(LEAF) });
const ROOT = object({
  events: optional(list(variants("type", { a: A, b: object({ type: required(oneOf(["b"] as const)) }) }, { expected: "an event" }), { of: "events" })),
  secrets: optional(record(object({ secret: optional(booleanValue) }), { expected: "a map" })),
  cleanup: optional(either("a list or an object", [{ when: Array.isArray, schema: list(LEAF, { of: "leaves" }) }])),
});

describe("walking schemas", () => {
  test("childSchemas: an object's fields in order, a list's items, a map's values, variants, alternatives", () => {
    expect(childSchemas(ROOT).map((c) => c.step)).toEqual([
      { kind: "field", key: "events", optional: true },
      { kind: "field", key: "secrets", optional: true },
      { kind: "field", key: "cleanup", optional: true },
    ]);
    expect(childSchemas(ROOT.fields.events.schema).map((c) => c.step)).toEqual([{ kind: "item" }]);
    expect(childSchemas(ROOT.fields.events.schema.item).map((c) => c.step)).toEqual([
      { kind: "variant", tag: "a" },
      { kind: "variant", tag: "b" },
    ]);
    expect(childSchemas(ROOT.fields.secrets.schema).map((c) => c.step)).toEqual([{ kind: "value" }]);
    expect(childSchemas(ROOT.fields.cleanup.schema).map((c) => c.step)).toEqual([{ kind: "alternative", index: 0 }]);
  });

  test("objectSchemas: every object schema reachable, each once (LEAF is reached twice)", () => {
    expect(objectSchemas(ROOT).map((s) => s.description)).toEqual(["{ events?, secrets?, cleanup? }", "{ type, leaf? }", "{ on? }", "{ type }", "{ secret? }"]);
  });
});
