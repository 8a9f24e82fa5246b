import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { ValidationError, type ValidationProblem } from "../../../modules/core/validation";
import { declareEnvironment } from "../../../modules/core/environment-traits";
import { applyRulePack } from "../../../modules/core/rule-pack";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const REGION = "europe-west1";
export const PROJECT = "acme-svc-dev";

/** The development environment of the tests: unprotected, rule-pack findings only warn. */
export const DEVELOPMENT = "sandbox";

/**
 * A stack with a Google provider (`project` on it unless told otherwise), in a development
 * environment: nothing is watched by default there, so what a test sees is what the construct under
 * test creates. `watched: true` gives a stack whose environment is not known, watched as the strictest
 * one (alert policies and the stack's alarm channel come with every service).
 */
export function newStack(options: { project?: string | null; watched?: boolean } = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  const project = options.project === null ? undefined : (options.project ?? PROJECT);
  new GoogleProvider(stack, "google", { project, region: REGION });
  if (!options.watched) {
    declareEnvironment(DEVELOPMENT, { protected: false, rulePackSeverity: "warn" });
    applyRulePack(stack, { environment: DEVELOPMENT, severity: "warn", log: () => undefined });
  }
  return stack;
}

export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** The resources of one type, by logical id. */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type (fails when there are more or none). */
export function only(json: Json, type: string): Json {
  const all = Object.values(resources(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The logical id of the single resource of a type. */
export function onlyId(json: Json, type: string): string {
  const ids = Object.keys(resources(json, type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** Every IAM grant in the synthesized JSON: type, role, member and the resource fields it targets. */
export function grants(json: Json): { type: string; id: string; role: string; member: string; target: Json }[] {
  const out: { type: string; id: string; role: string; member: string; target: Json }[] = [];
  for (const [type, byId] of Object.entries<Record<string, Json>>(json.resource ?? {})) {
    for (const [id, r] of Object.entries(byId)) {
      if (r.role === undefined) continue;
      const { role, member, ...target } = r;
      out.push({ type, id, role, member, target });
    }
  }
  return out;
}

/** The problems of the ValidationError `fn` throws (fails when it throws nothing or something else). */
export function problemsOf(fn: () => unknown): ValidationProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return [...e.problems];
    throw e;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

/** Asserts `fn` is refused for `prop`, with a rule containing `rule` and, when given, the value received. */
export function expectRefused(fn: () => unknown, prop: string, rule: string | RegExp, ...received: unknown[]): ValidationProblem {
  const problems = problemsOf(fn);
  const match = problems.find((p) => p.prop === prop && (typeof rule === "string" ? p.rule.includes(rule) : rule.test(p.rule)));
  if (!match) {
    throw new Error(`no problem for ${prop} matching ${String(rule)}; got:\n${problems.map((p) => `  ${p.prop}: ${p.rule} (${JSON.stringify(p.received)})`).join("\n")}`);
  }
  if (received.length > 0) expect(match.received).toEqual(received[0]);
  return match;
}
