import { conditionsCover, conditionText, mergeConditions, type ConditionBlock } from "./conditions";
import { policyAttachmentsOf, principalName } from "./security-facts";
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
  /** The same conditions, structured, duplicates of one operator and key merged (see `mergeConditions`). */
  readonly conditionBlocks?: readonly ConditionBlock[];
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
  /**
   * For identity policies: the roles, users and groups that get its statements (`role <aws_iam_role R>`),
   * through the policy's own attribute or, for an `aws_iam_policy`, every attachment of its ARN.
   */
  readonly grantees?: readonly string[];
}

export interface LocatedStatement {
  readonly holder: PolicyHolder;
  readonly statement: IamStatement;
  /** `${...}` expressions in the statement whose value the JSON does not tell (variables, locals, functions). */
  readonly unknown: readonly string[];
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
  { type: "aws_kms_key_policy", attribute: "policy", kind: "resource", appliesTo: "key_id" },
  { type: "aws_secretsmanager_secret_policy", attribute: "policy", kind: "resource", appliesTo: "secret_arn" },
  { type: "aws_secretsmanager_secret", attribute: "policy", kind: "resource" },
  { type: "aws_sns_topic", attribute: "policy", kind: "resource" },
  { type: "aws_s3_bucket", attribute: "policy", kind: "resource" },
  { type: "aws_ecr_registry_policy", attribute: "policy", kind: "resource" },
  { type: "aws_api_gateway_rest_api_policy", attribute: "policy", kind: "resource", appliesTo: "rest_api_id" },
  { type: "aws_cloudwatch_log_resource_policy", attribute: "policy_document", kind: "resource" },
  { type: "aws_lambda_layer_version_permission", attribute: "policy", kind: "resource" },
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
  const attachments = policyAttachmentsOf(index);
  const grantees = (block: TfBlock, spec: (typeof POLICY_ATTRIBUTES)[number]): string[] | undefined => {
    if (spec.kind !== "identity") return undefined;
    if (block.type === "aws_iam_role") return [principalName(index, "role", `\${${block.address}.name}`)];
    if (spec.appliesTo) return [principalName(index, spec.appliesTo, block.config[spec.appliesTo])];
    if (block.type === "aws_iam_policy") {
      return attachments
        .filter((a) => {
          const m = typeof a.policyArn === "string" ? /^\$\{([^{}]*)\}$/.exec(a.policyArn.trim()) : null;
          return m !== null && parseSingleReference(m[1].trim())?.address === block.address;
        })
        .map((a) => a.to);
    }
    return undefined;
  };

  for (const spec of POLICY_ATTRIBUTES) {
    for (const block of index.ofType(spec.type)) {
      for (const value of attributeValues(block.config, spec.attribute)) {
        const documentAddress = documentReference(value);
        if (documentAddress) usedDocuments.add(documentAddress);
        const applies = spec.appliesTo ? block.config[spec.appliesTo] : undefined;
        const holder: PolicyHolder = {
          stack,
          address: index.canonical(block.address),
          attribute: spec.attribute,
          kind: spec.kind,
          label: index.describe(block.address),
          document: documentAddress && index.get(documentAddress) ? index.describe(documentAddress) : undefined,
          appliesTo: applies !== undefined ? index.readable(typeof applies === "string" ? applies : JSON.stringify(applies)) : undefined,
          grantees: grantees(block, spec),
        };
        const appliesUnknown = index.unknownIn(applies);
        for (const statement of statementsOfPolicyValue(index, value)) out.push(located(index, holder, statement, appliesUnknown));
      }
    }
  }

  for (const document of index.ofType(POLICY_DOCUMENT, "data")) {
    if (usedDocuments.has(document.address)) continue;
    const holder: PolicyHolder = {
      stack,
      address: index.canonical(document.address),
      attribute: "json",
      kind: looksLikeTrust(document) ? "trust" : "identity",
      label: `${index.describe(document.address)} (not attached by any policy attribute)`,
    };
    for (const statement of documentStatements(index, document, new Set())) out.push(located(index, holder, statement, []));
  }
  return out;
}

function located(index: StackIndex, holder: PolicyHolder, statement: IamStatement, extraUnknown: readonly string[]): LocatedStatement {
  const raw = [statement.actions, statement.notActions, statement.resources, statement.notResources, statement.principals, statement.notPrincipals, statement.conditions];
  const unknown = [...new Set([...extraUnknown, ...index.unknownIn(raw), ...(statement.unreadable !== undefined ? [statement.unreadable] : [])])].sort(compareText);
  return { holder, statement: readableStatement(index, statement), unknown: unknown.map((u) => index.readable(u)) };
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
    conditionBlocks: (s.conditionBlocks ?? []).map((c) => ({ test: c.test, variable: c.variable, values: r(c.values) })),
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
    ...conditionFields(
      asList(s.condition).map((c) => {
        const r = asRecord(c);
        return { test: String(r.test ?? ""), variable: String(r.variable ?? ""), values: asStrings(r.values) };
      }),
    ),
  });
}

/** Both condition fields of a statement from its blocks, merged as the provider and AWS do. */
function conditionFields(blocks: readonly ConditionBlock[]): Pick<IamStatement, "conditions" | "conditionBlocks"> {
  const merged = mergeConditions(blocks);
  return { conditions: merged.map(conditionText), conditionBlocks: merged };
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
      ...conditionFields(
        Object.entries(asRecord(s.Condition)).flatMap(([test, entries]) =>
          Object.entries(asRecord(entries)).map(([variable, values]) => ({ test, variable, values: asStrings(values) })),
        ),
      ),
    });
  });
}

function principal(type: string, id: string): string {
  return type === "*" || (type === "AWS" && id === "*") ? "*" : `${type}:${id}`;
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
    ...(s.conditionBlocks !== undefined ? { conditionBlocks: mergeConditions(s.conditionBlocks) } : {}),
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

/** Whether `wide` alone allows at least everything `narrow` allows (see `coveredBy`). */
export function covers(wide: IamStatement, narrow: IamStatement): boolean {
  return coveredBy(narrow, [wide]);
}

/**
 * Whether the statements `wides` together allow at least everything `narrow` allows (same
 * effect): every (action, resource, principal) of `narrow` is allowed by one statement of `wides`
 * (IAM wildcards `*` and `?` honoured) whose conditions hold whenever `narrow`'s hold (see
 * `conditionsCover`) and whose `Not*` lists are the same. So a statement split in two, or two
 * merged into one, is no broadening. Unreadable statements cover nothing and are covered by nothing.
 */
export function coveredBy(narrow: IamStatement, wides: readonly IamStatement[]): boolean {
  if (narrow.unreadable !== undefined) return false;
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  const candidates = wides.filter(
    (w) =>
      w.unreadable === undefined &&
      w.effect === narrow.effect &&
      sameSet(w.notActions, narrow.notActions) &&
      sameSet(w.notResources, narrow.notResources) &&
      sameSet(w.notPrincipals, narrow.notPrincipals) &&
      conditionsCover(blocksOf(w), blocksOf(narrow)),
  );
  const each = (values: readonly string[]) => (values.length > 0 ? values : [undefined]);
  const allows = (patterns: readonly string[], value: string | undefined, ignoreCase: boolean) =>
    value === undefined ? patterns.length === 0 : patterns.some((p) => globMatches(p, value, ignoreCase));
  for (const action of each(narrow.actions)) {
    for (const resource of each(narrow.resources)) {
      for (const principal of each(narrow.principals)) {
        const ok = candidates.some((c) => allows(c.actions, action, true) && allows(c.resources, resource, false) && (allows(c.principals, principal, false) || accountCovers(c.principals, principal)));
        if (!ok) return false;
      }
    }
  }
  return true;
}

/**
 * An account principal (`AWS:123456789012` or `AWS:arn:aws:iam::123456789012:root`) lets the
 * account's own IAM decide: it covers every role, user and session of that account.
 */
function accountCovers(patterns: readonly string[], principal: string | undefined): boolean {
  const m = principal === undefined ? null : /^AWS:arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  if (!m) return false;
  return patterns.some((p) => p === `AWS:${m[1]}` || new RegExp(`^AWS:arn:aws[\\w-]*:iam::${m[1]}:root$`).test(p));
}

/** Structured conditions; statements built by hand (tests) may only have the text form. */
function blocksOf(s: IamStatement): readonly ConditionBlock[] {
  if (s.conditionBlocks) return s.conditionBlocks;
  return s.conditions.map((text) => {
    const m = /^(\S+) (\S+) = (.*)$/s.exec(text);
    return m ? { test: m[1], variable: m[2], values: m[3].split(", ") } : { test: text, variable: "", values: [] };
  });
}

/** IAM-style wildcard match: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === value || pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase && pattern.toLowerCase() === value.toLowerCase();
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}
