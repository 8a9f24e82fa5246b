import { catalogEntry, type Grant } from "../../modules/core/catalog";
import { list, type ModelBlock } from "../../modules/core/terraform";
import type { StackView } from "./stack-view";

/** A managed policy (by ARN) attached to a role, user or group, in whichever form the catalog describes. */
export interface Attachment {
  readonly block: ModelBlock;
  /** `role <aws_iam_role.R>` (address) or `role my-role` (literal): who gets it, for comparing. */
  readonly to: string;
  /** `role <aws_iam_role Hello/ExecutionRole/Role>`: the same, shown. */
  readonly toShown: string;
  readonly toValue: unknown;
  readonly policyArn: unknown;
  /** The ARN for comparing (a policy of the stack by its address). */
  readonly policy: string;
  readonly policyShown: string;
  /** The managed policy of the stack it attaches (`aws_iam_policy.P`, head's address), when it is one. */
  readonly policyAddress?: string;
}

type AttachmentGrant = Extract<Grant, { kind: "policy-attachment" }>;

/** `aws_iam_role` -> `role`: what a block that is itself the principal is called. */
function selfKind(block: ModelBlock): string {
  return /^aws_iam_(role|user|group)$/.exec(block.type)?.[1] ?? block.typeKey;
}

/** A principal by kind and value: for comparing, and shown. */
export function principalOf(view: StackView, kind: string, value: unknown): { key: string; shown: string } {
  return { key: `${kind} ${view.key(value)}`, shown: `${kind} ${view.target(value)}` };
}

/** Who a grant of a block is for: its `principal` argument (or the block itself), else the role, user and group lists among its arguments. */
export function grantees(view: StackView, block: ModelBlock, grant: { readonly principal?: { readonly attribute: string; readonly kind: string }; readonly attributes: readonly string[] }): { key: string; shown: string; value: unknown }[] {
  const c = block.config;
  if (grant.principal?.kind === "self") {
    const value = `\${${block.address}.name}`;
    return [{ ...principalOf(view, selfKind(block), value), value }];
  }
  if (grant.principal) return list(c[grant.principal.attribute]).map((value) => ({ ...principalOf(view, grant.principal!.kind, value), value }));
  // `aws_iam_policy_attachment`: lists of roles, users and groups.
  return grant.attributes
    .map((a) => /^(role|user|group)s$/.exec(a))
    .filter((m): m is RegExpExecArray => m !== null)
    .flatMap((m) => list(c[m[0]]).map((value) => ({ ...principalOf(view, m[1], value), value })));
}

/** The address of a managed policy of the stack that a policy ARN names (a block whose identity policy no principal argument holds). */
function managedPolicyOf(view: StackView, arn: unknown): string | undefined {
  const address = view.namedBlock(arn);
  const b = address ? view.block(address) : undefined;
  const managed = b && catalogEntry(b.typeKey)?.grants?.some((g) => g.kind === "identity-policy" && g.principal === undefined);
  return managed ? view.canonical(address!) : undefined;
}

/** Every attachment of a policy ARN to a role, user or group: one per (principal, ARN), whatever the form. */
export function policyAttachmentsOf(view: StackView): Attachment[] {
  const out: Attachment[] = [];
  for (const block of view.blocks) {
    for (const grant of catalogEntry(block.typeKey)?.grants ?? []) {
      if (grant.kind !== "policy-attachment" || (grant as AttachmentGrant).policy === undefined) continue;
      const arns = list(block.config[(grant as AttachmentGrant).policy!]);
      for (const to of grantees(view, block, grant as AttachmentGrant)) {
        for (const arn of arns) {
          out.push({
            block,
            to: to.key,
            toShown: to.shown,
            toValue: to.value,
            policyArn: arn,
            policy: view.key(arn),
            policyShown: view.target(arn),
            policyAddress: managedPolicyOf(view, arn),
          });
        }
      }
    }
  }
  return out;
}
