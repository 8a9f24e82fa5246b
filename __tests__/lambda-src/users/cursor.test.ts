import { decodeCursor, encodeCursor } from "../../../lambda-src/users/cursor";

const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("page cursors", () => {
  it("are base64url JSON of the key and round-trip", () => {
    const cursor = encodeCursor({ id: "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).toEqual({ id: "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a" });
    expect(decodeCursor(cursor)).toEqual({ id: "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a" });
  });

  it("round-trip ids that base64 would encode with + and /", () => {
    const id = "??>>~~";
    const cursor = encodeCursor({ id });
    expect(cursor).not.toMatch(/[+/=]/);
    expect(decodeCursor(cursor)).toEqual({ id });
  });

  it.each([
    ["empty", ""],
    ["not base64url", "eyJpZCI6IngifQ=="],
    ["not base64url either", "a b"],
    ["not JSON", b64url("{id:x}")],
    ["JSON null", b64url("null")],
    ["a JSON array", b64url('["x"]')],
    ["a JSON string", b64url('"x"')],
    ["a key of another shape", b64url('{"id":{"S":"x"}}')],
    ["an empty id", b64url('{"id":""}')],
    ["an extra key", b64url('{"id":"x","name":"y"}')],
    ["a too long id", b64url(JSON.stringify({ id: "x".repeat(1025) }))],
    ["too long", "A".repeat(2049)],
  ])("reject a cursor that is %s", (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
