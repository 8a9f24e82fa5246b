import type { Rule } from "./validation";

/** Generic rules shared by every construct and by config; cloud-specific limits live next to their constructs. */

export function integerBetween(min: number, max: number, unit = ""): Rule<number> {
  const suffix = unit ? ` ${unit}` : "";
  return {
    description: `an integer from ${min} to ${max}${suffix}`,
    test: (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max,
  };
}

export function oneOf<T extends string | number>(values: readonly T[]): Rule<T> {
  return {
    description: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    test: (v) => values.includes(v),
  };
}

export function matches(pattern: RegExp, description: string): Rule<string> {
  return { description, test: (v) => typeof v === "string" && pattern.test(v) };
}

export function lengthBetween(min: number, max: number): Rule<string> {
  return {
    description: `a string of ${min} to ${max} characters`,
    test: (v) => typeof v === "string" && v.length >= min && v.length <= max,
  };
}

export function nonEmptyArray<T>(what: string): Rule<readonly T[]> {
  return { description: `a non-empty list of ${what}`, test: (v) => Array.isArray(v) && v.length > 0 };
}

export function atMostItems<T>(max: number, what: string): Rule<readonly T[]> {
  return { description: `at most ${max} ${what}`, test: (v) => Array.isArray(v) && v.length <= max };
}

export const booleanValue: Rule<boolean> = { description: "true or false", test: (v) => typeof v === "boolean" };

/** Returns the first duplicate of a list, by key, or undefined. */
export function firstDuplicate<T>(items: readonly T[], key: (item: T) => string): string | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

const PARTITION = "aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?";

/**
 * An ARN of one AWS service (`arn:<partition>:<service>:<region>:<account>:<resource>`), e.g. the
 * queue of an SQS event source must be an `sqs` ARN, not a topic's. `resource` narrows the resource
 * part (`/^table\/[^/]+\/stream\//` for a DynamoDB stream). Region and account may be empty where the
 * service has none (S3, IAM); the partition and region of the stack are checked separately.
 */
export function arnOf(service: string, what: string, resource?: RegExp): Rule<string> {
  const shape = new RegExp(`^arn:${PARTITION}:${service}:[a-z0-9-]*:(\\d{12})?:(.+)$`);
  return {
    description: `${what} (arn:aws:${service}:<region>:<account>:...)`,
    test: (v) => {
      if (typeof v !== "string") return false;
      const match = shape.exec(v);
      return match !== null && (resource === undefined || resource.test(match[2]));
    },
  };
}

/** A glob pattern of paths inside a folder: not absolute, no `..` segment, no backslash. */
export const RELATIVE_GLOB = matches(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\\0]{1,256}$/, "a glob pattern of paths inside the folder, such as *.test.js or fixtures/** (not absolute, no ..)");

/** Words a written reason needs at least (`realWords`). */
export const REAL_WORDS_MIN = 3;
/** Letters a written reason's words hold at least (`realWords`): "aa aa aa" is not a reason. */
export const REAL_WORDS_MIN_LETTERS = 12;

/**
 * Text a person wrote to explain a decision (a reason for a wildcard, for a suppression): at least
 * `min` words of two or more letters, holding at least `minLetters` letters in all. Zero-width and
 * other format characters, punctuation, digits and symbols are not letters, so `"..."`, `"n/a"`,
 * `"1 2 3"` or ten zero-width spaces do not count; a word broken by an invisible character counts
 * as its pieces. One rule for every reason the project asks for.
 */
export function realWords(min = REAL_WORDS_MIN, what = "a reason", minLetters = REAL_WORDS_MIN_LETTERS): Rule<string> {
  return {
    description: `${what} in at least ${min} words (of two or more letters each) and ${minLetters} letters`,
    test: (v) => typeof v === "string" && countWords(v) >= min && countLetters(v) >= minLetters,
  };
}

/** The words of two or more letters (marks included, e.g. accents) in `text`. */
function words(text: string): string[] {
  return text.normalize("NFC").match(/(?<![\p{L}\p{M}\p{N}_])\p{L}[\p{L}\p{M}]+(?![\p{L}\p{M}\p{N}_])/gu) ?? [];
}

/** The number of words of two or more letters (marks included, e.g. accents) in `text`. */
export function countWords(text: string): number {
  return words(text).length;
}

/** The letters of those words (marks not counted). */
function countLetters(text: string): number {
  return words(text).join("").replace(/\p{M}/gu, "").length;
}

const KMS_KEY_ID = "key/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

/** A KMS key ARN (`...:kms:<region>:<account>:key/<id>`): what Lambda and CloudWatch Logs take, not an alias or another service's ARN. */
export const KMS_KEY_ARN = arnOf("kms", "a KMS key ARN, ...:key/<key id>", new RegExp(`^${KMS_KEY_ID}$`));

/** A KMS key or alias ARN: what S3 and ECR take. */
export const KMS_KEY_OR_ALIAS_ARN = arnOf("kms", "a KMS key or alias ARN, ...:key/<key id> or ...:alias/<name>", new RegExp(`^(${KMS_KEY_ID}|alias/[A-Za-z0-9/_-]{1,250})$`));

/**
 * An IANA time zone (`Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/UTC`, `UTC`) that this Node.js knows
 * (its Intl data is the tz database): the names Cloud Scheduler and EventBridge Scheduler accept.
 */
export const TIME_ZONE: Rule<string> = {
  description: 'a time zone name of the tz database, such as "Etc/UTC" or "Europe/Berlin"',
  test: (v) => {
    if (typeof v !== "string" || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(v)) return false;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: v });
      return true;
    } catch {
      return false;
    }
  },
};
