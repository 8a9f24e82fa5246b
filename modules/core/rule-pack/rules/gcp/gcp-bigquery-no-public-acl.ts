import { blocks } from "../../config";
import type { Config } from "../../config";
import type { Rule } from "../../rule";
import { cannotVerify, unreadableExpressions } from "../readable";
import { PUBLIC_MEMBERS } from "./iam-members";

/** The members an access entry (a dataset's `access` block, a `google_bigquery_dataset_access`) opens the dataset to. */
function publicEntries(entry: Config): string[] {
  return [entry.special_group, entry.iam_member].filter((m): m is string => typeof m === "string" && PUBLIC_MEMBERS.some((p) => p.toLowerCase() === m.trim().toLowerCase()));
}

export const gcpBigqueryNoPublicAcl: Rule = {
  id: "gcp-bigquery-no-public-acl",
  title: "BigQuery datasets are not shared with the public",
  suppressible: false,
  checkov: ["CKV_GCP_15"],
  trivy: ["GCP-0046"],
  description:
    "No `access` block of a `google_bigquery_dataset` and no `google_bigquery_dataset_access` names `allUsers` or `allAuthenticatedUsers` (as `special_group` or `iam_member`): everyone could query the dataset. A member only Terraform knows (`${var.x}`) cannot be verified and is a finding. IAM grants on datasets and tables to the public are `gcp-no-public-access`'. Cannot be suppressed.",
  appliesTo: ["google_bigquery_dataset", "google_bigquery_dataset_access"],
  check(resource) {
    const entries = resource.type === "google_bigquery_dataset" ? blocks(resource.config.access) : [resource.config];
    const unreadable = unreadableExpressions(entries.map((e) => [e.special_group, e.iam_member]));
    if (unreadable.length > 0) return `${cannotVerify("the access entries", unreadable)}; they could name allUsers`;
    const open = entries.flatMap((e) => publicEntries(e).map((m) => `${String(e.role ?? "a role")} to ${m}`));
    if (open.length === 0) return undefined;
    return `${resource.type === "google_bigquery_dataset" ? "access" : "the access entry"} grants ${open.join(", ")}: anyone can query the dataset; share it with named principals or authorized views`;
  },
};
