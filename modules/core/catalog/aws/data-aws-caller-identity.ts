import { type CatalogEntry } from "../entry";

/** The account, user and ARN Terraform runs as; the account is the provider's one allowed account when it names one. */
export const entry: CatalogEntry = {
  type: "data.aws_caller_identity",
  data: (attribute, _c, p) => { if (attribute === "account_id" || attribute === "id") return p.accountId ? { value: p.accountId } : { identity: true }; return attribute === "arn" || attribute === "user_id" ? { identity: true } : undefined; },
};
