import { arnOf, literal, type CatalogEntry } from "../entry";

/** An OIDC identity provider: whose tokens may assume roles that trust it. */
export const entry: CatalogEntry = {
  type: "aws_iam_openid_connect_provider",
  arn: (c, p) => { const url = literal(c, "url"); return url ? arnOf(p, "iam", `oidc-provider/${url.replace(/^https:\/\//, "")}`, { region: false }) : undefined; },
  globalNames: [{ attribute: "url", scope: "aws-account", what: "IAM OIDC provider URL", caseInsensitive: true }],
  forceNew: ["url"],
  grants: [
    { kind: "trust-policy", attributes: ["url", "client_id_list"] },
  ],
  local: { kind: "inert", why: "who may assume roles from outside the account: no outside identity calls locally" },
};
