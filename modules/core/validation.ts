import { Token } from "cdktf";

/** One refused prop: where, which prop, which rule, and what was received. */
export interface ValidationProblem {
  /** Construct path (e.g. `aws-dev/users-get`) or config source (e.g. `config/dev`). */
  readonly path: string;
  /** Prop name, dotted for nested values (e.g. `vpc.subnetIds[0]`). */
  readonly prop: string;
  /** The rule, phrased as what is expected (e.g. `an integer from 128 to 10240 (MB)`). */
  readonly rule: string;
  /** The value received, as given. */
  readonly received: unknown;
}

/** Thrown at synth when props or config break a rule; lists every problem of one construct. */
export class ValidationError extends Error {
  public readonly problems: readonly ValidationProblem[];

  constructor(kind: string, problems: readonly ValidationProblem[]) {
    const path = problems[0]?.path ?? "?";
    const lines = problems.map((p) => `  - [${p.path}] ${p.prop}: must be ${p.rule}; received ${describe(p.received)}`);
    super(`Invalid ${kind} at ${path} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/** A rule: a predicate over a resolved value and the words that explain it. */
export interface Rule<T> {
  readonly description: string;
  test(value: T): boolean;
}

/**
 * Collects the problems of one construct (or config file) so they are reported together.
 * Values that are unresolved tokens are skipped: they are only known to Terraform.
 */
export class Validator {
  private readonly problems: ValidationProblem[] = [];

  constructor(
    private readonly kind: string,
    private readonly path: string,
  ) {}

  /** Checks `value` against `rule` unless it is undefined or an unresolved token. */
  check<T>(prop: string, value: T | undefined, rule: Rule<T>): this {
    if (value === undefined || isUnresolved(value)) return this;
    if (!rule.test(value)) this.fail(prop, rule.description, value);
    return this;
  }

  /** Fails when `value` is undefined, null or an empty string. */
  required(prop: string, value: unknown): this {
    if (value === undefined || value === null || value === "") this.fail(prop, "set (it is required)", value);
    return this;
  }

  /**
   * Fails for every key of `value` that is not one of `known`: a misspelt or other-cloud prop name
   * (`memory` on a Lambda function, `memorySize` on Cloud Run) would otherwise be dropped silently,
   * since synth does not type-check. `prop` is the object's own name (`""` for the props themselves).
   */
  onlyKnownKeys(prop: string, value: unknown, known: readonly string[]): this {
    if (value === null || typeof value !== "object" || Array.isArray(value) || isUnresolved(value)) return this;
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.fail(prop ? `${prop}.${key}` : key, `one of the known props (${known.join(", ")})`, "an unknown prop");
    }
    return this;
  }

  /** Records a problem found by logic that a single rule cannot express. */
  fail(prop: string, rule: string, received: unknown): this {
    this.problems.push({ path: this.path, prop, rule, received });
    return this;
  }

  /** True when no problem has been recorded so far. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one `ValidationError` listing every recorded problem, if any. */
  throwIfInvalid(): void {
    if (this.problems.length > 0) throw new ValidationError(this.kind, this.problems);
  }
}

/** True for cdktf tokens (references to attributes known only to Terraform). */
export function isUnresolved(value: unknown): boolean {
  // An element of a list token (`Token.asList(...)[0]`) is only recognised inside a list.
  if (typeof value === "string") return Token.isUnresolved(value) || Token.isUnresolved([value]);
  if (typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value);
  return false;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
