import { coveredBy } from "../../modules/core/policy/statement-coverage";
import { blocks as blockList, isObject } from "../../modules/core/terraform";
import { policyAttachmentsOf } from "./attachments";
import { diffFacts, type FactChange } from "./fact-diff";
import type { SecurityFact } from "./facts";
import { newFindings, type Finding } from "./findings";
import { diffDeliveryFacts, extractDeliveryFacts, type DeliveryChange } from "./delivery-facts";
import { diffIamStatements, type IamStatementChange } from "./iam-diff";
import { extractIamStatements } from "./iam-statements";
import { stackDiagram, type NodeMark } from "./mermaid";
import { diffStack, type StackDiff } from "./resource-diff";
import { FACT_SECTIONS } from "./sections";
import { addressType, movedIdentity } from "./sections/state";
import { StackView, type MovedTo } from "./stack-view";
import type { SynthOutput } from "./synth-output";

/** A resource moved by a `moved` block of head: from its base address to its head address. */
export interface DeclaredMove {
  readonly stack: string;
  readonly type: string;
  readonly from: { readonly address: string; readonly path: string };
  readonly to: { readonly address: string; readonly path: string };
}

/** Everything the report shows, computed from two synth outputs. */
export interface Review {
  readonly baseLabel: string;
  readonly headLabel: string;
  /** Stack names in the order the apps declare them (head's manifest, then base-only stacks). */
  readonly stackOrder: readonly string[];
  readonly stacks: readonly StackDiff[];
  /** Identity and resource policies (role policies, bucket/queue/repository policies...). */
  readonly iam: readonly IamStatementChange[];
  /** `assume_role_policy`: who may assume each role. */
  readonly trust: readonly IamStatementChange[];
  /** Changes of every other section (`FACT_SECTIONS`), by `fact.section`. */
  readonly facts: readonly FactChange[];
  readonly findings: readonly Finding[];
  readonly moves: readonly DeclaredMove[];
  /** Rollouts (CodeDeploy groups, Cloud Run traffic) and alarms (CloudWatch, Cloud Monitoring) added, removed or changed. */
  readonly delivery: readonly (DeliveryChange & { readonly stack: string })[];
  /** Mermaid diagrams (head side; base side for removed stacks) of the changed resources and their neighbours. */
  readonly diagrams: ReadonlyMap<string, string>;
}

export function buildReview(base: SynthOutput, head: SynthOutput): Review {
  const names = [...head.stacks.keys(), ...[...base.stacks.keys()].filter((n) => !head.stacks.has(n))];
  const stacks: StackDiff[] = [];
  const iam: IamStatementChange[] = [];
  const facts: FactChange[] = [];
  const findings: Finding[] = [];
  const moves: DeclaredMove[] = [];
  const delivery: (DeliveryChange & { stack: string })[] = [];
  const diagrams = new Map<string, string>();

  for (const name of names) {
    const b = base.stacks.get(name);
    const h = head.stacks.get(name);
    const hv = h ? new StackView(h) : undefined;
    const declared = b && hv ? declaredMoves(new StackView(b), hv) : new Map<string, MovedTo>();
    const bv = b ? new StackView(b, declared) : undefined;
    for (const [from, to] of declared) {
      if (bv!.block(from)?.mode === "managed") moves.push({ stack: name, type: bv!.block(from)!.type, from: { address: from, path: bv!.ownPathOf(from) }, to });
    }
    const stackDiff = diffStack(name, bv, hv);
    stacks.push(stackDiff);
    const existsInHead = (address: string) => hv?.has(address) ?? false;
    const baseStatements = bv ? extractIamStatements(bv, policyAttachmentsOf(bv)) : [];
    const headStatements = hv ? extractIamStatements(hv, policyAttachmentsOf(hv)) : [];
    const statementChanges = diffIamStatements(baseStatements, headStatements, existsInHead);
    iam.push(...statementChanges);
    // Attaching a policy of the stack grants its statements: nothing new if the grantee had them all.
    const attachmentCovered = (fact: SecurityFact) => {
      const to = typeof fact.grant?.to === "string" ? fact.grant.to : undefined;
      const granted = headStatements.filter((s) => s.holder.address === fact.policyAddress && s.holder.kind === "identity");
      if (to === undefined || granted.some((s) => s.statement === undefined || s.unknown.length > 0)) return false;
      const pool = baseStatements.filter((s) => s.statement !== undefined && s.unknown.length === 0 && (s.holder.grantees ?? []).includes(to)).map((s) => s.statement!);
      return granted.every((s) => s.statement!.effect === "Deny" || coveredBy(s.statement!, pool));
    };
    const stackFacts = FACT_SECTIONS.flatMap((section) =>
      diffFacts(section, bv ? section.facts(bv) : [], hv ? section.facts(hv) : [], { existsInHead, attachmentCovered }),
    );
    // A declared rename (a `moved` block from a resource of base to an address of the same type) is shown under Declared moves.
    const renames = new Set([...declared].filter(([from, to]) => bv!.block(from)?.mode === "managed" && addressType(from) === addressType(to.address)).map(([from, to]) => movedIdentity(from, to.address)));
    facts.push(...withoutRepeatedUnknowns(stackFacts, statementChanges).filter((c) => !(c.fact.section === "state" && renames.has(c.fact.identity))));
    findings.push(...newFindings(name, b?.annotations ?? [], h?.annotations ?? []));
    delivery.push(...diffDeliveryFacts(bv ? extractDeliveryFacts(bv) : [], hv ? extractDeliveryFacts(hv) : []).map((c) => ({ ...c, stack: name })));
    if (stackDiff.changes.length > 0) {
      const marks = new Map<string, NodeMark>();
      for (const c of stackDiff.changes) {
        if (c.action === "create") marks.set(c.address, "added");
        else if (c.action === "update" || c.action === "move") marks.set(c.address, "changed");
        else if (c.action === "replace") marks.set(c.address, "replaced");
      }
      if (hv) {
        // Destroyed resources are not in head: their neighbours there stand for them.
        const deleted = stackDiff.changes.filter((c) => c.action === "delete").map((c) => c.address);
        diagrams.set(name, stackDiagram(hv, { marks, focus: [...marks.keys(), ...deleted] }));
      } else if (bv) {
        diagrams.set(name, stackDiagram(bv, { focus: stackDiff.changes.map((c) => c.address) }));
      }
    }
  }
  return {
    baseLabel: base.label,
    headLabel: head.label,
    stackOrder: names,
    stacks,
    iam: iam.filter((c) => c.holder.kind !== "trust"),
    trust: iam.filter((c) => c.holder.kind === "trust"),
    facts,
    findings,
    moves,
    delivery,
    diagrams,
  };
}

/**
 * A value the model cannot read that another row of the same block already lists as unknown (a
 * statement with `${var.bucket}` in its resources) is not listed again under "Cannot verify": one
 * row, one acknowledgement.
 */
function withoutRepeatedUnknowns(changes: readonly FactChange[], statements: readonly IamStatementChange[]): FactChange[] {
  const listed = new Set<string>();
  for (const c of statements) if (c.mayBroaden) for (const u of c.unknown) listed.add(JSON.stringify([c.holder.address, u]));
  for (const c of changes) if (c.mayBroaden && c.fact.section !== "cannot-verify") for (const u of c.fact.unknown) listed.add(JSON.stringify([c.fact.address, u]));
  return changes.filter((c) => c.fact.section !== "cannot-verify" || !c.fact.unknown.every((u) => listed.has(JSON.stringify([c.fact.address, u]))));
}

/**
 * Head's `moved` blocks whose source is in base and whose target is in head: base address -> head
 * address and path. The data sources a moved resource reads move with it (Terraform needs no
 * `moved` block for them: they hold no state): where the moved resource's arguments in base and
 * head refer, at the same place, to a data source of the same type found on one side only.
 */
function declaredMoves(base: StackView, head: StackView): Map<string, MovedTo> {
  const out = new Map<string, MovedTo>();
  for (const m of blockList(head.stack.config.moved)) {
    if (typeof m.from !== "string" || typeof m.to !== "string") continue;
    if (base.has(m.from) && head.has(m.to) && !head.has(m.from)) out.set(m.from, { address: m.to, path: head.pathOf(m.to) });
  }
  const pending = [...out];
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    followData(base, head, base.block(from)!.raw, head.block(to.address)!.raw, (oldData, newData) => {
      if (out.has(oldData)) return;
      const moved = { address: newData, path: head.pathOf(newData) };
      out.set(oldData, moved);
      pending.push([oldData, moved]);
    });
  }
  return out;
}

/** Walks two values side by side; where both hold text naming one data source that only its own side has, of the same type, reports the pair. */
function followData(base: StackView, head: StackView, a: unknown, b: unknown, found: (from: string, to: string) => void): void {
  if (typeof a === "string" && typeof b === "string") {
    const olds = base.referencesIn(a).filter((r) => r.startsWith("data.") && !head.has(r));
    const news = head.referencesIn(b).filter((r) => r.startsWith("data.") && !base.has(r));
    if (olds.length === 1 && news.length === 1 && base.block(olds[0])!.typeKey === head.block(news[0])!.typeKey) found(olds[0], news[0]);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    a.forEach((v, i) => followData(base, head, v, b[i], found));
  } else if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) if (k in b) followData(base, head, a[k], b[k], found);
  }
}

/** Resources that Terraform would destroy and re-create: replacements and probable renames. */
export function replacements(review: Review): string[] {
  return review.stacks.flatMap((s) => [
    ...s.changes.filter((c) => c.action === "replace").map((c) => `${s.stack}: ${c.address}`),
    ...s.renames.map((r) => `${s.stack}: ${r.from.address} -> ${r.to.address} (probable rename: ${r.argument} ${r.name}; declare the move)`),
  ]);
}

/** New rule-pack findings at warning level or above. */
export function newWarnings(review: Review): Finding[] {
  return review.findings.filter((f) => f.level !== "@cdktf/info");
}
