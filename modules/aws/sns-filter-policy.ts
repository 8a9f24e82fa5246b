import { custom } from "../core/schema";

/** SNS: "the maximum size of a filter policy is 256 KB"; at most 5 keys (attribute names). */
const FILTER_POLICY_MAX_BYTES = 256 * 1024;
const FILTER_POLICY_MAX_KEYS = 5;
const FILTER_POLICY_RULE = 'a non-empty filter policy object, e.g. { kind: ["order.paid"] }';

/** A subscription's filter policy on message attributes, as an object; written as JSON. */
export const SNS_FILTER_POLICY = custom<Readonly<Record<string, unknown>>>(FILTER_POLICY_RULE, (c, prop, policy) => {
  if (policy === null || typeof policy !== "object" || Array.isArray(policy) || Object.keys(policy).length === 0) {
    c.v.fail(prop, FILTER_POLICY_RULE, policy);
    return;
  }
  if (Object.keys(policy).length > FILTER_POLICY_MAX_KEYS) c.v.fail(prop, `at most ${FILTER_POLICY_MAX_KEYS} attribute names`, Object.keys(policy));
  const bytes = Buffer.byteLength(JSON.stringify(policy));
  if (bytes > FILTER_POLICY_MAX_BYTES) c.v.fail(prop, `at most ${FILTER_POLICY_MAX_BYTES} bytes as JSON`, `${bytes} bytes`);
});
