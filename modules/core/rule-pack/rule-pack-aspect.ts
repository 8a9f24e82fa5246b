import { App, Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { Validator } from "../validation";
import { SECURE_BY_DEFAULT } from "./packs";
import { ruleContext, synthesizedResources } from "./resources";
import { formatFinding, typeKey, type Rule, type SynthesizedResource } from "./rule";
import { RULE_PACK_OPTIONS, type RulePackOptions } from "./rule-pack-options";
import { attachedSuppressions, pathMatches, validateSuppressions, type Suppression } from "./suppression";

/** `error` fails synth before the stack is written; `warn` writes it with warnings. */
export type Severity = "error" | "warn";

export type { RulePackOptions } from "./rule-pack-options";

/** One finding of one rule on one resource. */
export interface Finding {
  readonly ruleId: string;
  /** Construct path of the resource, e.g. `aws-prod/Hello/Function`. */
  readonly path: string;
  /** Terraform address, e.g. `aws_lambda_function.Hello_Function_1A2B3C4D`. */
  readonly address: string;
  /** `[<rule-id>] <title>: <detail> (checkov <ids>; trivy <ids>)` */
  readonly message: string;
}

/** A finding that a suppression accepted. */
export interface SuppressedFinding extends Finding {
  readonly reason: string;
  /** Where the suppression was given: `suppressions[<i>]` or the construct `suppressRule` was called on. */
  readonly suppressedBy: string;
}

/** What the pack found in one stack. */
export interface RulePackReport {
  readonly stack: string;
  readonly environment: string;
  readonly severity: Severity;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** What fails synth: findings at severity `error`, unknown rules and unused suppressions. */
  readonly errors: readonly string[];
}

/** Annotation types cdktf collects into the manifest (and the CLI prints). */
const ANNOTATION = { info: "@cdktf/info", warn: "@cdktf/warn", error: "@cdktf/error" } as const;

/** The default severity of an environment: only `dev` merely warns. */
export function defaultSeverity(environment: string): Severity {
  return environment === "dev" ? "warn" : "error";
}

/** Marks a RulePack among a stack's aspects; scripts/run-app.js looks for it on every stack at synth. */
export const RULE_PACK_MARKER = Symbol.for("cdktf-serverless/rule-pack");

/**
 * The secure-by-default rule pack as a cdktf Aspect. Add it to a stack (cdktf ignores aspects added
 * to the App). When cdktf invokes aspects at synth, the pack only registers a validation on the
 * stack; cdktf runs validations after every aspect of the stack has run and before it writes
 * anything, so the pack reads the stack's final configuration (whatever aspects added after it,
 * or on constructs below it, changed). The validation renders the stack once, runs every rule on
 * every resource, and then:
 * - records each finding as a `@cdktf/warn` or `@cdktf/error` annotation on the resource (no stack
 *   trace, so the manifest stays the same on every machine);
 * - records each suppressed finding as a `@cdktf/info` annotation and prints the list to stderr;
 * - returns the errors: at severity `error` a finding fails synth before `cdktf.out/stacks/<stack>`
 *   is created.
 */
export class RulePack implements IAspect {
  public readonly [RULE_PACK_MARKER] = true;
  public readonly environment: string;
  public readonly severity: Severity;
  public readonly rules: readonly Rule[];
  public readonly suppressions: readonly Suppression[];
  private readonly log: (line: string) => void;
  private readonly reports = new Map<TerraformStack, RulePackReport>();
  private readonly scheduled = new Set<TerraformStack>();

  constructor(options: RulePackOptions) {
    RULE_PACK_OPTIONS.validateAt("RulePack", options);
    const rules = options.rules ?? SECURE_BY_DEFAULT;
    const ids = new Set(rules.map((r) => r.id));
    validateSuppressions("RulePack", options.suppressions, ids, new Set(rules.filter((r) => r.suppressible === false).map((r) => r.id)));

    this.environment = options.environment;
    this.severity = options.severity ?? defaultSeverity(options.environment);
    this.rules = [...rules];
    this.suppressions = [...(options.suppressions ?? [])];
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  public visit(node: IConstruct): void {
    // The first node visited in a stack is where the pack was added: it checks that subtree, once,
    // when cdktf validates the stack (after all aspects).
    const stack = TerraformStack.of(node);
    if (this.scheduled.has(stack)) return;
    this.scheduled.add(stack);
    if (App.of(stack).skipValidation) {
      new Validator("RulePack", stack.node.path)
        .fail("App skipValidation", "false: the rule pack runs as a stack validation, and skipping it would skip every rule", true)
        .throwIfInvalid();
    }
    stack.node.addValidation({ validate: () => [...this.evaluate(stack, node, true).errors] });
  }

  /** The report of a stack, once the pack has run on it (at synth, or through `evaluate`). */
  public reportOf(stack: TerraformStack): RulePackReport | undefined {
    return this.reports.get(stack);
  }

  /**
   * Runs the pack on a stack (or on the subtree `scope` of it) as it stands now and records its
   * annotations; the stack validation the aspect registers calls it at synth. Runs once per stack:
   * later calls return the report. `finalRendering` (the validation's call) hands the rendering on
   * to cdktf's writer, which comes next with nothing in between that changes the configuration.
   */
  public evaluate(stack: TerraformStack, scope: IConstruct = stack, finalRendering = false): RulePackReport {
    const existing = this.reports.get(stack);
    if (existing) return existing;

    const resources = synthesizedResources(stack, finalRendering);
    const context = ruleContext(this.environment, resources);
    const inScope = scope === stack ? resources : resources.filter((r) => r.path === scope.node.path || r.path.startsWith(`${scope.node.path}/`));
    const ruleIds = new Set(this.rules.map((r) => r.id));
    const listed = this.suppressions.map((s, i) => ({ ...s, where: `suppressions[${i}]`, used: false }));
    const attached = collectAttached(scope).map((s) => ({ ...s, where: s.scope.node.path, used: false }));

    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const errors: string[] = [];

    for (const resource of inScope) {
      for (const rule of this.rules) {
        if (!typesOf(rule).has(typeKey(resource))) continue;
        const detail = runRule(rule, resource, context);
        if (detail === undefined) continue;
        const finding: Finding = { ruleId: rule.id, path: resource.path, address: resource.address, message: formatFinding(rule, detail) };
        const matching = [
          ...attached.filter((s) => s.ruleId === rule.id && isWithin(resource.path, s.scope.node.path)),
          ...listed.filter((s) => s.ruleId === rule.id && pathMatches(s.path, resource.stackPath)),
        ];
        if (matching.length > 0 && rule.suppressible === false) {
          // Refused when given; a custom pack's rule may still meet a suppression attached earlier.
          matching.forEach((s) => (s.used = true));
          errors.push(`[${rule.id}] cannot be suppressed: ${matching.map((s) => s.where).join(", ")} tries to; fix the finding instead`);
        }
        if (matching.length > 0 && rule.suppressible !== false) {
          matching.forEach((s) => (s.used = true));
          const by = matching[0];
          suppressed.push({ ...finding, reason: by.reason, suppressedBy: by.where });
          resource.construct.node.addMetadata(ANNOTATION.info, `[${rule.id}] suppressed at ${resource.path}: ${by.reason}`, { stackTrace: false });
          continue;
        }
        findings.push(finding);
        resource.construct.node.addMetadata(ANNOTATION[this.severity], finding.message, { stackTrace: false });
        if (this.severity === "error") errors.push(explainError(finding, resource, stack));
      }
    }

    for (const s of attached) {
      if (!ruleIds.has(s.ruleId)) {
        errors.push(`[${s.ruleId}] unknown rule: suppressRule at ${s.where} names a rule that is not in the pack of ${stack.node.path}; known rules: ${[...ruleIds].sort().join(", ")}`);
      } else if (!s.used) {
        errors.push(`[${s.ruleId}] unused suppression: suppressRule at ${s.where} matches no finding; remove it (stale suppressions hide future findings)`);
      }
    }
    for (const s of listed) {
      if (!s.used) {
        errors.push(
          `[${s.ruleId}] unused suppression: ${s.where} (path ${s.path === undefined ? "<whole stack>" : JSON.stringify(s.path)}) matches no finding in ${stack.node.path}; remove it (stale suppressions hide future findings)`,
        );
      }
    }

    const report: RulePackReport = { stack: stack.node.path, environment: this.environment, severity: this.severity, findings, suppressed, errors };
    this.reports.set(stack, report);
    for (const s of suppressed) this.log(`rule pack ${stack.node.path}: [${s.ruleId}] suppressed at ${s.path}: ${s.reason}`);
    return report;
  }
}

/** Adds the pack to a stack: `applyRulePack(stack, { environment: "prod", suppressions: [...] })`. */
export function applyRulePack(stack: TerraformStack, options: RulePackOptions): RulePack {
  if (!TerraformStack.isStack(stack)) {
    new Validator("applyRulePack", String((stack as IConstruct | undefined)?.node?.path ?? stack))
      .fail("stack", "a TerraformStack (cdktf does not run aspects added to the App)", (stack as IConstruct | undefined)?.node?.path)
      .throwIfInvalid();
  }
  if (Aspects.of(stack).all.some((a) => a instanceof RulePack)) {
    new Validator("applyRulePack", stack.node.path).fail("stack", "a stack without a rule pack (one pack per stack)", stack.node.path).throwIfInvalid();
  }
  const pack = new RulePack(options);
  Aspects.of(stack).add(pack);
  return pack;
}

const ruleTypes = new WeakMap<Rule, ReadonlySet<string>>();
/** A rule's `appliesTo` as a set: some rules apply to hundreds of types (every GCP IAM resource). */
function typesOf(rule: Rule): ReadonlySet<string> {
  let types = ruleTypes.get(rule);
  if (!types) ruleTypes.set(rule, (types = new Set(rule.appliesTo)));
  return types;
}

function runRule(rule: Rule, resource: SynthesizedResource, context: ReturnType<typeof ruleContext>): string | undefined {
  try {
    return rule.check(resource, context);
  } catch (e) {
    throw new Error(`Rule ${rule.id} failed on ${resource.path} (${resource.address}): ${(e as Error).message}`);
  }
}

function collectAttached(scope: IConstruct) {
  // Ancestors of the scope count too: a suppression on the stack covers everything in it.
  const nodes = [...scope.node.scopes.slice(0, -1), ...scope.node.findAll()];
  return nodes.flatMap((n) => attachedSuppressions(n));
}

function isWithin(path: string, ancestor: string): boolean {
  return ancestor === "" || path === ancestor || path.startsWith(`${ancestor}/`);
}

function explainError(finding: Finding, resource: SynthesizedResource, stack: TerraformStack): string {
  return (
    `${finding.message} at ${resource.path} (${resource.address}). ` +
    `Fix it, or accept it with a written reason: add { ruleId: "${finding.ruleId}", path: "${resource.stackPath}", reason: "..." } ` +
    `to the suppressions of the rule pack of ${stack.node.path}, or call suppressRule(<construct>, "${finding.ruleId}", "...")`
  );
}
