import { catalogEntries } from "../../../catalog";
import type { Rule } from "../../rule";
import { describeUnreadable, policiesOf } from "../../../terraform";
import { describeAll, unreadableSecurityValues } from "../security-values";
import { modelOf } from "./iam-statements";

/** AWS types (and data sources) whose catalog entry says what they grant or expose. */
const TYPES = catalogEntries()
  .filter((e) => /^(data\.)?aws_/.test(e.type) && (e.grants?.length ?? 0) > 0)
  .map((e) => e.type);

export const awsReadableSecurityValues: Rule = {
  id: "aws-readable-security-values",
  title: "Policies, principals and CIDRs are readable at synth",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "Every argument that grants or exposes something (an identity, trust or resource policy, an attached policy ARN, a policy document, a Lambda or layer permission, a security group or network ACL rule, an ACL, a public access block, a route's or function URL's authorization: the catalog's `grants` in modules/core/catalog) holds only what the stack's model can read: literal text, references to the stack's own resources, locals and literal expressions it folds, policy documents it renders, data sources whose content it knows. A variable (its default only shown: -var, .tfvars, TF_VAR_ or a workspace variable can change it), another stack's output (remote state), a module output, a data source that reads the cloud (such as `data.aws_iam_policy` of an AWS-managed policy), a function or a `dynamic` block over a list only Terraform knows could be `\"*\"`, `0.0.0.0/0` or AdministratorAccess; so could policy text that is no JSON or writes a key twice in one object (`\"Effect\":\"Allow\",...,\"Effect\":\"Deny\"`): it is reported as \"cannot verify <what> at <address>\", in every environment. Cannot be suppressed: write the value where the model can read it.",
  appliesTo: TYPES,
  check(resource) {
    const unreadable = unreadableSecurityValues(resource, resource.mode === "data" ? `data.${resource.type}` : resource.type);
    // What the model read but the policy reader could not (text that is no JSON, a key written twice); a document's own are the document's.
    const seen = new Set(unreadable.map((u) => describeUnreadable(u)));
    for (const policy of policiesOf(modelOf(resource), resource.address)) {
      if (policy.document !== undefined && policy.kind !== "document") continue;
      for (const u of policy.unreadable) if (!seen.has(describeUnreadable(u))) (seen.add(describeUnreadable(u)), unreadable.push(u));
    }
    return unreadable.length > 0 ? `${describeAll(unreadable)}; no IAM, network or exposure rule can judge it` : undefined;
  },
};
