import { App, Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { environmentsOfAwsAccount, environmentTraits, strictestTraits, type EnvironmentTraits } from "../environment-traits";
import { onFinalModel, stackModel, type StackModel } from "../terraform/stack";
import { Validator } from "../validation";
import { SECURE_BY_DEFAULT } from "./packs";
import { resourcesOf, ruleContext } from "./resources";
import { awsProviderAccounts } from "./rules/aws/aws-providers";
import { formatFinding, typeKey, type Rule, type SynthesizedResource } from "./rule";
import { isSuppressible } from "./rule-guards";
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

/** The default severity of an environment: the `rulePackSeverity` its config declares (`error` when undeclared). */
export function defaultSeverity(environment: string): Severity {
  return environmentTraits(environment).rulePackSeverity;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { warn: 1, error: 2 };

/** Marks a RulePack among a stack's aspects; scripts/run-app.js looks for it on every stack at synth. */
export const RULE_PACK_MARKER = Symbol.for("cdktf-serverless/rule-pack");

/**
 * The secure-by-default rule pack as a cdktf Aspect. Add it to a stack (cdktf ignores aspects added
 * to the App). When cdktf invokes aspects at synth, the pack only registers a check of the stack's
 * final rendering (`onFinalModel`): it runs after every aspect and every validation of the stack
 * (those added after the pack, on constructs below it, or validations that change the stack) and
 * before cdktf writes anything, and cdktf then writes that very rendering. The check models the
 * stack once (modules/core/terraform), runs every rule on every block, and then:
 * - records each finding as a `@cdktf/warn` or `@cdktf/error` annotation on the resource (no stack
 *   trace, so the manifest stays the same on every machine);
 * - records each suppressed finding as a `@cdktf/info` annotation and prints the list to stderr;
 * - returns the errors: at severity `error` a finding fails synth before `cdktf.out/stacks/<stack>`
 *   is created.
 */
export class RulePack implements IAspect {
  public readonly [RULE_PACK_MARKER] = true;
  public readonly environment: string;
  /** The environment's traits as config declares them (the strictest when undeclared). */
  public readonly traits: EnvironmentTraits;
  public readonly severity: Severity;
  public readonly rules: readonly Rule[];
  public readonly suppressions: readonly Suppression[];
  private readonly log: (line: string) => void;
  private readonly reports = new Map<TerraformStack, RulePackReport>();
  private readonly scheduled = new Set<TerraformStack>();

  constructor(options: RulePackOptions) {
    // The shape (a misspelt option, a rule without an id) is the options schema's; what follows is the pack's.
    RULE_PACK_OPTIONS.validateAt("RulePack", options);
    const v = new Validator("RulePack options", "RulePack");
    const traits = environmentTraits(options.environment);
    if (options.severity !== undefined && SEVERITY_RANK[options.severity] < SEVERITY_RANK[traits.rulePackSeverity]) {
      v.fail(
        "severity",
        `"${traits.rulePackSeverity}" or stricter: environment ${JSON.stringify(options.environment)} declares rulePackSeverity "${traits.rulePackSeverity}" (its config; an undeclared environment is "error"), and a pack may raise it, not lower it`,
        options.severity,
      );
    }
    const rules: Rule[] = [...SECURE_BY_DEFAULT];
    const ids = new Set(rules.map((r) => r.id));
    (options.rules ?? []).forEach((rule, i) => {
      if (rules.includes(rule)) return; // a default rule listed again: it runs once
      if (ids.has(rule.id)) v.fail(`rules[${i}].id`, "a new id (a pack adds rules; it cannot replace a default one)", rule.id);
      else {
        ids.add(rule.id);
        rules.push(rule);
      }
    });
    v.throwIfInvalid();
    validateSuppressions("RulePack", options.suppressions, ids, new Set(rules.filter((r) => !isSuppressible(r)).map((r) => r.id)));

    this.environment = options.environment;
    this.traits = traits;
    this.severity = options.severity ?? traits.rulePackSeverity;
    this.rules = rules;
    this.suppressions = [...(options.suppressions ?? [])];
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  public visit(node: IConstruct): void {
    // The first node visited in a stack is where the pack was added: it checks that subtree, once,
    // on the stack's final rendering (after every aspect and validation).
    const stack = TerraformStack.of(node);
    if (this.scheduled.has(stack)) return;
    this.scheduled.add(stack);
    if (App.of(stack).skipValidation) {
      new Validator("RulePack", stack.node.path)
        .fail("App skipValidation", "false: the rule pack runs as a stack validation, and skipping it would skip every rule", true)
        .throwIfInvalid();
    }
    onFinalModel(stack, (final) => this.evaluateModel(final, node).errors);
  }

  private readonly byType = new Map<string, readonly Rule[]>();

  /** The rules that apply to a type key, in pack order (found once per type). */
  private rulesFor(key: string): readonly Rule[] {
    let rules = this.byType.get(key);
    if (!rules) {
      rules = this.rules.filter((rule) => typesOf(rule).has(key) || typesOf(rule).has("*"));
      this.byType.set(key, rules);
    }
    return rules;
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
    return this.evaluateModel(stackModel(stack, finalRendering), scope);
  }

  /**
   * The traits and severity for a stack: the pack's, made as strict as those of every environment
   * whose config declares an account the stack's AWS provider applies in (`allowed_account_ids`, the
   * account of an assumed role). A pack declared for `dev` on a stack that targets prod's account
   * judges it as prod.
   */
  private targetedTraits(sm: StackModel): { traits: EnvironmentTraits; severity: Severity; why?: string } {
    const targeted = awsProviderAccounts(sm.model).flatMap((account) => environmentsOfAwsAccount(account).map((env) => ({ account, env })));
    const others = targeted.filter((t) => t.env !== this.environment);
    if (others.length === 0) return { traits: this.traits, severity: this.severity };
    const traits = strictestTraits(this.traits, ...others.map((t) => environmentTraits(t.env)));
    const severity: Severity = SEVERITY_RANK[traits.rulePackSeverity] > SEVERITY_RANK[this.severity] ? traits.rulePackSeverity : this.severity;
    const stricter = traits.protected !== this.traits.protected || severity !== this.severity;
    const why = stricter
      ? `environment ${JSON.stringify(this.environment)}, but its AWS provider applies in ${others.map((t) => `account ${t.account} of ${JSON.stringify(t.env)}`).join(", ")}: judged with the strictest of their traits (protected ${traits.protected}, severity ${severity})`
      : undefined;
    return { traits, severity, why };
  }

  /** Runs the pack on a stack's model (see `evaluate`); once per stack. */
  public evaluateModel(sm: StackModel, scope: IConstruct = sm.stack): RulePackReport {
    const stack = sm.stack;
    const existing = this.reports.get(stack);
    if (existing) return existing;

    const resources = resourcesOf(sm);
    const { traits, severity, why } = this.targetedTraits(sm);
    if (why) this.log(`rule pack ${stack.node.path}: ${why}`);
    const context = ruleContext(this.environment, resources, sm.model, traits);
    const inScope = scope === stack ? resources : resources.filter((r) => r.construct !== stack && (r.path === scope.node.path || r.path.startsWith(`${scope.node.path}/`)));
    const ruleIds = new Set(this.rules.map((r) => r.id));
    const listed = this.suppressions.map((s, i) => ({ ...s, where: `suppressions[${i}]`, used: false }));
    const attached = collectAttached(scope).map((s) => ({ ...s, where: s.scope.node.path, used: false }));

    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const errors: string[] = [];

    for (const resource of inScope) {
      for (const rule of this.rulesFor(typeKey(resource))) {
        const detail = runRule(rule, resource, context);
        if (detail === undefined) continue;
        const finding: Finding = { ruleId: rule.id, path: resource.path, address: resource.address, message: formatFinding(rule, detail) };
        const matching = [
          ...attached.filter((s) => s.ruleId === rule.id && isWithin(resource.path, s.scope.node.path)),
          ...listed.filter((s) => s.ruleId === rule.id && pathMatches(s.path, resource.stackPath)),
        ];
        const suppressible = isSuppressible(rule);
        if (matching.length > 0 && !suppressible) {
          // Refused when given; a custom pack's rule may still meet a suppression attached earlier.
          matching.forEach((s) => (s.used = true));
          errors.push(`[${rule.id}] cannot be suppressed: ${matching.map((s) => s.where).join(", ")} tries to; fix the finding instead`);
        }
        if (matching.length > 0 && suppressible) {
          matching.forEach((s) => (s.used = true));
          const by = matching[0];
          suppressed.push({ ...finding, reason: by.reason, suppressedBy: by.where });
          resource.construct.node.addMetadata(ANNOTATION.info, `[${rule.id}] suppressed at ${resource.path}: ${by.reason}`, { stackTrace: false });
          continue;
        }
        findings.push(finding);
        resource.construct.node.addMetadata(ANNOTATION[severity], finding.message, { stackTrace: false });
        if (severity === "error") errors.push(explainError(finding, resource, stack, rule));
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

    const report: RulePackReport = { stack: stack.node.path, environment: this.environment, severity, findings, suppressed, errors };
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

function explainError(finding: Finding, resource: SynthesizedResource, stack: TerraformStack, rule: Rule): string {
  if (!isSuppressible(rule)) return `${finding.message} at ${resource.path} (${resource.address}). It cannot be suppressed: fix it`;
  return (
    `${finding.message} at ${resource.path} (${resource.address}). ` +
    `Fix it, or accept it with a written reason: add { ruleId: "${finding.ruleId}", path: "${resource.stackPath}", reason: "..." } ` +
    `to the suppressions of the rule pack of ${stack.node.path}, or call suppressRule(<construct>, "${finding.ruleId}", "...")`
  );
}
