import { contextOf, custom, type Schema } from "./schema";
import { checkAgainstStack, labelsAddedByProvider } from "./stack-context";
import { isUnresolved, type Validator } from "./validation";

/** AWS tag limits: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html */
const AWS_TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const AWS_MAX_TAGS = 50;

/** GCP label limits: https://cloud.google.com/resource-manager/docs/labels-overview */
const GCP_LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const GCP_LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
export const GCP_MAX_LABELS = 64;

/**
 * Checks AWS resource tags: keys 1-128 characters, values up to 256, no `aws:` prefix, at most 50
 * once the provider's `defaultTags` are added (a key in both counts once: the resource's value wins).
 */
export function validateAwsTags(
  v: Validator,
  prop: string,
  tags: Readonly<Record<string, string>> | undefined,
  defaultTags: Readonly<Record<string, string>> = {},
): void {
  if (tags === undefined) return;
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    v.fail(prop, "a map of tag keys to string values", tags);
    return;
  }
  const entries = Object.entries(tags);
  checkCount(v, prop, Object.keys(tags), Object.keys(defaultTags), AWS_MAX_TAGS, "tags", "the provider's default tags");
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || !AWS_TAG_CHARS.test(key)) {
      v.fail(`${prop} key`, "1 to 128 letters, digits, spaces or _ . : / = + - @", key);
    }
    if (key.toLowerCase().startsWith("aws:")) v.fail(`${prop} key`, "a key without the reserved prefix aws:", key);
    if (isUnresolved(value)) continue;
    if (typeof value !== "string" || value.length > 256 || !AWS_TAG_CHARS.test(value)) {
      v.fail(`${prop}.${key}`, "a string of up to 256 letters, digits, spaces or _ . : / = + - @", value);
    }
  }
}

/**
 * AWS tags as a prop (`tags`): checked by `validateAwsTags` with the default tags of the stack's AWS
 * provider when the props are a construct's (again at synth for a construct created before its
 * provider), alone in config.
 */
export const AWS_TAGS: Schema<Readonly<Record<string, string>>> = custom("a map of tag keys to string values (at most 50 with the provider's default tags)", (c, prop, tags) => {
  const value = tags as Readonly<Record<string, string>>;
  if (c.scope === undefined) validateAwsTags(c.v, prop, value);
  else checkAgainstStack(c.v, c.scope, "aws", c.kind, (v, { aws }) => validateAwsTags(v, prop, value, aws?.defaultTags), contextOf(c, "aws"));
});

/** GCP labels as a prop (`labels`): checked by `validateGcpLabels` with the labels the stack's Google provider adds (see `AWS_TAGS`). */
export const GCP_LABELS: Schema<Readonly<Record<string, string>>> = custom("a map of lowercase label keys to values (at most 64 with the labels the provider adds)", (c, prop, labels) => {
  const value = labels as Readonly<Record<string, string>>;
  if (c.scope === undefined) validateGcpLabels(c.v, prop, value);
  else checkAgainstStack(c.v, c.scope, "google", c.kind, (v, { google }) => validateGcpLabels(v, prop, value, labelsAddedByProvider(google)), contextOf(c, "google"));
});

/**
 * Checks GCP labels: lowercase keys that start with a letter, values up to 63 characters, at most 64
 * once the labels the provider adds (`providerLabels`: its default labels and attribution label) are counted.
 */
export function validateGcpLabels(
  v: Validator,
  prop: string,
  labels: Readonly<Record<string, string>> | undefined,
  providerLabels: Readonly<Record<string, string>> = {},
): void {
  if (labels === undefined) return;
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    v.fail(prop, "a map of label keys to string values", labels);
    return;
  }
  const entries = Object.entries(labels);
  checkCount(v, prop, Object.keys(labels), Object.keys(providerLabels), GCP_MAX_LABELS, "labels", "the labels the provider adds");
  for (const [key, value] of entries) {
    if (!GCP_LABEL_KEY.test(key)) {
      v.fail(`${prop} key`, "1 to 63 lowercase letters, digits, _ or -, starting with a lowercase letter", key);
    }
    if (key.startsWith("goog")) v.fail(`${prop} key`, "a key without the reserved prefix goog", key);
    if (isUnresolved(value)) continue;
    if (typeof value !== "string" || !GCP_LABEL_VALUE.test(value)) {
      v.fail(`${prop}.${key}`, "up to 63 lowercase letters, digits, _ or -", value);
    }
  }
}

function checkCount(v: Validator, prop: string, own: string[], added: string[], max: number, what: string, addedBy: string): void {
  const all = new Set([...own, ...added]);
  if (all.size <= max) return;
  const extra = added.filter((k) => !own.includes(k));
  const rule = extra.length > 0 ? `at most ${max} ${what} with ${addedBy} (${extra.join(", ")})` : `at most ${max} ${what}`;
  v.fail(prop, rule, extra.length > 0 ? `${own.length} ${what} + ${extra.length} = ${all.size}` : `${all.size} ${what}`);
}
