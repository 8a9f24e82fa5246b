import { block as firstBlock, type Config, type ModelBlock } from "../../../modules/core/terraform";
import { wildcardMatches } from "../../../modules/core/policy/conditions";
import { argumentsOf, blocksWith, fact, type FactSection, type SecurityFact } from "../facts";
import type { StackView } from "../stack-view";

const ID = "resource-permissions";

/** What a permission statement says, read from the arguments of its type (values as keys: references by address). */
interface Permission {
  readonly target: unknown;
  readonly principal: unknown;
  readonly action: unknown;
  readonly sourceArn?: unknown;
  readonly sourceAccount?: unknown;
  readonly orgId?: unknown;
  readonly qualifier?: unknown;
  readonly urlAuth?: unknown;
  readonly token?: unknown;
}

/**
 * The permission types whose arguments the review reads one by one: a Lambda function's, an event
 * bus's (`aws_cloudwatch_event_permission`, its `condition` on `aws:PrincipalOrgID`) and a layer
 * version's. Any other `resource-permission` type is read as a whole (`uncompared`).
 */
const READERS: Readonly<Record<string, (c: Config) => Permission>> = {
  aws_lambda_permission: (c) => ({
    target: c.function_name,
    principal: c.principal,
    action: c.action,
    sourceArn: c.source_arn,
    sourceAccount: c.source_account,
    orgId: c.principal_org_id,
    qualifier: c.qualifier,
    urlAuth: c.function_url_auth_type,
    token: c.event_source_token === undefined ? undefined : "(set)",
  }),
  aws_cloudwatch_event_permission: (c) => {
    const condition = firstBlock(c.condition);
    return {
      target: c.event_bus_name ?? "default",
      principal: c.principal,
      action: c.action ?? "events:PutEvents",
      orgId: condition ? `${String(condition.type ?? "?")} ${String(condition.key ?? "?")} = ${String(condition.value ?? "?")}` : undefined,
    };
  },
  aws_lambda_layer_version_permission: (c) => ({
    target: `${String(c.layer_name)}:${String(c.version_number)}`,
    principal: c.principal,
    action: c.action,
    orgId: c.organization_id,
  }),
};

const COLUMNS: readonly [keyof Permission, string][] = [
  ["target", "Target"],
  ["principal", "Principal"],
  ["sourceArn", "Source ARN"],
  ["action", "Action"],
  ["qualifier", "Qualifier"],
  ["sourceAccount", "Source account"],
  ["orgId", "Principal org"],
  ["urlAuth", "URL auth"],
];

function permissionFact(view: StackView, block: ModelBlock, read: (c: Config) => Permission): SecurityFact {
  const p = read(view.canonicalValue(block.config) as Config);
  const key = (v: unknown) => (v === undefined || v === null ? "" : view.key(v));
  const detail = Object.fromEntries(COLUMNS.map(([k]) => [k, key(p[k])]).concat([["token", key(p.token)]]));
  return fact(ID, view, block, {
    identity: view.canonical(block.address),
    fields: COLUMNS.map(([k, label]) => [label, k === "target" ? view.target(p[k]) : view.text(p[k])]),
    content: JSON.stringify(detail),
    broadensWhenAdded: true,
    detail,
    unknownFrom: [p.principal, p.sourceArn, p.sourceAccount, p.orgId, p.urlAuth, p.action, p.target],
  });
}

/**
 * Permissions on one resource for a principal (`resource-permission` grants): a new one widens;
 * a changed one widens with a new principal (only `*` becoming a named one narrows), target,
 * action or qualifier, a source ARN outside the old one, a source account or organization dropped
 * or changed, a function URL's auth type becoming `NONE`, an event source token dropped.
 */
export const permissionsSection: FactSection = {
  id: ID,
  title: "Resource permissions",
  kinds: ["resource-permission"],
  facts(view) {
    return blocksWith(view, ["resource-permission"]).map(({ block, grants }) => {
      const read = READERS[block.typeKey];
      if (read) return permissionFact(view, block, read);
      const args = argumentsOf(view, block, grants.flatMap((g) => g.attributes));
      return fact(ID, view, block, {
        identity: view.canonical(block.address),
        fields: args.fields,
        content: args.content,
        broadensWhenAdded: true,
        uncompared: `the review does not compare the arguments of ${block.typeKey}`,
        unknownFrom: args.values,
      });
    });
  },
  widens(before, after) {
    if (after.detail === undefined || before.detail === undefined) return true;
    const b = before.detail;
    const a = after.detail;
    // Any other principal is a new caller; only replacing `*` by a named one narrows.
    if ((a.principal !== b.principal && b.principal !== "*") || a.target !== b.target || a.action !== b.action || a.qualifier !== b.qualifier) return true;
    if (b.principal === "*" && a.principal !== "*") return false;
    if (a.sourceArn !== b.sourceArn && (b.sourceArn === "" ? false : a.sourceArn === "" || !wildcardMatches(b.sourceArn, a.sourceArn))) return true;
    if (a.sourceAccount !== b.sourceAccount && b.sourceAccount !== "") return true;
    if (a.orgId !== b.orgId && b.orgId !== "") return true;
    if (a.urlAuth !== b.urlAuth && a.urlAuth === "NONE") return true;
    return a.token !== b.token && a.token === "";
  },
};
