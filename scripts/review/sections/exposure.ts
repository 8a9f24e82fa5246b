import type { Grant } from "../../../modules/core/catalog";
import { aclGrantsOf, aclPermissionCovers, block as firstBlock, gcpGrantsOf, strings, type Config, type ModelBlock } from "../../../modules/core/terraform";
import { argumentsOf, blocksWith, fact, type FactInput, type FactSection, type SecurityFact } from "../facts";
import type { StackView } from "../stack-view";
import { gcpGrantKey } from "./gcp";

const ID = "public-exposure";

const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);

/** Cloud Run ingress settings (v2 names), least to most exposed. */
const CLOUD_RUN_INGRESS_RANK: Readonly<Record<string, number>> = {
  INGRESS_TRAFFIC_INTERNAL_ONLY: 1,
  INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER: 2,
  INGRESS_TRAFFIC_ALL: 3,
};

/** Cloud Run (v1) `run.googleapis.com/ingress` annotation values, least to most exposed. */
const CLOUD_RUN_V1_INGRESS_RANK: Readonly<Record<string, number>> = { internal: 1, "internal-and-cloud-load-balancing": 2, all: 3 };

const PUBLIC_ACCESS_BLOCK = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

type Add = (b: ModelBlock, aspect: string, exposure: string, detail: string, extra?: Partial<FactInput>) => void;

/** What the review reads of a type's exposure, setting by setting; the arguments it read (the rest of the grant is read as a whole). */
type Reader = (view: StackView, b: ModelBlock, add: Add, facts: SecurityFact[]) => readonly string[];

function ingressMeaning(ingress: string): string {
  switch (ingress) {
    case "INGRESS_TRAFFIC_INTERNAL_ONLY":
    case "internal":
      return "reachable from the VPC and Google internal sources only";
    case "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER":
    case "internal-and-cloud-load-balancing":
      return "reachable through internal sources and Cloud Load Balancing";
    default:
      return "reachable from the internet (callers still need run.invoker unless IAM is disabled)";
  }
}

/** An authorization setting: open (`NONE`) ranks above any authorization. */
function authorization(view: StackView, b: ModelBlock, add: Add, aspect: string, what: string, auth: unknown, detail: string, extra: Partial<FactInput> = {}): void {
  const value = typeof auth === "string" ? auth : "NONE";
  const open = value === "NONE";
  add(b, aspect, `${what} ${open ? "without authorization" : `with ${view.readable(value)}`}`, detail, { rank: open ? 2 : 1, broadensWhenAdded: open, unknownFrom: auth, ...extra });
}

/** One fact per ACL entry (`aclGrantsOf`): a grant compared by coverage. */
const aclReader: Reader = (view, b, _add, facts) => {
  for (const g of aclGrantsOf(view.model, b.address).grants ?? []) {
    const grant = { on: view.key(g.on), grantee: g.grantee.toLowerCase(), permission: g.permission };
    const who = g.public ? (/^all(users)?$/i.test(g.grantee) ? " (anyone on the internet)" : " (any authenticated account)") : "";
    facts.push(
      fact(ID, view, b, {
        identity: `acl ${JSON.stringify(grant)}`,
        fields: [
          ["Exposure", `ACL: ${g.permission} to ${view.text(g.grantee)}${who}`],
          ["Detail", `on ${view.target(g.on)} (${g.source.attribute})`],
        ],
        broadensWhenAdded: true,
        grant,
        unknownFrom: [g.on, g.grantee, g.permission],
      }),
    );
  }
  // A bucket's other exposure arguments (website, CORS) are read as a whole.
  return b.typeKey === "aws_s3_bucket" ? ["acl", "grant"] : ["*"];
};

/**
 * The exposure settings the review reads one by one, per type. Any other argument of a
 * `public-exposure` grant (and any other type) is read as a whole: a change may broaden.
 */
const READERS: Readonly<Record<string, Reader>> = {
  aws_s3_bucket_acl: aclReader,
  aws_s3_bucket: aclReader,
  aws_s3_object: aclReader,
  google_storage_bucket_acl: aclReader,
  google_storage_object_acl: aclReader,
  google_storage_default_object_acl: aclReader,
  google_storage_bucket_access_control: aclReader,
  google_storage_object_access_control: aclReader,
  google_storage_default_object_access_control: aclReader,
  google_cloud_run_v2_service: (view, b, add) => {
    const c = b.config;
    const ingress = typeof c.ingress === "string" ? c.ingress : "INGRESS_TRAFFIC_ALL";
    const implicit = c.ingress === undefined ? " (provider default)" : "";
    // A new service reachable from the internet still requires IAM; only widening an existing one counts.
    add(b, "ingress", `ingress ${view.readable(ingress)}${implicit}`, ingressMeaning(ingress), { rank: CLOUD_RUN_INGRESS_RANK[ingress] ?? 3, broadensWhenAdded: false, unknownFrom: c.ingress });
    if (c.invoker_iam_disabled !== undefined && c.invoker_iam_disabled !== false) {
      add(b, "invoker-iam-disabled", "invoker IAM check disabled", "anyone who can reach the service can invoke it", { unknownFrom: c.invoker_iam_disabled });
    }
    return ["ingress", "invoker_iam_disabled"];
  },
  google_cloud_run_service: (view, b, add) => {
    const annotations = firstBlock(b.config.metadata)?.annotations;
    const raw = annotations && typeof annotations === "object" ? (annotations as Config)["run.googleapis.com/ingress"] : undefined;
    const ingress = typeof raw === "string" ? raw : "all";
    add(b, "ingress", `ingress ${view.readable(ingress)}${raw === undefined ? " (default)" : ""}`, ingressMeaning(ingress), { rank: CLOUD_RUN_V1_INGRESS_RANK[ingress] ?? 3, broadensWhenAdded: false, unknownFrom: raw });
    return ["metadata"];
  },
  aws_apigatewayv2_route: (view, b, add) => {
    const c = b.config;
    const scopes = strings(c.authorization_scopes).map((s) => view.key(s)).sort();
    authorization(view, b, add, "route-authorization", `route ${view.text(c.route_key)}`, c.authorization_type, `API ${view.target(c.api_id)}${scopes.length ? `; scopes ${scopes.join(", ")}` : ""}`, {
      detail: { auth: String(c.authorization_type ?? "NONE"), authorizer: view.key(c.authorizer_id ?? ""), scopes: JSON.stringify(scopes) },
      unknownFrom: [c.authorization_type, c.authorizer_id, c.authorization_scopes],
    });
    return ["authorization_type", "authorizer_id", "authorization_scopes", "route_key"];
  },
  aws_api_gateway_method: (view, b, add) => {
    const c = b.config;
    authorization(view, b, add, "method-authorization", `method ${view.text(c.http_method)}`, c.authorization, `resource ${view.target(c.resource_id)}${c.api_key_required === true ? "; API key required" : ""}`, {
      broadensWhenAdded: (typeof c.authorization === "string" ? c.authorization : "NONE") === "NONE" && c.api_key_required !== true,
      detail: { auth: String(c.authorization ?? "NONE"), authorizer: view.key(c.authorizer_id ?? ""), scopes: JSON.stringify(strings(c.authorization_scopes).sort()) },
      unknownFrom: [c.authorization, c.authorizer_id, c.authorization_scopes],
    });
    return ["authorization", "authorizer_id", "authorization_scopes", "api_key_required"];
  },
  aws_lambda_function_url: (view, b, add) => {
    const c = b.config;
    authorization(view, b, add, "function-url", "function URL", typeof c.authorization_type === "string" ? c.authorization_type : "?", `function ${view.target(c.function_name)}${c.qualifier ? ` (${view.text(c.qualifier)})` : ""}`, { unknownFrom: c.authorization_type });
    return ["authorization_type", "function_name", "qualifier"];
  },
  aws_s3_bucket_public_access_block: (view, b, _add, facts) => publicAccessBlock(view, b, `bucket ${view.target(b.config.bucket)}`, facts),
  aws_s3_account_public_access_block: (view, b, _add, facts) => publicAccessBlock(view, b, `account ${view.text(b.config.account_id) || "(this account)"}`, facts),
  aws_s3_bucket_ownership_controls: (view, b, add) => {
    const ownership = firstBlock(b.config.rule)?.object_ownership;
    const enforced = ownership === "BucketOwnerEnforced";
    add(b, "object-ownership", `object ownership ${view.text(ownership) || "(unset)"}`, `bucket ${view.target(b.config.bucket)}: ACLs ${enforced ? "disabled" : "in effect"}`, {
      rank: enforced ? 1 : 2,
      broadensWhenAdded: false,
      protective: enforced,
      guards: view.namedBlock(b.config.bucket) ? view.canonical(view.namedBlock(b.config.bucket)!) : undefined,
      unknownFrom: ownership,
    });
    return ["*"];
  },
  google_storage_bucket: (view, b, add) => {
    const c = b.config;
    const prevention = typeof c.public_access_prevention === "string" ? c.public_access_prevention : "inherited";
    const enforced = prevention === "enforced";
    add(b, "public-access-prevention", `public access prevention ${view.readable(prevention)}${c.public_access_prevention === undefined ? " (default)" : ""}`, enforced ? "no public IAM or ACL can take effect" : "public IAM grants and ACLs can take effect", {
      rank: enforced ? 1 : 2,
      broadensWhenAdded: false,
      protective: enforced,
      guards: view.canonical(b.address),
      unknownFrom: c.public_access_prevention,
    });
    const uniform = c.uniform_bucket_level_access === true;
    add(b, "uniform-bucket-level-access", `uniform bucket-level access ${uniform ? "on" : "off"}`, uniform ? "object ACLs have no effect" : "object ACLs can grant access", {
      rank: uniform ? 1 : 2,
      broadensWhenAdded: false,
      protective: uniform,
      guards: view.canonical(b.address),
      unknownFrom: c.uniform_bucket_level_access,
    });
    return ["public_access_prevention", "uniform_bucket_level_access"];
  },
};

/** The four settings of a public access block, each a protection while it is on. */
function publicAccessBlock(view: StackView, b: ModelBlock, on: string, facts: SecurityFact[]): readonly string[] {
  const guarded = view.namedBlock(b.config.bucket);
  for (const setting of PUBLIC_ACCESS_BLOCK) {
    const value = b.config[setting];
    const isOn = value === true;
    facts.push(
      fact(ID, view, b, {
        identity: `${b.typeKey === "aws_s3_account_public_access_block" ? "account" : `bucket ${view.key(b.config.bucket)}`}#${setting}`,
        fields: [
          ["Exposure", `${setting} = ${value === undefined ? "false (unset)" : view.readable(String(value))}`],
          ["Detail", `S3 public access block of ${on}`],
        ],
        rank: isOn ? 1 : 2,
        broadensWhenAdded: false,
        protective: isOn,
        guards: guarded ? view.canonical(guarded) : undefined,
        unknownFrom: value,
      }),
    );
  }
  return ["*"];
}

/**
 * Public exposure (`public-exposure` grants): ACLs entry by entry (S3 and Cloud Storage, canned
 * ACLs read as the grants they stand for), authorization of routes, methods and function URLs,
 * Cloud Run ingress and invoker check, public access blocks and prevention, object ownership; and
 * every GCP grant to `allUsers` or `allAuthenticatedUsers`. Other exposure arguments are read as a
 * whole.
 */
export const exposureSection: FactSection = {
  id: ID,
  title: "Public exposure",
  kinds: ["public-exposure"],
  facts(view) {
    const facts: SecurityFact[] = [];
    const add: Add = (b, aspect, exposure, detail, extra = {}) =>
      facts.push(
        fact(ID, view, b, {
          identity: `${view.canonical(b.address)}#${aspect}`,
          fields: [
            ["Exposure", exposure],
            ["Detail", detail],
          ],
          broadensWhenAdded: true,
          ...extra,
        }),
      );
    for (const { block, grants } of blocksWith(view, ["public-exposure"])) {
      const read = READERS[block.typeKey]?.(view, block, add, facts) ?? [];
      if (read.includes("*")) continue;
      // What the grant names that no reader read: compared as a whole.
      const rest = grants.flatMap((g: Grant) => g.attributes).filter((a) => a === "*" || !read.includes(a.split(".")[0]));
      const present = rest.includes("*") ? Object.keys(block.config) : rest.filter((a) => block.config[a.split(".")[0]] !== undefined);
      if (present.length === 0) continue;
      const args = argumentsOf(view, block, present);
      add(block, "arguments", `${grants.map((g) => ("what" in g ? g.what : g.kind)).join(", ")}`, args.fields[0][1], {
        content: args.content,
        uncompared: `the review does not compare these arguments of ${block.typeKey}`,
        unknownFrom: args.values,
      });
    }
    for (const { block } of blocksWith(view, ["gcp-iam"])) {
      for (const g of gcpGrantsOf(view.model, block.address).grants) {
        if (!PUBLIC_MEMBERS.has(g.member)) continue;
        const who = g.member === "allUsers" ? "anyone on the internet" : "any Google account";
        const { grant, shownOn } = gcpGrantKey(view, g);
        facts.push(
          fact(ID, view, block, {
            identity: `${JSON.stringify(grant)}#public`,
            fields: [
              ["Exposure", `${g.member}: ${who}`],
              ["Detail", `${view.text(g.role)} on ${shownOn}`],
            ],
            broadensWhenAdded: true,
            unknownFrom: [g.role, g.member, Object.values(g.on)],
          }),
        );
      }
    }
    return facts;
  },
  covers(wide, narrow) {
    const w = wide.grant as { on: string; grantee: string; permission: string } | undefined;
    const n = narrow.grant as { on: string; grantee: string; permission: string } | undefined;
    return w !== undefined && n !== undefined && w.on === n.on && w.grantee === n.grantee && aclPermissionCovers(w.permission, n.permission);
  },
  widens(before, after) {
    if (before.protective && !after.protective) return true;
    if (before.rank !== undefined && after.rank !== undefined && after.rank !== before.rank) return after.rank > before.rank;
    if (after.uncompared !== undefined) return true;
    const b = before.detail ?? {};
    const a = after.detail ?? {};
    if (a.auth === undefined) return after.broadensWhenAdded;
    if (a.authorizer !== b.authorizer) return true;
    const oldScopes = JSON.parse(b.scopes ?? "[]") as string[];
    const newScopes = JSON.parse(a.scopes ?? "[]") as string[];
    // A JWT route accepts a token holding any one of its scopes: more scopes, or none, accept more tokens.
    return (oldScopes.length > 0 && newScopes.length === 0) || (newScopes.length > 0 && newScopes.some((s) => !oldScopes.includes(s)));
  },
};
