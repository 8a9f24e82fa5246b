/** The table's key, as much of it as a page cursor needs. */
export interface UserKey {
  readonly id: string;
}

/** An opaque `cursor` query parameter: base64url JSON of the last key of the previous page. */
export function encodeCursor(key: UserKey): string {
  return Buffer.from(JSON.stringify({ id: key.id }), "utf8").toString("base64url");
}

/**
 * The key a cursor stands for, or undefined when it is not one of ours. Checked strictly because it
 * becomes ExclusiveStartKey: a forged shape would reach DynamoDB as a ValidationException.
 */
export function decodeCursor(cursor: string): UserKey | undefined {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const id = (value as Record<string, unknown>).id;
  if (keys.length !== 1 || typeof id !== "string" || id.length === 0 || id.length > 1024) return undefined;
  return { id };
}
