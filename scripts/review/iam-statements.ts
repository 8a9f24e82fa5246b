import { catalogEntry, type Grant } from "../../modules/core/catalog";
import { conditionText } from "../../modules/core/policy/conditions";
import { principalTexts, sortedSet, statementKey } from "../../modules/core/policy/statement-coverage";
import { argumentPath, documentStatements, policiesOf, type IamStatement, type PolicyReading } from "../../modules/core/terraform";
import { grantees, type Attachment } from "./attachments";
import { compareText } from "./synth-output";
import type { StackView } from "./stack-view";

/** What a policy is for: what a principal may do, who may assume a role, or who may use a resource. */
export type PolicyKind = "identity" | "trust" | "resource";

/** The catalog's grant kinds whose policies the IAM tables read statement by statement. */
export const STATEMENT_KINDS: readonly Grant["kind"][] = ["identity-policy", "trust-policy", "resource-policy", "policy-document"];

const KIND: Readonly<Record<string, PolicyKind>> = { "identity-policy": "identity", "trust-policy": "trust", "resource-policy": "resource" };

/** A block argument that holds a policy, read through the model (`policiesOf`). */
export interface PolicyHolder {
  readonly stack: string;
  /** Address of the holding block (head's, for a block head moves), or of a document nothing holds. */
  readonly address: string;
  /** `policy`, `assume_role_policy`, `inline_policy[0].policy`; `json` for a document nothing holds. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** `aws_iam_role_policy Hello/ExecutionRole/Policy`: shown. */
  readonly label: string;
  /** Its construct path: shown, and folded into "where". */
  readonly path: string;
  /** The `aws_iam_policy_document` it reads, shown. */
  readonly document?: string;
  /** The role, bucket, queue... it applies to, for comparing (`<aws_iam_role.R>`), and shown. */
  readonly appliesTo?: string;
  readonly appliesToShown?: string;
  /**
   * Identity policies: the roles, users and groups that get its statements (`role <aws_iam_role.R>`),
   * through the policy's own argument or, for a managed policy, every attachment of its ARN.
   */
  readonly grantees?: readonly string[];
}

/** A statement as the report shows it: every list readable (`<aws_s3_bucket Reports>.arn`) and sorted. */
export interface ShownStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `Service:lambda.amazonaws.com`, `AWS:arn:...`, `*`. */
  readonly principals: readonly string[];
  readonly notPrincipals: readonly string[];
  /** `StringEquals aws:SourceAccount = 111111111111`. */
  readonly conditions: readonly string[];
}

/** One statement of one policy, or a part of the policy the model cannot read. */
export interface LocatedStatement {
  readonly holder: PolicyHolder;
  /** Values as the model resolves them, references with head's addresses. */
  readonly statement?: IamStatement;
  /** How it is shown; undefined for what the model cannot read. */
  readonly shown?: ShownStatement;
  /** What the model cannot read instead of statements (`${jsonencode(var.p)}`, a `dynamic` statement over an unknown list), as written. */
  readonly unreadable?: string;
  /** The statement's content (Sid and place left out), or `unreadable:<what>`. */
  readonly key: string;
  /** Expressions in it whose value the JSON does not tell, readable. */
  readonly unknown: readonly string[];
}

/**
 * Every IAM statement of a stack, located on the block argument that holds it: for every block,
 * what the catalog says holds a policy (`policiesOf`: literal JSON, locals, `jsonencode`, policy
 * documents merged by Sid as the provider merges them). A policy document that no policy reads,
 * directly or as a source or override of another, is reported on its own.
 */
export function extractIamStatements(view: StackView, attachments: readonly Attachment[]): LocatedStatement[] {
  const out: LocatedStatement[] = [];
  const used = new Set<string>();
  for (const block of view.blocks) {
    if (block.typeKey === "data.aws_iam_policy_document") continue;
    const grants = catalogEntry(block.typeKey)?.grants ?? [];
    for (const reading of policiesOf(view.model, block.address)) {
      const grant = grants.find((g) => KIND[g.kind] === reading.kind && "policy" in g && g.policy === argumentPath(reading.attribute));
      if (!grant || reading.kind === "document") continue;
      if (reading.document) used.add(reading.document);
      const applies = appliesToOf(block.config, grant);
      const holder: PolicyHolder = {
        stack: view.name,
        address: view.canonical(block.address),
        attribute: reading.attribute,
        kind: reading.kind,
        label: view.describe(block.address),
        path: view.pathOf(block.address),
        document: reading.document ? view.describe(reading.document) : undefined,
        ...(applies !== undefined ? { appliesTo: view.key(applies), appliesToShown: view.text(applies) } : {}),
        grantees: reading.kind === "identity" ? granteesOf(view, block.address, grant, attachments) : undefined,
      };
      out.push(...located(view, holder, reading, view.unknownIn(applies)));
    }
  }
  // A document merged into another (`source_policy_documents`, `override_policy_documents`) is read with it.
  for (const document of view.model.ofType("data.aws_iam_policy_document")) {
    for (const merged of view.model.referencedAddresses([document.raw.source_policy_documents, document.raw.override_policy_documents])) {
      if (merged !== document.address) used.add(merged);
    }
  }
  for (const document of view.model.ofType("data.aws_iam_policy_document")) {
    if (used.has(document.address)) continue;
    const doc = documentStatements(view.model, document.address);
    const trust = doc.statements.length > 0 && doc.statements.every((s) => s.actions.length > 0 && s.actions.every((a) => /^sts:/i.test(a)) && s.principals.length > 0);
    const holder: PolicyHolder = {
      stack: view.name,
      address: view.canonical(document.address),
      attribute: "json",
      kind: trust ? "trust" : "identity",
      label: `${view.describe(document.address)} (not attached by any policy attribute)`,
      path: view.pathOf(document.address),
    };
    out.push(...located(view, holder, { address: document.address, attribute: "json", kind: "document", statements: doc.statements, unreadable: doc.unreadable }, []));
  }
  return out;
}

/** What a policy applies to: the grant's `resource` or `principal` argument (a role's own inline policies: the role). */
function appliesToOf(config: Readonly<Record<string, unknown>>, grant: Grant): unknown {
  if (grant.kind === "resource-policy" && grant.resource) return config[grant.resource];
  if (grant.kind === "identity-policy" && grant.principal && grant.principal.kind !== "self") return config[grant.principal.attribute];
  return undefined;
}

function granteesOf(view: StackView, address: string, grant: Grant, attachments: readonly Attachment[]): string[] {
  if (grant.kind === "identity-policy" && grant.principal) return grantees(view, view.block(address)!, grant).map((g) => g.key);
  const canonical = view.canonical(address);
  return [...new Set(attachments.filter((a) => a.policyAddress === canonical).map((a) => a.to))].sort(compareText);
}

/** The statements of one reading, and one entry per part of it the model cannot read that no statement shows. */
function located(view: StackView, holder: PolicyHolder, reading: PolicyReading, extraUnknown: readonly string[]): LocatedStatement[] {
  const out: LocatedStatement[] = [];
  const shown = new Set<string>();
  for (const raw of reading.statements) {
    const statement = canonicalStatement(view, raw);
    const unknown = [...new Set([...extraUnknown, ...view.unknownIn(statementValues(statement))])].sort(compareText);
    unknown.forEach((u) => shown.add(u));
    out.push({ holder, statement, shown: shownStatement(view, statement), key: statementKey(statement), unknown: unknown.map((u) => view.unknownShown(u)) });
  }
  for (const u of reading.unreadable) {
    if (shown.has(u.what)) continue;
    shown.add(u.what);
    out.push({ holder, unreadable: u.what, key: `unreadable:${u.what}`, unknown: [view.unknownShown(u.what)] });
  }
  return out;
}

function shownStatement(view: StackView, s: IamStatement): ShownStatement {
  const r = (values: readonly string[]) => sortedSet(values.map((v) => view.readable(v)));
  return {
    effect: s.effect,
    actions: r(s.actions),
    notActions: r(s.notActions),
    resources: r(s.resources),
    notResources: r(s.notResources),
    principals: r(principalTexts(s.principals)),
    notPrincipals: r(principalTexts(s.notPrincipals)),
    conditions: r(s.conditions.map(conditionText)),
  };
}

/** Every value of a statement (what it allows, to whom, under which conditions). */
export function statementValues(s: IamStatement): string[] {
  return [
    ...s.actions,
    ...s.notActions,
    ...s.resources,
    ...s.notResources,
    ...s.principals.flatMap((p) => [p.type, ...p.identifiers]),
    ...s.notPrincipals.flatMap((p) => [p.type, ...p.identifiers]),
    ...s.conditions.flatMap((c) => [c.test, c.variable, ...c.values]),
  ];
}

/** A statement with references to blocks that head moves written with head's addresses. */
function canonicalStatement(view: StackView, s: IamStatement): IamStatement {
  const c = (values: readonly string[]) => values.map((v) => view.canonicalValue(v) as string);
  return {
    ...s,
    actions: c(s.actions),
    notActions: c(s.notActions),
    resources: c(s.resources),
    notResources: c(s.notResources),
    principals: s.principals.map((p) => ({ type: p.type, identifiers: c(p.identifiers) })),
    notPrincipals: s.notPrincipals.map((p) => ({ type: p.type, identifiers: c(p.identifiers) })),
    conditions: s.conditions.map((x) => ({ ...x, values: c(x.values) })),
  };
}
