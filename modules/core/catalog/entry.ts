import type { Config } from "../terraform/blocks";

/**
 * What the house knows about one Terraform resource or data source type: one `CatalogEntry` per
 * file under `modules/core/catalog/aws/` or `gcp/` (`aws-iam-role.ts` for `aws_iam_role`,
 * `data-aws-iam-policy-document.ts` for the data source). Tools ask the catalog, never a table of
 * their own: the rule pack (what a type grants or exposes, whether it is known at all), the
 * account-global-name check, the review (arguments that force replacement) and the local runner
 * (ARNs and, through `local`, how a type is emulated). A type the catalog does not know is a
 * finding of the rule pack ("cannot verify"), never a pass.
 */
export interface CatalogEntry {
  /** The Terraform type; `data.<type>` for a data source. */
  readonly type: string;
  /**
   * The ARN (AWS) or full resource name (GCP) of a block of this type, from its resolved arguments
   * and the stack's provider facts; undefined when an argument it needs is not literal text (a
   * reference, or a name only known after apply). Where AWS appends characters of its own to the
   * name (a secret's `-` and 6 random characters), each one it adds is a `?`: the ARN as an IAM
   * pattern matching exactly the one resource (`secret:svc-dev-key-??????`).
   */
  readonly arn?: (config: Config, context: ProviderFacts) => string | undefined;
  /** Names unique in a region of an account or wider: two resources (in one stack or two) with the same one fail at apply. */
  readonly globalNames?: readonly GlobalName[];
  /**
   * Arguments whose change makes Terraform destroy and re-create the resource (`ForceNew` in the
   * provider schema, `immutable` in Google's Magic Modules). A change anywhere under a listed
   * argument counts. `{ all: true, except }`: the resource has no update at all.
   */
  readonly forceNew?: ForceNew;
  /** What a block of this type grants or exposes, and which of its arguments carry it. */
  readonly grants?: readonly Grant[];
  /**
   * Arguments that only name the resource (its name, bucket, function name...): a reference to one
   * (`${aws_s3_bucket.b.bucket}`) is an identity, kept as a reference, like a computed `arn` or
   * `id`. A reference to any other argument is read through to that argument's value, so a value
   * parked in another resource (`${aws_ssm_parameter.p.value}`) is judged where it is used.
   * @default IDENTITY_ATTRIBUTES
   */
  readonly identity?: readonly string[];
  /** Computed attributes that repeat an argument (`terraform_data.output` is its `input`). */
  readonly passthrough?: Readonly<Record<string, string>>;
  /** Data sources: the value of an attribute when it is known at synth (see `DataValue`). */
  readonly data?: (attribute: string, config: Config, context: ProviderFacts) => DataValue | undefined;
  /**
   * What a block of this type runs when Terraform plans or applies (a program, a script): nothing
   * in the configuration says what it does, so the rule pack refuses it wherever it is.
   */
  readonly executes?: string;
  /** What synth cannot verify about a block of this type, even unused: a finding that may be accepted with a reason. */
  readonly unverifiable?: string;
  /**
   * How the local runner (`npm run local`, scripts/local) treats a block of this type: what it
   * emulates it as, or that it is inert or not emulated, and the values it gives the attributes only
   * apply knows. Every AWS resource type says it (a test checks): the runner's dispatch and its
   * "not emulated" notice read this, never a list of their own.
   */
  readonly local?: LocalEmulation;
}

/**
 * What the local runner makes of a block: one of its emulations (it reads the block's arguments as
 * that), keyed by this name in scripts/local.
 */
export type LocalRole =
  | "function"
  | "layer"
  | "function-alias"
  | "function-permission"
  | "function-url"
  | "invoke-config"
  | "event-source-mapping"
  | "role"
  /** A policy read through the model (`policiesOf`) and evaluated with the role it is for. */
  | "identity-policy"
  | "policy-attachment"
  /** A policy of a queue, topic, bucket or event bus (`policiesOf`), evaluated for calls on it. */
  | "resource-policy"
  | "table"
  | "queue"
  | "queue-redrive"
  | "topic"
  | "topic-subscription"
  | "bucket"
  | "bucket-notification"
  | "event-bus"
  | "secret"
  | "event-rule"
  | "event-target"
  | "schedule"
  | "http-api"
  | "api-route"
  | "api-integration"
  | "api-stage"
  | "api-authorizer";

/**
 * How `npm run local` treats a type:
 * - `emulated`: run (functions) or emulated behind the local endpoint, or read for what the
 *   emulation needs (roles, policies, routes), `as` one of the runner's roles;
 * - `inert`: configuration of the real service that changes nothing a local run can observe
 *   (encryption, alarms, scaling); nothing is said about it;
 * - `not-emulated`: it holds data, delivers events or runs code the runner does not reproduce:
 *   listed on start (`what` says what is missing), calls to it are refused.
 * `attributes` gives the runner's value of attributes that are not arguments (see `LocalAttribute`).
 */
export type LocalEmulation =
  | { readonly kind: "emulated"; readonly as: LocalRole; readonly attributes?: LocalAttributes }
  | { readonly kind: "inert"; readonly why: string; readonly attributes?: LocalAttributes }
  | { readonly kind: "not-emulated"; readonly what: string; readonly attributes?: LocalAttributes };

/**
 * The local value of a computed attribute (`id`, `url`, `stream_arn`, `invoke_arn`...): its form in
 * AWS where AWS fixes it (a table's id is its name), else a fixed local stand-in for what only apply
 * knows (an API's id, a stream's label, a layer's version). Undefined when an argument it needs is
 * not known. The ARN itself is `CatalogEntry.arn`.
 */
export type LocalAttribute = (block: LocalBlock) => string | undefined;
export type LocalAttributes = Readonly<Record<string, LocalAttribute>>;

/** What a local attribute is computed from, as the local runner gives it. */
export interface LocalBlock {
  /** The block's name (`aws_sqs_queue.<name>`). */
  readonly name: string;
  /** An argument of the block as text with every reference resolved, or undefined (unset, or not known here). */
  argument(name: string): string | undefined;
  /** Another attribute of the block as the runner resolves it (`arn` through `CatalogEntry.arn`); throws when it cannot. */
  attribute(name: string): string;
  /** The block's ARN as `CatalogEntry.arn` builds it from its resolved arguments, when it can. */
  arn(): string | undefined;
  /** Partition, region and account of the block's provider (the account: the runner's). */
  readonly facts: ProviderFacts;
  /** The local AWS endpoint (`http://127.0.0.1:<port>`), when one is serving. */
  readonly endpoint?: string;
}

/** What the stack's provider (the block's own, or the default one) says about where it applies. */
export interface ProviderFacts {
  /** AWS partition (`aws`, `aws-cn`, ...), from the provider's literal region. */
  readonly partition?: string;
  readonly region?: string;
  /** The provider's one `allowed_account_ids`. */
  readonly accountId?: string;
  /** GCP: the provider's (or the block's) project. */
  readonly project?: string;
}

/**
 * A data source attribute known at synth: a literal `value` (text as Terraform JSON writes it, so
 * `${...}` in it are references), or `identity`: the name or ARN of something that exists, safe to
 * keep as a reference (`data.aws_caller_identity.c.account_id` without an allowed account).
 */
export type DataValue = { readonly value: unknown } | { readonly identity: true };

/**
 * Where a name must be unique: in one region of an AWS account (queues, tables, functions), in an
 * account (IAM), in the partition (S3 buckets), in a GCP project, or in all of Google Cloud.
 */
export type GlobalNameScope = "aws-region" | "aws-account" | "aws-partition" | "gcp-project" | "gcp-global";

export interface GlobalName {
  /** The argument holding the name, e.g. `name` or `bucket`. */
  readonly attribute: string;
  readonly scope: GlobalNameScope;
  /** What the name is, for messages: `IAM role name`. */
  readonly what: string;
  /** IAM names are case-insensitive: `Svc-Role` and `svc-role` are the same role. */
  readonly caseInsensitive?: boolean;
}

export type ForceNew = readonly string[] | { readonly all: true; readonly except: readonly string[] };

/** GCP IAM: where a grant is made. */
export type GcpIamLevel = "organization" | "folder" | "project" | "billing-account" | "resource";

/**
 * What a type grants or exposes. `attributes` are the argument paths that carry it, written with
 * nested block names and no indexes (`statement.principals.identifiers`, `ingress.cidr_blocks`;
 * `*` for every argument of the block): a value there that the model cannot read is a "cannot
 * verify" the rule pack cannot let pass.
 */
export type Grant =
  /** Permissions of a principal: an inline or managed policy; `policy` is the argument holding its IAM JSON. */
  | { readonly kind: "identity-policy"; readonly attributes: readonly string[]; readonly policy?: string; readonly principal?: PrincipalRef }
  /** Who may assume a role (`assume_role_policy`), or whose tokens an identity provider accepts. */
  | { readonly kind: "trust-policy"; readonly attributes: readonly string[]; readonly policy?: string }
  /** Who may use a resource: a bucket, queue, topic, key, table, bus, API... policy; `resource` names what it is on. */
  | { readonly kind: "resource-policy"; readonly attributes: readonly string[]; readonly policy?: string; readonly resource?: string }
  /** A managed policy (by ARN) attached to a role, user or group; `policy` is the argument holding the ARN(s). */
  | { readonly kind: "policy-attachment"; readonly attributes: readonly string[]; readonly policy?: string; readonly principal?: PrincipalRef }
  /** A policy document: statements others use by reference. */
  | { readonly kind: "policy-document"; readonly attributes: readonly string[] }
  /**
   * A role the resource, or the service acting for it, runs as (a function's execution role, a
   * schedule's or event target's invocation role, an integration's credentials): it can do what
   * that role's policies allow. `role` is the argument (nested blocks dotted) naming the role, by
   * ARN or name. The pack reads the role only when the stack defines it.
   */
  | { readonly kind: "runs-as"; readonly attributes: readonly string[]; readonly role: string }
  /**
   * Where a resource sends data: `endpoint` is the argument holding the URL, address or ARN it
   * delivers to (`protocol` the one saying how). Outside AWS, or an ARN of another account, the
   * data leaves the stack.
   */
  | { readonly kind: "data-egress"; readonly attributes: readonly string[]; readonly endpoint: string; readonly protocol?: string }
  /** A permission on one resource for a principal (`aws_lambda_permission`, layer permissions, bus permissions). */
  | { readonly kind: "resource-permission"; readonly attributes: readonly string[] }
  /** A permissions boundary (protective). */
  | { readonly kind: "permissions-boundary"; readonly attributes: readonly string[] }
  | { readonly kind: "network-ingress"; readonly attributes: readonly string[] }
  | { readonly kind: "network-egress"; readonly attributes: readonly string[] }
  /** Reachable or readable by anyone, or protection against it: ACLs, URL auth, public access blocks, API authorization, ingress settings. */
  | {
      readonly kind: "public-exposure";
      readonly attributes: readonly string[];
      readonly what: string;
      /** The value that shares it with everyone (`group = "all"` of an AMI launch permission): a finding no reason covers. */
      readonly public?: { readonly attribute: string; readonly values: readonly string[] };
    }
  /** GCP IAM: a member, a binding (authoritative for a role) or a policy (authoritative for the resource). */
  | { readonly kind: "gcp-iam"; readonly attributes: readonly string[]; readonly level: GcpIamLevel; readonly form: "member" | "binding" | "policy"; readonly target: string }
  /** GCP custom roles: the permissions they bundle. */
  | { readonly kind: "gcp-custom-role"; readonly attributes: readonly string[] }
  /** Long-lived secrets written to the state (access keys, service account keys). */
  | { readonly kind: "credentials"; readonly attributes: readonly string[] };

/** Who an identity policy or attachment is for: the argument naming it and its kind. */
export interface PrincipalRef {
  readonly attribute: string;
  readonly kind: "role" | "user" | "group" | "self";
}

/** Arguments that name a resource in most types: references to them are identities. */
export const IDENTITY_ATTRIBUTES: readonly string[] = [
  "id",
  "arn",
  "name",
  "name_prefix",
  "bucket",
  "function_name",
  "role",
  "user",
  "group",
  "qualifier",
  "account_id",
  "email",
  "unique_id",
  "member",
  "project",
  "location",
  "region",
  "self_link",
];

/** The GCP IAM member/binding/policy types of one target: `google_project` -> `google_project_iam_member`, ... */
export function gcpIamTypes(target: string): string[] {
  return [`${target}_iam_member`, `${target}_iam_binding`, `${target}_iam_policy`];
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` when every part it needs is known. */
export function arnOf(context: ProviderFacts, service: string, resource: string | undefined, scope: { region?: boolean; account?: boolean } = {}): string | undefined {
  const region = scope.region === false ? "" : context.region;
  const account = scope.account === false ? "" : context.accountId;
  if (context.partition === undefined || region === undefined || account === undefined || resource === undefined) return undefined;
  return `arn:${context.partition}:${service}:${region}:${account}:${resource}`;
}

/** A literal text argument (no `${...}`), or undefined. */
export function literal(config: Config, attribute: string): string | undefined {
  const value = config[attribute];
  return typeof value === "string" && value !== "" && !value.includes("${") && !value.includes("%{") ? value : undefined;
}
