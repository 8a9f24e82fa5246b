import { diffDeliveryFacts, extractDeliveryFacts, type DeliveryChange } from "./delivery-facts";
import { diffIamStatements, type IamStatementChange } from "./iam-diff";
import { coveredBy, extractIamStatements } from "./iam-statements";
import { stackDiagram, type NodeMark } from "./mermaid";
import { diffStack, type StackDiff } from "./resource-diff";
import { diffSecurityFacts, newFindings, type FactChange, type Finding } from "./security-diff";
import { extractSecurityFacts, type SecurityFact } from "./security-facts";
import type { SynthOutput } from "./synth-output";
import { asList, asRecord, StackIndex } from "./terraform-json";

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
    const hi = h ? new StackIndex(h) : undefined;
    const declared = b && hi ? declaredMoves(new StackIndex(b), hi) : new Map<string, { address: string; path: string }>();
    const bi = b ? new StackIndex(b, declared) : undefined;
    for (const [from, to] of declared) {
      if (!from.startsWith("data.")) moves.push({ stack: name, type: to.address.split(".")[0], from: { address: from, path: bi!.get(from)!.path }, to });
    }
    const stackDiff = diffStack(name, bi, hi);
    stacks.push(stackDiff);
    const existsInHead = (address: string) => hi?.get(address) !== undefined;
    const baseStatements = bi ? extractIamStatements(bi) : [];
    const headStatements = hi ? extractIamStatements(hi) : [];
    iam.push(...diffIamStatements(baseStatements, headStatements, existsInHead));
    // Attaching a policy of the stack grants its statements: nothing new if the grantee had them all.
    const attachmentCovered = (fact: SecurityFact) => {
      const granted = headStatements.filter((s) => s.holder.address === fact.policyAddress && s.holder.attribute === "policy");
      if (fact.grant?.kind !== "attachment" || granted.some((s) => s.unknown.length > 0)) return false;
      const pool = baseStatements.filter((s) => s.unknown.length === 0 && (s.holder.grantees ?? []).includes(fact.grant!.kind === "attachment" ? fact.grant!.to : "")).map((s) => s.statement);
      return granted.every((s) => s.statement.effect === "Deny" || coveredBy(s.statement, pool));
    };
    facts.push(...diffSecurityFacts(bi ? extractSecurityFacts(bi) : [], hi ? extractSecurityFacts(hi) : [], existsInHead, attachmentCovered));
    findings.push(...newFindings(name, b?.annotations ?? [], h?.annotations ?? []));
    delivery.push(...diffDeliveryFacts(bi ? extractDeliveryFacts(bi) : [], hi ? extractDeliveryFacts(hi) : []).map((c) => ({ ...c, stack: name })));
    if (stackDiff.changes.length > 0) {
      const marks = new Map<string, NodeMark>();
      for (const c of stackDiff.changes) {
        if (c.action === "create") marks.set(c.address, "added");
        else if (c.action === "update" || c.action === "move") marks.set(c.address, "changed");
        else if (c.action === "replace") marks.set(c.address, "replaced");
      }
      if (hi) {
        // Destroyed resources are not in head: their neighbours there stand for them.
        const deleted = stackDiff.changes.filter((c) => c.action === "delete").map((c) => c.address);
        diagrams.set(name, stackDiagram(hi, { marks, focus: [...marks.keys(), ...deleted] }));
      } else if (bi) {
        diagrams.set(name, stackDiagram(bi, { focus: stackDiff.changes.map((c) => c.address) }));
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

/** Head's `moved` blocks whose source is in base and whose target is in head: base address -> head address and path. */
function declaredMoves(base: StackIndex, head: StackIndex): Map<string, { address: string; path: string }> {
  const out = new Map<string, { address: string; path: string }>();
  for (const raw of asList(head.stack.config.moved)) {
    const m = asRecord(raw);
    if (typeof m.from !== "string" || typeof m.to !== "string") continue;
    const target = head.get(m.to);
    if (base.get(m.from) && target && !head.get(m.from)) out.set(m.from, { address: m.to, path: target.path });
  }
  // The data sources of a moved construct move with it (same type, path under the new name), though
  // Terraform needs no `moved` block for them: they hold no state and are read again.
  const prefixes = new Map<string, string>();
  for (const [from, to] of out) {
    const a = base.get(from)!.path.split("/");
    const b = to.path.split("/");
    let common = 0;
    while (common < Math.min(a.length, b.length) - 1 && a[a.length - 1 - common] === b[b.length - 1 - common]) common++;
    prefixes.set(a.slice(0, a.length - common).join("/"), b.slice(0, b.length - common).join("/"));
  }
  for (const block of base.blocks.filter((b) => b.mode === "data" && !head.get(b.address))) {
    for (const [oldPrefix, newPrefix] of prefixes) {
      if (!block.path.startsWith(`${oldPrefix}/`)) continue;
      const path = `${newPrefix}${block.path.slice(oldPrefix.length)}`;
      const twin = head.blocks.find((h) => h.mode === "data" && h.type === block.type && h.path === path && !base.get(h.address));
      if (twin) out.set(block.address, { address: twin.address, path });
    }
  }
  return out;
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
