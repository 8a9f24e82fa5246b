import { make, target, text } from "./fact-helpers";
import type { Grant, SecurityFact } from "./security-facts";
import { compareText } from "./synth-output";
import { asList, asRecord, asStrings, parseSingleReference, type StackIndex, type TfBlock } from "./terraform-json";

const GCP_IAM = /^google_.+_iam_(member|binding|policy)$/;

export interface GcpGrant {
  readonly grant: Extract<Grant, { kind: "gcp" }>;
  readonly member: string;
  readonly fact: SecurityFact;
}

/**
 * Every GCP grant, one per (target, role, member, condition), at every level (project, folder,
 * organization, resource) and in every form: `_iam_member`, `_iam_binding` and `_iam_policy`
 * (its `policy_data` read from a `data.google_iam_policy` or literal JSON).
 */
export function gcpGrants(index: StackIndex): GcpGrant[] {
  const out: GcpGrant[] = [];
  for (const b of index.blocks.filter((x) => x.mode === "resource" && GCP_IAM.test(x.type))) {
    const on = grantTarget(index, b);
    const bindings: { role: unknown; members: string[]; condition: unknown }[] = b.type.endsWith("_iam_policy")
      ? policyBindings(index, b.config.policy_data)
      : [{ role: b.config.role, members: [...asStrings(b.config.member), ...asStrings(b.config.members)], condition: b.config.condition }];
    for (const binding of bindings) {
      const condition = asRecord(asList(binding.condition)[0]);
      const conditionText = Object.keys(condition).length > 0 ? text(index, condition.expression ?? condition.title) : "";
      for (const raw of binding.members.length > 0 ? binding.members : ["(no member)"]) {
        const member = index.readable(raw);
        const grant = { kind: "gcp", target: on, role: text(index, binding.role), member, condition: conditionText } as const;
        const fact = make(index, b, {
          category: "gcp-iam",
          identity: JSON.stringify(grant),
          fields: [
            ["On", on],
            ["Role", grant.role],
            ["Member", member],
            ["Condition", conditionText],
          ],
          members: [member],
          broadensWhenAdded: true,
          grant,
          unknownFrom: [binding.role, raw, targetArguments(b), binding.condition, b.type.endsWith("_iam_policy") ? b.config.policy_data : undefined],
        });
        out.push({ grant, member: raw, fact });
      }
    }
  }
  return out;
}

export function gcpIamGrants(index: StackIndex): SecurityFact[] {
  return gcpGrants(index).map((g) => g.fact);
}

/** The bindings of an `_iam_policy`'s `policy_data`: a `data.google_iam_policy` reference or literal JSON. */
function policyBindings(index: StackIndex, policyData: unknown): { role: unknown; members: string[]; condition: unknown }[] {
  if (typeof policyData === "string") {
    const m = /^\$\{([^{}]*)\}$/.exec(policyData.trim());
    const ref = m ? parseSingleReference(m[1].trim()) : undefined;
    const data = ref && ref.address.startsWith("data.google_iam_policy.") ? index.get(ref.address) : undefined;
    if (data) {
      return asList(data.config.binding).map((raw) => {
        const r = asRecord(raw);
        return { role: r.role, members: asStrings(r.members), condition: r.condition };
      });
    }
    try {
      const parsed = asRecord(JSON.parse(policyData));
      return asList(parsed.bindings).map((raw) => {
        const r = asRecord(raw);
        return { role: r.role, members: asStrings(r.members), condition: r.condition };
      });
    } catch {
      // An expression the review cannot read: one grant whose members are unknown.
      return [{ role: "(unknown)", members: [policyData], condition: undefined }];
    }
  }
  return [];
}

const NOT_TARGET = ["role", "member", "members", "condition", "policy_data", "depends_on", "provider", "lifecycle", "count", "for_each"];

function targetArguments(b: TfBlock): unknown[] {
  return Object.keys(b.config)
    .filter((k) => !NOT_TARGET.includes(k))
    .map((k) => b.config[k]);
}

/** What a GCP grant is on: its type (project, folder, organization, bucket...) and arguments other than role, member(s) and condition. */
function grantTarget(index: StackIndex, b: TfBlock): string {
  const args = Object.keys(b.config)
    .filter((k) => !NOT_TARGET.includes(k))
    .sort(compareText)
    .map((k) => `${k}=${target(index, b.config[k])}`);
  return `${b.type.replace(/^google_/, "").replace(/_iam_(member|binding|policy)$/, "")} ${args.join(", ")}`;
}
