import { catalogEntries } from "../../../catalog";
import type { Rule } from "../../rule";
import { describeAll, unreadableSecurityValues } from "../security-values";

/** GCP types (and data sources) whose catalog entry says what they grant or expose. */
const TYPES = catalogEntries()
  .filter((e) => /^(data\.)?google_/.test(e.type) && (e.grants?.length ?? 0) > 0)
  .map((e) => e.type);

export const gcpReadableSecurityValues: Rule = {
  id: "gcp-readable-security-values",
  title: "IAM members, roles and policies are readable at synth",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "Every argument of a GCP IAM member, binding or policy (at any level), a custom role's permissions, a BigQuery dataset's access, a bucket or object ACL, a firewall rule, a Cloud Run service's ingress and invoker check, a workload identity provider's condition (the catalog's `grants` in modules/core/catalog) holds only what the stack's model can read: literal text, references to the stack's own resources, folded locals, a `data.google_iam_policy` of the stack. A variable, a local only Terraform knows, another stack's output, a module output or a function could be `allUsers` or `roles/owner`: it is reported as \"cannot verify <what> at <address>\", in every environment. Cannot be suppressed.",
  appliesTo: TYPES,
  check(resource) {
    const unreadable = unreadableSecurityValues(resource, resource.mode === "data" ? `data.${resource.type}` : resource.type);
    return unreadable.length > 0 ? `${describeAll(unreadable)}; no IAM or exposure rule can judge it` : undefined;
  },
};
