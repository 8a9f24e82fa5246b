import { compareText } from "./synth-output";
import { asList, asRecord, asStrings, type StackIndex, type TfBlock } from "./terraform-json";

/** The security-relevant facts, other than IAM statements, that the review extracts from a stack. */
export type FactCategory = "policy-attachment" | "lambda-permission" | "security-group-rule" | "public-exposure" | "gcp-iam";

export interface SecurityFact {
  readonly category: FactCategory;
  readonly stack: string;
  /** The same identity in base and head is the same thing, possibly changed. */
  readonly identity: string;
  /** The block the fact comes from, readable. */
  readonly subject: string;
  /** Display columns, in order; together they are the fact's content. */
  readonly fields: readonly (readonly [string, string])[];
  /** For ordered settings (Cloud Run ingress): higher is more exposed. */
  readonly rank?: number;
  /** For grants with member lists (`_iam_binding`): the members. */
  readonly members?: readonly string[];
  /** Whether the fact appearing where it was not before widens access. */
  readonly broadensWhenAdded: boolean;
}

/** Every security fact of a stack, sorted by category, identity. */
export function extractSecurityFacts(index: StackIndex): SecurityFact[] {
  const facts = [...policyAttachments(index), ...lambdaPermissions(index), ...securityGroupRules(index), ...publicExposure(index), ...gcpIamGrants(index)];
  return facts.sort((a, b) => compareText(a.category, b.category) || compareText(a.identity, b.identity));
}

/** The content of a fact, without its address: equal content is the same access, wherever it is declared. */
export function factContent(fact: SecurityFact): string {
  return JSON.stringify([fact.category, fact.fields]);
}

/** Managed or customer policies attached by ARN: their statements are not in the stack, so the attachment is the fact. */
function policyAttachments(index: StackIndex): SecurityFact[] {
  const facts: SecurityFact[] = [];
  const fact = (b: TfBlock, identity: string, to: string, policyArn: unknown) =>
    facts.push({
      category: "policy-attachment",
      stack: index.stack.name,
      identity,
      subject: index.describe(b.address),
      fields: [
        ["Attached to", to],
        ["Policy", text(index, policyArn)],
      ],
      broadensWhenAdded: true,
    });
  for (const kind of ["role", "user", "group"]) {
    for (const b of index.ofType(`aws_iam_${kind}_policy_attachment`)) fact(b, b.address, `${kind} ${text(index, b.config[kind])}`, b.config.policy_arn);
  }
  for (const b of index.ofType("aws_iam_policy_attachment")) {
    const to = (["roles", "users", "groups"] as const).flatMap((k) => asStrings(b.config[k]).map((v) => `${k.slice(0, -1)} ${index.readable(v)}`));
    fact(b, b.address, to.join(", "), b.config.policy_arn);
  }
  for (const b of index.ofType("aws_iam_role")) {
    for (const arn of asStrings(b.config.managed_policy_arns)) fact(b, `${b.address}#managed_policy_arns#${arn}`, `role ${b.path}`, arn);
  }
  return facts;
}

function lambdaPermissions(index: StackIndex): SecurityFact[] {
  return index.ofType("aws_lambda_permission").map((b) => {
    const c = b.config;
    return {
      category: "lambda-permission",
      stack: index.stack.name,
      identity: b.address,
      subject: index.describe(b.address),
      fields: [
        ["Function", text(index, c.function_name)],
        ["Principal", text(index, c.principal)],
        ["Source ARN", text(index, c.source_arn)],
        ["Action", text(index, c.action)],
        ["Qualifier", text(index, c.qualifier)],
        ["Source account", text(index, c.source_account)],
      ],
      broadensWhenAdded: true,
    };
  });
}

interface SgRule {
  readonly direction: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly peers: string[];
  readonly description: unknown;
  readonly group: string;
}

function securityGroupRules(index: StackIndex): SecurityFact[] {
  const facts: SecurityFact[] = [];
  const stack = index.stack.name;
  const add = (block: TfBlock, identity: string, rule: SgRule) =>
    facts.push({
      category: "security-group-rule",
      stack,
      identity,
      subject: index.describe(block.address),
      fields: [
        ["Security group", rule.group],
        ["Direction", rule.direction],
        ["Protocol", protocolName(rule.protocol)],
        ["Ports", ports(rule.protocol, rule.fromPort, rule.toPort)],
        [rule.direction === "ingress" ? "Source" : "Destination", rule.peers.join(", ") || "(none)"],
        ["Description", text(index, rule.description)],
      ],
      broadensWhenAdded: true,
    });

  for (const group of index.ofType("aws_security_group")) {
    for (const direction of ["ingress", "egress"]) {
      for (const raw of asList(group.config[direction])) {
        const r = asRecord(raw);
        const rule: SgRule = {
          direction,
          protocol: r.protocol,
          fromPort: r.from_port,
          toPort: r.to_port,
          peers: peers(index, [r.cidr_blocks, r.ipv6_cidr_blocks, r.prefix_list_ids, r.security_groups], r.self === true),
          description: r.description,
          group: `${group.path} (inline)`,
        };
        // Inline rules have no address of their own: identify them by what they allow (not their description).
        const { description: _description, ...allows } = r;
        const identity = `${group.address}#${direction}#${JSON.stringify(allows)}`;
        const seen = facts.filter((f) => f.identity === identity || f.identity.startsWith(`${identity}#`)).length;
        add(group, seen === 0 ? identity : `${identity}#${seen + 1}`, rule);
      }
    }
  }
  for (const direction of ["ingress", "egress"]) {
    for (const b of index.ofType(`aws_vpc_security_group_${direction}_rule`)) {
      const c = b.config;
      add(b, b.address, {
        direction,
        protocol: c.ip_protocol,
        fromPort: c.from_port,
        toPort: c.to_port,
        peers: peers(index, [c.cidr_ipv4, c.cidr_ipv6, c.prefix_list_id, c.referenced_security_group_id], false),
        description: c.description,
        group: text(index, c.security_group_id),
      });
    }
  }
  for (const b of index.ofType("aws_security_group_rule")) {
    const c = b.config;
    add(b, b.address, {
      direction: String(c.type ?? "?"),
      protocol: c.protocol,
      fromPort: c.from_port,
      toPort: c.to_port,
      peers: peers(index, [c.cidr_blocks, c.ipv6_cidr_blocks, c.prefix_list_ids, c.source_security_group_id], c.self === true),
      description: c.description,
      group: text(index, c.security_group_id),
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

function publicExposure(index: StackIndex): SecurityFact[] {
  const facts: SecurityFact[] = [];
  const stack = index.stack.name;
  const fact = (b: TfBlock, aspect: string, exposure: string, detail: string, extra: Partial<SecurityFact> = {}) =>
    facts.push({
      category: "public-exposure",
      stack,
      identity: `${b.address}#${aspect}`,
      subject: index.describe(b.address),
      fields: [
        ["Exposure", exposure],
        ["Detail", detail],
      ],
      broadensWhenAdded: true,
      ...extra,
    });

  for (const b of index.blocks.filter((x) => x.mode === "resource" && /^google_.+_iam_(member|binding)$/.test(x.type))) {
    const members = [...asStrings(b.config.member), ...asStrings(b.config.members)].filter((m) => PUBLIC_MEMBERS.has(m));
    if (members.length === 0) continue;
    const who = members.includes("allUsers") ? "anyone on the internet" : "any Google account";
    fact(b, "public-member", `${members.join(", ")}: ${who}`, `${text(index, b.config.role)} on ${grantTarget(index, b)}`);
  }
  for (const b of index.ofType("google_cloud_run_v2_service")) {
    const ingress = typeof b.config.ingress === "string" ? b.config.ingress : "INGRESS_TRAFFIC_ALL";
    const implicit = b.config.ingress === undefined ? " (provider default)" : "";
    fact(b, "ingress", `ingress ${ingress}${implicit}`, ingressMeaning(ingress), {
      rank: CLOUD_RUN_INGRESS_RANK[ingress] ?? 3,
      // A new service reachable from the internet still requires IAM; only widening an existing one counts.
      broadensWhenAdded: false,
    });
    if (b.config.invoker_iam_disabled === true) {
      fact(b, "invoker-iam-disabled", "invoker IAM check disabled", "anyone who can reach the service can invoke it");
    }
  }
  for (const b of index.ofType("aws_apigatewayv2_route")) {
    const auth = typeof b.config.authorization_type === "string" ? b.config.authorization_type : "NONE";
    if (auth !== "NONE") continue;
    fact(b, "unauthenticated-route", `route ${text(index, b.config.route_key)} without authorization`, `API ${text(index, b.config.api_id)}`);
  }
  for (const b of index.ofType("aws_lambda_function_url")) {
    if (b.config.authorization_type !== "NONE") continue;
    fact(b, "public-function-url", "function URL without authorization", `function ${text(index, b.config.function_name)}`);
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

function gcpIamGrants(index: StackIndex): SecurityFact[] {
  return index.blocks
    .filter((b) => b.mode === "resource" && /^google_.+_iam_(member|binding)$/.test(b.type))
    .map((b) => {
      const members = [...asStrings(b.config.member), ...asStrings(b.config.members)].map((m) => index.readable(m)).sort(compareText);
      const condition = asRecord(b.config.condition);
      return {
        category: "gcp-iam" as const,
        stack: index.stack.name,
        identity: b.address,
        subject: index.describe(b.address),
        fields: [
          ["On", grantTarget(index, b)],
          ["Role", text(index, b.config.role)],
          ["Members", members.join(", ")],
          ["Condition", Object.keys(condition).length > 0 ? text(index, condition.expression ?? condition.title) : ""],
        ] as const,
        members,
        broadensWhenAdded: true,
      };
    });
}

/** What a GCP grant is on: its arguments other than role, member(s) and condition. */
function grantTarget(index: StackIndex, b: TfBlock): string {
  const target = Object.keys(b.config)
    .filter((k) => !["role", "member", "members", "condition", "depends_on", "provider", "lifecycle", "count", "for_each"].includes(k))
    .sort(compareText)
    .map((k) => `${k}=${text(index, b.config[k])}`);
  return `${b.type.replace(/^google_/, "").replace(/_iam_(member|binding)$/, "")} ${target.join(", ")}`;
}

function peers(index: StackIndex, values: unknown[], self: boolean): string[] {
  const out = values.flatMap((v) => asStrings(v)).map((v) => index.readable(v));
  if (self) out.push("self");
  return out;
}

function protocolName(protocol: unknown): string {
  const p = String(protocol ?? "");
  return p === "-1" || p.toLowerCase() === "all" ? "all" : p || "?";
}

function ports(protocol: unknown, from: unknown, to: unknown): string {
  if (protocolName(protocol) === "all") return "all";
  if (from === undefined && to === undefined) return "all";
  return from === to ? String(from) : `${String(from ?? "?")}-${String(to ?? "?")}`;
}

function text(index: StackIndex, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return index.readable(value);
  return index.readable(JSON.stringify(value));
}
