import { createHash } from "node:crypto";
import { boundedName, resourceName, shortHash } from "../../../modules/core/naming";

describe("shortHash", () => {
  test("is the first characters of the hex SHA-256 of the text", () => {
    const full = createHash("sha256").update("users-get").digest("hex");
    expect(shortHash("users-get")).toBe(full.slice(0, 8));
    expect(shortHash("users-get", 6)).toBe(full.slice(0, 6));
  });

  test("differs for different texts", () => {
    expect(shortHash("GET /users")).not.toBe(shortHash("GET /users/{id}"));
  });
});

describe("boundedName", () => {
  test("is base + suffix when it fits", () => {
    expect(boundedName("svc-dev-users-get", "-role", 64)).toBe("svc-dev-users-get-role");
    const exact = "a".repeat(59);
    expect(boundedName(exact, "-role", 64)).toBe(`${exact}-role`);
  });

  test("cuts a long base to the limit, keeps the suffix and adds a hash of the full name", () => {
    const base = "svc-prod-" + "x".repeat(60);
    const name = boundedName(base, "-role", 64);
    expect(name).toHaveLength(64);
    expect(name.endsWith(`-${shortHash(`${base}-role`)}-role`)).toBe(true);
    expect(name.startsWith("svc-prod-xxx")).toBe(true);
  });

  test("keeps two long names that share a prefix distinct", () => {
    const a = boundedName(`${"x".repeat(70)}-a`, "-dlq", 80);
    const b = boundedName(`${"x".repeat(70)}-b`, "-dlq", 80);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(80);
    expect(b.length).toBeLessThanOrEqual(80);
  });

  test("is stable across calls", () => {
    const base = "y".repeat(100);
    expect(boundedName(base, "-role", 64)).toBe(boundedName(base, "-role", 64));
  });
});

describe("resourceName", () => {
  test("is <project>-<env>-<name>", () => {
    expect(resourceName("svc", "dev", "users-get")).toBe("svc-dev-users-get");
  });
});
