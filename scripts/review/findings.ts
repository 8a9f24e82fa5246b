import { compareText, type Annotation } from "./synth-output";

/** A rule-pack finding: a cdktf annotation whose message starts with `[rule-id]`. */
export interface Finding {
  readonly stack: string;
  readonly level: string;
  readonly rule: string;
  readonly constructPath: string;
  readonly message: string;
  /** The rule pack's record of a suppression (`[rule] suppressed at <path>: <reason>`), not a finding. */
  readonly suppression: boolean;
}

const RULE_ID = /^\[([^\]\s]+)\]\s*/;

/**
 * The rule-pack annotations of head that base does not have (same stack, level, construct and
 * message): new findings, and new suppressions, which a reviewer should see too.
 */
export function newFindings(stack: string, base: readonly Annotation[], head: readonly Annotation[]): Finding[] {
  const key = (a: Annotation) => JSON.stringify([a.level, a.constructPath, a.message]);
  const known = new Set(base.map(key));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const a of head) {
    const m = RULE_ID.exec(a.message);
    if (!m || known.has(key(a)) || seen.has(key(a))) continue;
    seen.add(key(a));
    const message = a.message.slice(m[0].length);
    out.push({ stack, level: a.level, rule: m[1], constructPath: a.constructPath, message, suppression: a.level === "@cdktf/info" && message.startsWith("suppressed at ") });
  }
  return out.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.constructPath, b.constructPath) || compareText(a.message, b.message));
}
