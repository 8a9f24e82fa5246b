import { Token, Tokenization } from "cdktf";

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
   * Object schemas (`modules/core/schema`) call it with their keys.
   */
  onlyKnownKeys(prop: string, value: unknown, known: readonly string[]): this {
    if (value === null || typeof value !== "object" || Array.isArray(value) || isUnresolved(value)) return this;
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.fail(prop ? `${prop}.${key}` : key, `one of the known props (${known.join(", ")})`, "an unknown prop");
    }
    return this;
  }

  /**
   * Checks a prop that must be a list: a string, an object, `null` or a non-finite number is
   * refused as such (a string would otherwise be spread into its characters), then the length and,
   * when given, each item against `item` (`prop[i]`). Returns the list when it is one, so that the
   * caller can look further into its items; undefined when it is absent, unresolved or not a list.
   */
  list<T>(prop: string, value: unknown, options: ListOptions<T>): readonly T[] | undefined {
    if (value === undefined || isUnresolved(value)) return undefined;
    const { min = 0, max } = options;
    const rule = listRule(options);
    if (!Array.isArray(value)) {
      this.fail(prop, rule, value);
      return undefined;
    }
    // An empty list is shown as it is; a long one by its length.
    if (value.length < min || (max !== undefined && value.length > max)) this.fail(prop, rule, value.length === 0 ? value : `${value.length} item${value.length === 1 ? "" : "s"}`);
    if (options.item) value.forEach((item, i) => this.check(`${prop}[${i}]`, item as T, options.item!));
    return value as T[];
  }

  /**
   * Refuses Terraform template syntax (`${...}` interpolations, `%{...}` directives) written as
   * literal text in any string under `value` (keys too): Terraform would evaluate it on the machine
   * that plans (`${file("~/.aws/credentials")}` reads that machine's files into the plan). cdktf
   * tokens (references to other resources) are not literal text and pass. Constructs given as props
   * (a layer, a target function) are not walked.
   */
  noTemplateSyntax(prop: string, value: unknown): this {
    walkStrings(prop, value, new Set(), (at, text) => {
      const found = templateSyntaxIn(text);
      if (!found) return;
      const variable = POLICY_VARIABLE.exec(text);
      if (variable) {
        // IAM policy variables (${aws:username}, ${aws:PrincipalTag/team}) look like interpolations to Terraform.
        this.fail(
          at,
          `text without Terraform template syntax: write the IAM policy variable ${variable[0]} as &{${variable[1]}}, which aws_iam_policy_document turns into ${variable[0]} (Terraform would try to evaluate ${variable[0]})`,
          text,
        );
      } else this.fail(at, `text without Terraform template syntax (${found} would be evaluated by Terraform at plan time)`, text);
    });
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

  /** The number of problems recorded so far (to tell whether one check added any). */
  get size(): number {
    return this.problems.length;
  }

  /** Throws one `ValidationError` listing every recorded problem, if any. */
  throwIfInvalid(): void {
    if (this.problems.length > 0) throw new ValidationError(this.kind, this.problems);
  }
}

/** An IAM policy variable written with `$`: `${aws:username}`, `${s3:prefix}`, `${aws:PrincipalTag/team}`. */
const POLICY_VARIABLE = /\$\{([A-Za-z0-9-]+:[A-Za-z0-9_/.-]+)\}/;

/** Options of `Validator.list`. */
export interface ListOptions<T> {
  /** What the items are, for the message: `"subnet ids"`. */
  readonly of: string;
  /** @default 0 */
  readonly min?: number;
  /** @default no limit */
  readonly max?: number;
  /** A rule each item must meet. @default none */
  readonly item?: Rule<T>;
}

/** What `Validator.list` says a list must be: `a non-empty list of at most 5 layer ARNs`. */
export function listRule(options: Pick<ListOptions<unknown>, "of" | "min" | "max">): string {
  const { min = 0, max, of } = options;
  const bounds =
    max === undefined ? (min > 1 ? `at least ${min} ` : "") : min === max ? `exactly ${min} ` : min > 1 ? `${min} to ${max} ` : `at most ${max} `;
  return `a ${min === 1 && max !== 1 ? "non-empty " : ""}list of ${bounds}${of}`;
}

/**
 * The first Terraform template sequence (`${` or `%{`) in the literal text of `value`, or undefined.
 * Token placeholders cdktf puts in strings are not literal text.
 */
export function templateSyntaxIn(value: string): string | undefined {
  if (typeof value !== "string" || !/[$%]\{/.test(value)) return undefined;
  const literals = Token.isUnresolved(value) ? Tokenization.reverseString(value).literals.map(String) : [value];
  for (const literal of literals) {
    const match = /[$%]\{/.exec(literal);
    if (match) return match[0];
  }
  return undefined;
}

/**
 * Calls `visit` with every string under `value` (not keys) and its dotted prop path, skipping
 * constructs given as props and unresolved tokens that stand for whole objects or lists.
 */
export function forEachString(prop: string, value: unknown, visit: (at: string, text: string) => void): void {
  walkStrings(prop, value, new Set(), (at, text) => {
    if (!at.endsWith(" (key)")) visit(at, text);
  });
}

function walkStrings(at: string, value: unknown, seen: Set<object>, visit: (at: string, text: string) => void): void {
  if (typeof value === "string") {
    visit(at, value);
    return;
  }
  if (value === null || typeof value !== "object" || seen.has(value) || isConstructLike(value) || Token.isUnresolved(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkStrings(`${at}[${i}]`, item, seen, visit));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (templateSyntaxIn(key)) visit(`${here} (key)`, key);
    walkStrings(here, item, seen, visit);
  }
}

function isConstructLike(value: object): boolean {
  const node = (value as { node?: { path?: unknown } }).node;
  return typeof node === "object" && node !== null && typeof node.path === "string";
}

/**
 * What to report as received where a construct was expected: the value itself (a string ARN, a
 * plain object, null), or for an instance of some class its class (`"a LambdaLayer"`), rather than
 * a construct's whole object graph. Never just a type name: `"String"` would hide the value given.
 */
export function receivedInstead(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name && name !== "Object" ? `a ${name}` : value;
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
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    // NaN and Infinity would print as null: name them.
    text = JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
