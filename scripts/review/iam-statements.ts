import { asList, asRecord, asStrings, parseSingleReference, type StackIndex, type TfBlock } from "./terraform-json";
import { compareText } from "./synth-output";

/** One IAM policy statement, normalized: sorted, de-duplicated lists; conditions and principals as text. */
export interface IamStatement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `Service:lambda.amazonaws.com`, `AWS:arn:...`, `*`. */
  readonly principals: readonly string[];
  readonly notPrincipals: readonly string[];
  /** `StringEquals aws:SourceAccount = 123456789012` (values sorted, joined with ", "). */
  readonly conditions: readonly string[];
  /** Set when the policy is an expression the review cannot read (e.g. `${jsonencode(...)}`). */
  readonly unreadable?: string;
}

/** What a policy is for: what a principal may do, who may assume a role, or who may use a resource. */
export type PolicyKind = "identity" | "trust" | "resource";

/** A resource attribute that holds a policy, and the document it reads. */
export interface PolicyHolder {
  readonly stack: string;
  /** Address of the holding resource (or of a document that nothing holds). */
  readonly address: string;
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** `aws_iam_role_policy Hello/ExecutionRole/Policy`. */
  readonly label: string;
  /** The `aws_iam_policy_document` it reads, when it reads one. */
  readonly document?: string;
  /** The role, bucket, queue or repository it applies to, readable. */
  readonly appliesTo?: string;
}

export interface LocatedStatement {
  readonly holder: PolicyHolder;
  readonly statement: IamStatement;
}

/** Resource types and attributes that hold an IAM policy (JSON string or policy-document reference). */
export const POLICY_ATTRIBUTES: readonly { type: string; attribute: string; kind: PolicyKind; appliesTo?: string }[] = [
  { type: "aws_iam_role", attribute: "assume_role_policy", kind: "trust" },
  { type: "aws_iam_role", attribute: "inline_policy.policy", kind: "identity" },
  { type: "aws_iam_role_policy", attribute: "policy", kind: "identity", appliesTo: "role" },
  { type: "aws_iam_policy", attribute: "policy", kind: "identity" },
  { type: "aws_iam_user_policy", attribute: "policy", kind: "identity", appliesTo: "user" },
  { type: "aws_iam_group_policy", attribute: "policy", kind: "identity", appliesTo: "group" },
  { type: "aws_s3_bucket_policy", attribute: "policy", kind: "resource", appliesTo: "bucket" },
  { type: "aws_sqs_queue_policy", attribute: "policy", kind: "resource", appliesTo: "queue_url" },
  { type: "aws_sqs_queue", attribute: "policy", kind: "resource" },
  { type: "aws_sns_topic_policy", attribute: "policy", kind: "resource", appliesTo: "arn" },
  { type: "aws_ecr_repository_policy", attribute: "policy", kind: "resource", appliesTo: "repository" },
  { type: "aws_kms_key", attribute: "policy", kind: "resource" },
  { type: "aws_secretsmanager_secret_policy", attribute: "policy", kind: "resource", appliesTo: "secret_arn" },
];

const POLICY_DOCUMENT = "aws_iam_policy_document";

/**
 * Every IAM statement of a stack, located on the resource attribute that holds it. Policy-document
 * references (`${data.aws_iam_policy_document.X.json}`) are resolved to the document's statements,
 * including its `source_policy_documents` / `override_policy_documents`; literal JSON is parsed.
 * Documents that no known attribute uses are reported on their own.
 */
export function extractIamStatements(index: StackIndex): LocatedStatement[] {
  const out: LocatedStatement[] = [];
  const usedDocuments = new Set<string>();
  const stack = index.stack.name;

  for (const spec of POLICY_ATTRIBUTES) {
    for (const block of index.ofType(spec.type)) {
      for (const value of attributeValues(block.config, spec.attribute)) {
        const documentAddress = documentReference(value);
        if (documentAddress) usedDocuments.add(documentAddress);
        const applies = spec.appliesTo ? block.config[spec.appliesTo] : undefined;
        const holder: PolicyHolder = {
          stack,
          address: block.address,
          attribute: spec.attribute,
          kind: spec.kind,
          label: index.describe(block.address),
          document: documentAddress && index.get(documentAddress) ? index.describe(documentAddress) : undefined,
          appliesTo: typeof applies === "string" ? index.readable(applies) : undefined,
        };
        for (const statement of statementsOfPolicyValue(index, value)) out.push({ holder, statement: readableStatement(index, statement) });
      }
    }
  }

  for (const document of index.ofType(POLICY_DOCUMENT, "data")) {
    if (usedDocuments.has(document.address)) continue;
    const holder: PolicyHolder = {
      stack,
      address: document.address,
      attribute: "json",
      kind: looksLikeTrust(document) ? "trust" : "identity",
      label: `${index.describe(document.address)} (not attached by any policy attribute)`,
    };
    for (const statement of documentStatements(index, document, new Set())) out.push({ holder, statement: readableStatement(index, statement) });
  }
  return out;
}

/** References shown as `<type construct/path>.attr` (a one-to-one renaming, so comparisons still hold). */
function readableStatement(index: StackIndex, s: IamStatement): IamStatement {
  const r = (values: readonly string[]) => values.map((v) => index.readable(v));
  return normalize({
    ...s,
    actions: r(s.actions),
    notActions: r(s.notActions),
    resources: r(s.resources),
    notResources: r(s.notResources),
    principals: r(s.principals),
    notPrincipals: r(s.notPrincipals),
    conditions: r(s.conditions),
    ...(s.unreadable !== undefined ? { unreadable: index.readable(s.unreadable) } : {}),
  });
}

/** `inline_policy.policy` -> the `policy` of every `inline_policy` block; `policy` -> the attribute. */
function attributeValues(config: Record<string, unknown>, attribute: string): unknown[] {
  const [head, ...rest] = attribute.split(".");
  const value = config[head];
  if (rest.length === 0) return value === undefined || value === null ? [] : [value];
  return asList(value).flatMap((v) => attributeValues(asRecord(v), rest.join(".")));
}

function documentReference(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{(.*)\}$/s.exec(value.trim());
  const ref = m ? parseSingleReference(m[1].trim()) : undefined;
  return ref && ref.address.startsWith(`data.${POLICY_DOCUMENT}.`) && ref.rest === ".json" ? ref.address : undefined;
}

function statementsOfPolicyValue(index: StackIndex, value: unknown): IamStatement[] {
  const documentAddress = documentReference(value);
  if (documentAddress) {
    const document = index.get(documentAddress);
    return document ? documentStatements(index, document, new Set()) : [unreadable(`${value}`)];
  }
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed.startsWith("{")) {
      try {
        return jsonPolicyStatements(JSON.parse(trimmed));
      } catch {
        return [unreadable(trimmed)];
      }
    }
    return [unreadable(trimmed)];
  }
  if (value && typeof value === "object") return jsonPolicyStatements(value);
  return [];
}

function documentStatements(index: StackIndex, document: TfBlock, seen: Set<string>): IamStatement[] {
  if (seen.has(document.address)) return [];
  seen.add(document.address);
  const included = [...asStrings(document.config.source_policy_documents), ...asStrings(document.config.override_policy_documents)].flatMap((v) => {
    const ref = documentReference(v);
    const other = ref ? index.get(ref) : undefined;
    return other ? documentStatements(index, other, seen) : statementsOfPolicyValue(index, v);
  });
  const own = asList(document.config.statement).map((s) => documentStatement(asRecord(s)));
  return [...included, ...own];
}

/** A `statement` block of `aws_iam_policy_document`. */
export function documentStatement(s: Record<string, unknown>): IamStatement {
  const principals = (key: string) =>
    asList(s[key]).flatMap((p) => {
      const r = asRecord(p);
      return asStrings(r.identifiers).map((id) => principal(String(r.type ?? ""), id));
    });
  return normalize({
    sid: typeof s.sid === "string" && s.sid !== "" ? s.sid : undefined,
    effect: s.effect === "Deny" ? "Deny" : "Allow",
    actions: asStrings(s.actions),
    notActions: asStrings(s.not_actions),
    resources: asStrings(s.resources),
    notResources: asStrings(s.not_resources),
    principals: principals("principals"),
    notPrincipals: principals("not_principals"),
    conditions: asList(s.condition).map((c) => {
      const r = asRecord(c);
      return condition(String(r.test ?? ""), String(r.variable ?? ""), asStrings(r.values));
    }),
  });
}

/** The statements of an IAM JSON policy document. */
export function jsonPolicyStatements(policy: unknown): IamStatement[] {
  return asList(asRecord(policy).Statement).map((raw) => {
    const s = asRecord(raw);
    const principals = (value: unknown): string[] => {
      if (value === "*") return ["*"];
      return Object.entries(asRecord(value)).flatMap(([type, ids]) => asStrings(ids).map((id) => principal(type, id)));
    };
    return normalize({
      sid: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : undefined,
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: asStrings(s.Action),
      notActions: asStrings(s.NotAction),
      resources: asStrings(s.Resource),
      notResources: asStrings(s.NotResource),
      principals: principals(s.Principal),
      notPrincipals: principals(s.NotPrincipal),
      conditions: Object.entries(asRecord(s.Condition)).flatMap(([test, entries]) =>
        Object.entries(asRecord(entries)).map(([variable, values]) => condition(test, variable, asStrings(values))),
      ),
    });
  });
}

function principal(type: string, id: string): string {
  return type === "*" || (type === "AWS" && id === "*") ? "*" : `${type}:${id}`;
}

function condition(test: string, variable: string, values: string[]): string {
  return `${test} ${variable} = ${[...values].sort(compareText).join(", ")}`;
}

function unreadable(expression: string): IamStatement {
  return normalize({ effect: "Allow", actions: [], notActions: [], resources: [], notResources: [], principals: [], notPrincipals: [], conditions: [], unreadable: expression });
}

function normalize(s: IamStatement): IamStatement {
  const set = (v: readonly string[]) => [...new Set(v)].sort(compareText);
  return {
    ...(s.sid ? { sid: s.sid } : {}),
    effect: s.effect,
    actions: set(s.actions),
    notActions: set(s.notActions),
    resources: set(s.resources),
    notResources: set(s.notResources),
    principals: set(s.principals),
    notPrincipals: set(s.notPrincipals),
    conditions: set(s.conditions),
    ...(s.unreadable !== undefined ? { unreadable: s.unreadable } : {}),
  };
}

/** Identity of a statement's content (its Sid excluded: renaming a Sid grants nothing). */
export function statementKey(s: IamStatement): string {
  return JSON.stringify([s.effect, s.actions, s.notActions, s.resources, s.notResources, s.principals, s.notPrincipals, s.conditions, s.unreadable ?? null]);
}

function looksLikeTrust(document: TfBlock): boolean {
  const statements = asList(document.config.statement).map((s) => documentStatement(asRecord(s)));
  return statements.length > 0 && statements.every((s) => s.actions.length > 0 && s.actions.every((a) => /^sts:/i.test(a)) && s.principals.length > 0);
}

/**
 * Whether `wide` allows at least everything `narrow` allows (same effect): its actions, resources
 * and principals cover `narrow`'s (IAM wildcards `*` and `?` honoured) and it has no condition
 * that `narrow` lacks. Unreadable statements cover nothing and are covered by nothing.
 */
export function covers(wide: IamStatement, narrow: IamStatement): boolean {
  if (wide.unreadable !== undefined || narrow.unreadable !== undefined) return false;
  if (wide.effect !== narrow.effect) return false;
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (!sameSet(wide.notActions, narrow.notActions) || !sameSet(wide.notResources, narrow.notResources) || !sameSet(wide.notPrincipals, narrow.notPrincipals)) {
    return false;
  }
  return (
    allCovered(wide.actions, narrow.actions, true) &&
    allCovered(wide.resources, narrow.resources, false) &&
    allCovered(wide.principals, narrow.principals, false) &&
    wide.conditions.every((c) => narrow.conditions.includes(c))
  );
}

function allCovered(patterns: readonly string[], values: readonly string[], ignoreCase: boolean): boolean {
  return values.every((v) => patterns.some((p) => globMatches(p, v, ignoreCase)));
}

/** IAM-style wildcard match: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === value || pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase && pattern.toLowerCase() === value.toLowerCase();
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}
