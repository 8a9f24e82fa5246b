import { make, target, text, type FactInput } from "./fact-helpers";
import { gcpGrants, gcpIamGrants } from "./gcp-grants";
import { compareText } from "./synth-output";
import { asList, asRecord, asStrings, parseSingleReference, type StackIndex, type TfBlock } from "./terraform-json";

/** The security-relevant facts, other than IAM statements, that the review extracts from a stack. */
export type FactCategory = "policy-attachment" | "lambda-permission" | "security-group-rule" | "public-exposure" | "gcp-iam";

/** A unit of access compared by coverage rather than by address: a new one is covered by a wider old one. */
export type Grant =
  | { readonly kind: "sg"; readonly group: string; readonly direction: string; readonly protocol: string; readonly from: number; readonly to: number; readonly peer: string }
  | { readonly kind: "gcp"; readonly target: string; readonly role: string; readonly member: string; readonly condition: string }
  | { readonly kind: "attachment"; readonly to: string; readonly policy: string };

export interface SecurityFact {
  readonly category: FactCategory;
  readonly stack: string;
  /** The same identity in base and head is the same thing, possibly changed. */
  readonly identity: string;
  /** The block the fact comes from, readable (`aws_lambda_permission Api/InvokePermission-GET_hello`). */
  readonly subject: string;
  /** Its construct path, what the report folds into "where". */
  readonly path: string;
  /** Display columns, in order; together they are the fact's content. */
  readonly fields: readonly (readonly [string, string])[];
  /** For ordered settings (ingress, authorization, public access block): higher is more exposed. */
  readonly rank?: number;
  /** For grants with member lists (`_iam_binding`): the members. */
  readonly members?: readonly string[];
  /** Whether the fact appearing where it was not before widens access. */
  readonly broadensWhenAdded: boolean;
  /** A protection (public access block, permissions boundary): losing it widens access while `guards` still exists. */
  readonly protective?: boolean;
  /** The address of what a protective fact protects. */
  readonly guards?: string;
  /** Compared by coverage: a new grant is broadening unless a base grant covers it. */
  readonly grant?: Grant;
  /** `${...}` expressions whose value the JSON does not tell: the fact may broaden. */
  readonly unknown: readonly string[];
  /** Lambda permission and route details compared by `widens`. */
  readonly detail?: Readonly<Record<string, string>>;
  /** For an attachment of a policy declared in the stack (`${aws_iam_policy.P.arn}`): that policy's address. */
  readonly policyAddress?: string;
}

/** Every security fact of a stack, sorted by category, identity. */
export function extractSecurityFacts(index: StackIndex): SecurityFact[] {
  const facts = [
    ...policyAttachments(index),
    ...lambdaPermissions(index),
    ...securityGroupRules(index),
    ...publicExposure(index),
    ...gcpIamGrants(index),
  ];
  return facts.sort((a, b) => compareText(a.category, b.category) || compareText(a.identity, b.identity));
}

/** The content of a fact, without its address: equal content is the same access, wherever it is declared. */
export function factContent(fact: SecurityFact): string {
  return JSON.stringify([fact.category, fact.fields]);
}

export interface Attachment {
  readonly block: TfBlock;
  /** `role <aws_iam_role R>`, `user ...`, `group ...`: the principal, as `principalName` writes it. */
  readonly to: string;
  readonly toRaw: unknown;
  readonly policyArn: unknown;
}

/** Every attachment of a policy ARN to a role, user or group: `_policy_attachment`, `_attachments_exclusive`, `aws_iam_policy_attachment`, `managed_policy_arns`. */
export function policyAttachmentsOf(index: StackIndex): Attachment[] {
  const out: Attachment[] = [];
  const attach = (block: TfBlock, kind: string, to: unknown, policyArn: unknown) => out.push({ block, to: principalName(index, kind, to), toRaw: to, policyArn });
  for (const kind of ["role", "user", "group"]) {
    for (const b of index.ofType(`aws_iam_${kind}_policy_attachment`)) attach(b, kind, b.config[kind], b.config.policy_arn);
    for (const b of index.ofType(`aws_iam_${kind}_policy_attachments_exclusive`)) {
      for (const arn of asStrings(b.config.policy_arns)) attach(b, kind, b.config[`${kind}_name`], arn);
    }
  }
  for (const b of index.ofType("aws_iam_policy_attachment")) {
    for (const k of ["roles", "users", "groups"] as const) for (const to of asStrings(b.config[k])) attach(b, k.slice(0, -1), to, b.config.policy_arn);
  }
  for (const b of index.ofType("aws_iam_role")) {
    for (const arn of asStrings(b.config.managed_policy_arns)) attach(b, "role", `\${${b.address}.name}`, arn);
  }
  return out;
}

function policyAddressOf(index: StackIndex, policyArn: unknown): string | undefined {
  const m = typeof policyArn === "string" ? /^\$\{([^{}]*)\}$/.exec(policyArn.trim()) : null;
  const ref = m ? parseSingleReference(m[1].trim()) : undefined;
  return ref && ref.address.startsWith("aws_iam_policy.") && ref.rest === ".arn" && index.get(ref.address) ? index.canonical(ref.address) : undefined;
}

/** `role <aws_iam_role R>`: a principal by kind and block (its name, id or ARN alike), or its literal name. */
export function principalName(index: StackIndex, kind: string, value: unknown): string {
  return `${kind} ${target(index, value)}`;
}

/**
 * Policies attached by ARN, in every form Terraform has: one grant per (principal, policy), so
 * the same attachment declared another way is no change, and a policy attached to another role
 * is a new grant there.
 */
function policyAttachments(index: StackIndex): SecurityFact[] {
  const facts: SecurityFact[] = [];
  for (const a of policyAttachmentsOf(index)) {
    const grant = { kind: "attachment", to: a.to, policy: text(index, a.policyArn) } as const;
    facts.push(
      make(index, a.block, {
        category: "policy-attachment",
        identity: JSON.stringify(grant),
        fields: [
          ["Attached to", grant.to],
          ["Policy", grant.policy],
        ],
        broadensWhenAdded: true,
        grant,
        unknownFrom: [a.toRaw, a.policyArn],
        policyAddress: policyAddressOf(index, a.policyArn),
      }),
    );
  }
  for (const b of index.ofType("aws_iam_role")) {
    const boundary = b.config.permissions_boundary;
    if (boundary !== undefined && boundary !== null && boundary !== "") {
      facts.push(
        make(index, b, {
          category: "policy-attachment",
          identity: `${index.canonical(b.address)}#permissions_boundary`,
          fields: [
            ["Attached to", `role <${index.describe(b.address)}> (permissions boundary)`],
            ["Policy", text(index, boundary)],
          ],
          broadensWhenAdded: false,
          protective: true,
          guards: index.canonical(b.address),
          unknownFrom: boundary,
        }),
      );
    }
  }
  return facts;
}

function lambdaPermissions(index: StackIndex): SecurityFact[] {
  return index.ofType("aws_lambda_permission").map((b) => {
    const c = b.config;
    const detail = {
      function: text(index, c.function_name),
      principal: text(index, c.principal),
      sourceArn: text(index, c.source_arn),
      action: text(index, c.action),
      qualifier: text(index, c.qualifier),
      sourceAccount: text(index, c.source_account),
      orgId: text(index, c.principal_org_id),
      urlAuth: text(index, c.function_url_auth_type),
      token: c.event_source_token === undefined ? "" : "(set)",
    };
    return make(index, b, {
      category: "lambda-permission",
      identity: index.canonical(b.address),
      fields: [
        ["Function", detail.function],
        ["Principal", detail.principal],
        ["Source ARN", detail.sourceArn],
        ["Action", detail.action],
        ["Qualifier", detail.qualifier],
        ["Source account", detail.sourceAccount],
        ["Principal org", detail.orgId],
        ["URL auth", detail.urlAuth],
      ],
      broadensWhenAdded: true,
      detail,
      unknownFrom: [c.principal, c.source_arn, c.source_account, c.principal_org_id, c.function_url_auth_type, c.action],
    });
  });
}

const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/**
 * Security group rules in every form (inline `ingress`/`egress`, `aws_security_group_rule`,
 * `aws_vpc_security_group_{ingress,egress}_rule`), one grant per peer: (group, direction,
 * protocol, port range, peer). A new grant is broadening unless an old grant of the same group
 * and direction covers it (protocol `all` or the same, a containing port range, the same peer
 * or a CIDR containing it), so moving a rule between forms or narrowing a CIDR is no broadening.
 */
function securityGroupRules(index: StackIndex): SecurityFact[] {
  const facts: SecurityFact[] = [];
  const add = (block: TfBlock, group: string, direction: string, r: { protocol: unknown; from: unknown; to: unknown; peers: unknown[]; self: boolean; description: unknown }) => {
    const protocol = PROTOCOLS[String(r.protocol ?? "").toLowerCase()] ?? String(r.protocol ?? "?").toLowerCase();
    const allPorts = protocol === "all" || (r.from === undefined && r.to === undefined) || (Number(r.from) <= 0 && Number(r.to) >= 65535);
    const from = allPorts ? 0 : Number(r.from ?? NaN);
    const to = allPorts ? 65535 : Number(r.to ?? NaN);
    const peers = [...r.peers.flatMap((p) => asStrings(p)).map((p) => target(index, p)), ...(r.self ? ["self"] : [])];
    for (const peer of peers.length > 0 ? peers : ["(none)"]) {
      const grant = { kind: "sg", group, direction, protocol, from, to, peer } as const;
      facts.push(
        make(index, block, {
          category: "security-group-rule",
          identity: JSON.stringify(grant),
          fields: [
            ["Security group", group],
            ["Direction", direction],
            ["Protocol", protocol],
            ["Ports", allPorts ? "all" : from === to ? String(from) : `${from}-${to}`],
            [direction === "ingress" ? "Peer (source)" : "Peer (destination)", peer],
            ["Description", text(index, r.description)],
          ],
          broadensWhenAdded: true,
          grant,
          unknownFrom: [r.protocol, r.from, r.to, r.peers],
        }),
      );
    }
  };

  for (const group of index.ofType("aws_security_group")) {
    const name = `<${index.describe(group.address)}>`;
    for (const direction of ["ingress", "egress"]) {
      for (const raw of asList(group.config[direction])) {
        const r = asRecord(raw);
        add(group, name, direction, {
          protocol: r.protocol,
          from: r.from_port,
          to: r.to_port,
          peers: [r.cidr_blocks, r.ipv6_cidr_blocks, r.prefix_list_ids, r.security_groups],
          self: r.self === true,
          description: r.description,
        });
      }
    }
  }
  for (const direction of ["ingress", "egress"]) {
    for (const b of index.ofType(`aws_vpc_security_group_${direction}_rule`)) {
      const c = b.config;
      add(b, target(index, c.security_group_id), direction, {
        protocol: c.ip_protocol,
        from: c.from_port,
        to: c.to_port,
        peers: [c.cidr_ipv4, c.cidr_ipv6, c.prefix_list_id, c.referenced_security_group_id],
        self: false,
        description: c.description,
      });
    }
  }
  for (const b of index.ofType("aws_security_group_rule")) {
    const c = b.config;
    add(b, target(index, c.security_group_id), String(c.type ?? "?"), {
      protocol: c.protocol,
      from: c.from_port,
      to: c.to_port,
      peers: [c.cidr_blocks, c.ipv6_cidr_blocks, c.prefix_list_ids, c.source_security_group_id],
      self: c.self === true,
      description: c.description,
    });
  }
  return facts;
}

const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);

/** Cloud Run ingress settings, least to most exposed. */
export const CLOUD_RUN_INGRESS_RANK: Readonly<Record<string, number>> = {
  INGRESS_TRAFFIC_INTERNAL_ONLY: 1,
  INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER: 2,
  INGRESS_TRAFFIC_ALL: 3,
};

const PUBLIC_ACCESS_BLOCK = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

function publicExposure(index: StackIndex): SecurityFact[] {
  const facts: SecurityFact[] = [];
  const fact = (b: TfBlock, aspect: string, exposure: string, detail: string, extra: Partial<FactInput> = {}) =>
    facts.push(
      make(index, b, {
        category: "public-exposure",
        identity: `${index.canonical(b.address)}#${aspect}`,
        fields: [
          ["Exposure", exposure],
          ["Detail", detail],
        ],
        broadensWhenAdded: true,
        ...extra,
      }),
    );

  for (const grant of gcpGrants(index)) {
    if (!PUBLIC_MEMBERS.has(grant.member)) continue;
    const who = grant.member === "allUsers" ? "anyone on the internet" : "any Google account";
    facts.push({
      ...grant.fact,
      category: "public-exposure",
      identity: `${JSON.stringify(grant.grant)}#public`,
      fields: [
        ["Exposure", `${grant.member}: ${who}`],
        ["Detail", `${grant.grant.role} on ${grant.grant.target}`],
      ],
      grant: undefined,
    });
  }
  for (const b of index.ofType("google_cloud_run_v2_service")) {
    const ingress = typeof b.config.ingress === "string" ? b.config.ingress : "INGRESS_TRAFFIC_ALL";
    const implicit = b.config.ingress === undefined ? " (provider default)" : "";
    fact(b, "ingress", `ingress ${index.readable(ingress)}${implicit}`, ingressMeaning(ingress), {
      rank: CLOUD_RUN_INGRESS_RANK[ingress] ?? 3,
      // A new service reachable from the internet still requires IAM; only widening an existing one counts.
      broadensWhenAdded: false,
      unknownFrom: b.config.ingress,
    });
    if (b.config.invoker_iam_disabled !== undefined && b.config.invoker_iam_disabled !== false) {
      fact(b, "invoker-iam-disabled", "invoker IAM check disabled", "anyone who can reach the service can invoke it", { unknownFrom: b.config.invoker_iam_disabled });
    }
  }
  for (const b of index.ofType("aws_apigatewayv2_route")) {
    const auth = typeof b.config.authorization_type === "string" ? b.config.authorization_type : "NONE";
    const scopes = asStrings(b.config.authorization_scopes).sort(compareText);
    const open = auth === "NONE";
    fact(b, "route-authorization", `route ${text(index, b.config.route_key)} ${open ? "without authorization" : `with ${index.readable(auth)}`}`, `API ${text(index, b.config.api_id)}${scopes.length ? `; scopes ${scopes.join(", ")}` : ""}`, {
      rank: open ? 2 : 1,
      broadensWhenAdded: open,
      detail: { auth, authorizer: text(index, b.config.authorizer_id), scopes: JSON.stringify(scopes) },
      unknownFrom: [b.config.authorization_type, b.config.authorizer_id, b.config.authorization_scopes],
    });
  }
  for (const b of index.ofType("aws_api_gateway_method")) {
    const auth = typeof b.config.authorization === "string" ? b.config.authorization : "NONE";
    const open = auth === "NONE";
    fact(b, "method-authorization", `method ${text(index, b.config.http_method)} ${open ? "without authorization" : `with ${index.readable(auth)}`}`, `resource ${text(index, b.config.resource_id)}`, {
      rank: open ? 2 : 1,
      broadensWhenAdded: open && b.config.api_key_required !== true,
      unknownFrom: b.config.authorization,
    });
  }
  for (const b of index.ofType("aws_lambda_function_url")) {
    const auth = typeof b.config.authorization_type === "string" ? b.config.authorization_type : "?";
    const open = auth === "NONE";
    fact(b, "function-url", `function URL ${open ? "without authorization" : `with ${index.readable(auth)}`}`, `function ${text(index, b.config.function_name)}`, {
      rank: open ? 2 : 1,
      broadensWhenAdded: open,
      unknownFrom: b.config.authorization_type,
    });
  }
  for (const type of ["aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"]) {
    for (const b of index.ofType(type)) {
      const on = type === "aws_s3_account_public_access_block" ? `account ${text(index, b.config.account_id) || "(this account)"}` : `bucket ${target(index, b.config.bucket)}`;
      const bucketRef = typeof b.config.bucket === "string" ? /^\$\{([^{}]*)\}$/.exec(b.config.bucket.trim()) : null;
      const guarded = bucketRef ? parseSingleReference(bucketRef[1].trim())?.address : undefined;
      for (const setting of PUBLIC_ACCESS_BLOCK) {
        const value = b.config[setting];
        const on_ = value === true;
        facts.push(
          make(index, b, {
            category: "public-exposure",
            identity: `${on}#${setting}`,
            fields: [
              ["Exposure", `${setting} = ${value === undefined ? "false (unset)" : index.readable(String(value))}`],
              ["Detail", `S3 public access block of ${on}`],
            ],
            rank: on_ ? 1 : 2,
            broadensWhenAdded: false,
            protective: on_,
            guards: guarded && index.get(guarded) ? index.canonical(guarded) : undefined,
            unknownFrom: value,
          }),
        );
      }
    }
  }
  return facts;
}

function ingressMeaning(ingress: string): string {
  switch (ingress) {
    case "INGRESS_TRAFFIC_INTERNAL_ONLY":
      return "reachable from the VPC and Google internal sources only";
    case "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER":
      return "reachable through internal sources and Cloud Load Balancing";
    default:
      return "reachable from the internet (callers still need run.invoker unless IAM is disabled)";
  }
}

