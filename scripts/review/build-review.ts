import { diffIamStatements, type IamStatementChange } from "./iam-diff";
import { extractIamStatements } from "./iam-statements";
import { stackDiagram, type NodeMark } from "./mermaid";
import { diffStack, type StackDiff } from "./resource-diff";
import { diffSecurityFacts, newFindings, type FactChange, type Finding } from "./security-diff";
import { extractSecurityFacts } from "./security-facts";
import { compareText, type SynthOutput } from "./synth-output";
import { StackIndex } from "./terraform-json";

/** Everything the report shows, computed from two synth outputs. */
export interface Review {
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly stacks: readonly StackDiff[];
  /** Identity and resource policies (role policies, bucket/queue/repository policies...). */
  readonly iam: readonly IamStatementChange[];
  /** `assume_role_policy`: who may assume each role. */
  readonly trust: readonly IamStatementChange[];
  readonly facts: readonly FactChange[];
  readonly findings: readonly Finding[];
  /** Mermaid diagrams (head side; base side for removed stacks) of the stacks that changed. */
  readonly diagrams: ReadonlyMap<string, string>;
}

export function buildReview(base: SynthOutput, head: SynthOutput): Review {
  const names = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].sort(compareText);
  const stacks: StackDiff[] = [];
  const iam: IamStatementChange[] = [];
  const facts: FactChange[] = [];
  const findings: Finding[] = [];
  const diagrams = new Map<string, string>();

  for (const name of names) {
    const b = base.stacks.get(name);
    const h = head.stacks.get(name);
    const bi = b ? new StackIndex(b) : undefined;
    const hi = h ? new StackIndex(h) : undefined;
    const stackDiff = diffStack(name, bi, hi);
    stacks.push(stackDiff);
    iam.push(...diffIamStatements(bi ? extractIamStatements(bi) : [], hi ? extractIamStatements(hi) : [], (address) => hi?.get(address) !== undefined));
    facts.push(...diffSecurityFacts(bi ? extractSecurityFacts(bi) : [], hi ? extractSecurityFacts(hi) : []));
    findings.push(...newFindings(name, b?.annotations ?? [], h?.annotations ?? []));
    if (stackDiff.changes.length > 0) {
      const marks = new Map<string, NodeMark>();
      for (const c of stackDiff.changes) {
        if (c.action === "create") marks.set(c.address, "added");
        else if (c.action === "update") marks.set(c.address, "changed");
        else if (c.action === "replace") marks.set(c.address, "replaced");
      }
      const shown = hi ?? bi;
      if (shown) diagrams.set(name, stackDiagram(shown, { marks: hi ? marks : undefined }));
    }
  }
  return {
    baseLabel: base.label,
    headLabel: head.label,
    stacks,
    iam: iam.filter((c) => c.holder.kind !== "trust"),
    trust: iam.filter((c) => c.holder.kind === "trust"),
    facts,
    findings,
    diagrams,
  };
}

/** The changes that widen access; what `--fail-on broadening` counts. */
export function broadeningChanges(review: Review): string[] {
  const out: string[] = [];
  for (const c of [...review.iam, ...review.trust]) {
    if (c.broadening) out.push(`${c.holder.stack}: ${c.change === "+" ? "added" : "removed"} ${c.statement.effect} statement on ${c.holder.label}`);
  }
  for (const c of review.facts) if (c.broadening) out.push(`${c.fact.stack}: ${c.fact.category} ${c.fact.subject}`);
  return out;
}

/** Resources that Terraform would destroy and re-create. */
export function replacements(review: Review): string[] {
  return review.stacks.flatMap((s) => s.changes.filter((c) => c.action === "replace").map((c) => `${s.stack}: ${c.address}`));
}

/** New rule-pack findings at warning level or above. */
export function newWarnings(review: Review): Finding[] {
  return review.findings.filter((f) => f.level !== "@cdktf/info");
}
