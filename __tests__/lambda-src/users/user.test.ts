import { isUserId, validateUserInput } from "../../../lambda-src/users/user";

describe("validateUserInput", () => {
  it("accepts a name and an email, trimmed", () => {
    expect(validateUserInput({ name: "  Ada Lovelace ", email: " ada@example.org " })).toEqual({
      ok: true,
      value: { name: "Ada Lovelace", email: "ada@example.org" },
    });
  });

  it("accepts the longest name and email", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(185)}.org`;
    expect(email).toHaveLength(254);
    expect(validateUserInput({ name: "n".repeat(100), email }).ok).toBe(true);
  });

  it.each([null, [], "ada", 42, true])("rejects a body that is not an object: %p", (body) => {
    expect(validateUserInput(body)).toEqual({ ok: false, errors: ["body must be a JSON object"] });
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "   "],
    ["not a string", 7],
    ["too long", "n".repeat(101)],
  ])("rejects a name that is %s", (_label, name) => {
    expect(validateUserInput({ name, email: "ada@example.org" })).toEqual({
      ok: false,
      errors: ["name must be a non-empty string of at most 100 characters"],
    });
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["without @", "ada.example.org"],
    ["without a domain dot", "ada@localhost"],
    ["with two @", "ada@b@example.org"],
    ["with a space", "ada lovelace@example.org"],
    ["with an empty label", "ada@example..org"],
    ["not a string", ["ada@example.org"]],
    ["too long", `${"a".repeat(64)}@${"b".repeat(186)}.org`],
  ])("rejects an email that is %s", (_label, email) => {
    expect(validateUserInput({ name: "Ada", email })).toEqual({
      ok: false,
      errors: ["email must be a valid email address of at most 254 characters"],
    });
  });

  it("rejects unknown fields and reports every problem at once", () => {
    expect(validateUserInput({ id: "x", admin: true })).toEqual({
      ok: false,
      errors: [
        "unknown field: id",
        "unknown field: admin",
        "name must be a non-empty string of at most 100 characters",
        "email must be a valid email address of at most 254 characters",
      ],
    });
  });
});

describe("isUserId", () => {
  it("accepts what crypto.randomUUID makes", () => {
    expect(isUserId(crypto.randomUUID())).toBe(true);
    expect(isUserId("0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a")).toBe(true);
  });

  it.each([undefined, "", "42", "0B6C2A3E-8F1D-4C5B-9A7E-2D4F6B8C0E1A", "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a ", "../etc"])(
    "rejects %p",
    (id) => {
      expect(isUserId(id)).toBe(false);
    },
  );
});
