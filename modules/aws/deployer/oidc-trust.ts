import { Validator } from "../../core/validation";

/** Whom a deployer role trusts: tokens of one OIDC issuer, for one audience, with one of these exact subjects. */
export interface OidcTrust {
  /** The issuer's host, which is also the prefix of its condition keys (`token.actions.githubusercontent.com`). */
  readonly host: string;
  /** The account's IAM OIDC provider for that issuer (an ARN or a reference to one). */
  readonly providerArn: string;
  /** The `aud` the tokens must carry. */
  readonly audience: string;
  /** The exact `sub` claims the role accepts: one per repository environment, or per workspace and run phase. */
  readonly subjects: readonly string[];
}

/** A trust statement in the shape of an `aws_iam_policy_document` statement block. */
export interface TrustStatement {
  readonly sid: string;
  readonly effect: "Allow";
  readonly actions: string[];
  readonly principals: { type: string; identifiers: string[] }[];
  readonly condition: { test: string; variable: string; values: string[] }[];
}

/** Characters IAM's string conditions or Terraform's templates would read as more than one subject. */
const NOT_EXACT = /[*?]|\$\{|%\{/;

/**
 * The trust statement of a deployer role: `sts:AssumeRoleWithWebIdentity` for the issuer's provider,
 * with `StringEquals` on its audience and on the listed subjects (never `StringLike`, never a
 * wildcard): a token for another repository, branch, environment, workspace or run phase is refused.
 * Throws, naming `path`, for a subject or audience that is not one exact value.
 */
export function oidcTrustStatement(path: string, sid: string, trust: OidcTrust): TrustStatement {
  const v = new Validator("OIDC trust", path);
  if (trust.subjects.length === 0) v.fail("subjects", "at least one exact subject", trust.subjects);
  trust.subjects.forEach((s, i) => {
    if (typeof s !== "string" || s === "" || NOT_EXACT.test(s)) v.fail(`subjects[${i}]`, "one exact subject (no *, ? or template)", s);
  });
  if (typeof trust.audience !== "string" || trust.audience === "" || NOT_EXACT.test(trust.audience)) v.fail("audience", "one exact audience", trust.audience);
  v.throwIfInvalid();
  return {
    sid,
    effect: "Allow",
    actions: ["sts:AssumeRoleWithWebIdentity"],
    principals: [{ type: "Federated", identifiers: [trust.providerArn] }],
    condition: [
      { test: "StringEquals", variable: `${trust.host}:aud`, values: [trust.audience] },
      { test: "StringEquals", variable: `${trust.host}:sub`, values: [...trust.subjects].sort() },
    ],
  };
}
