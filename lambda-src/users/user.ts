/** What a client may set. */
export interface UserInput {
  readonly name: string;
  readonly email: string;
}

export interface User extends UserInput {
  readonly id: string;
  /** ISO-8601; absent on items written by something other than these handlers. */
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

const MAX_NAME = 100;
// RFC 5321 caps a forward path at 256 octets, 254 of them the address.
const MAX_EMAIL = 254;
// Plausible, not RFC 5322: one @, no spaces, a dot in the domain. Delivery is the real test.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const ALLOWED = new Set(["name", "email"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks a request body; unknown fields are rejected so a typo is not silently ignored. */
export function validateUserInput(body: unknown): Validation<UserInput> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, errors: ["body must be a JSON object"] };
  }
  const record = body as Record<string, unknown>;
  const errors = Object.keys(record)
    .filter((key) => !ALLOWED.has(key))
    .map((key) => `unknown field: ${key}`);
  const name = typeof record.name === "string" ? record.name.trim() : undefined;
  const email = typeof record.email === "string" ? record.email.trim() : undefined;
  if (!name || name.length > MAX_NAME) errors.push(`name must be a non-empty string of at most ${MAX_NAME} characters`);
  if (!email || email.length > MAX_EMAIL || !EMAIL.test(email)) {
    errors.push(`email must be a valid email address of at most ${MAX_EMAIL} characters`);
  }
  if (errors.length > 0 || !name || !email) return { ok: false, errors };
  return { ok: true, value: { name, email } };
}

/** Ids are what crypto.randomUUID() makes; anything else cannot name a user. */
export function isUserId(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}
