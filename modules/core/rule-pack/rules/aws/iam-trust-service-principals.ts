import type { Rule } from "../../rule";
import { isAssumeRoleAction, permissionStatements, trustStatements, type IamStatement } from "./iam-statements";

export const iamTrustServicePrincipals: Rule = {
  id: "iam-trust-service-principals",
  title: "Roles are assumable by AWS service principals only",
  checkov: ["CKV_AWS_60", "CKV_AWS_61"],
  trivy: [],
  description:
    'A trust policy (an Allow statement with principals granting `sts:AssumeRole*`, in a policy document or a role\'s literal `assume_role_policy`) names only `Service` principals such as `lambda.amazonaws.com`: never `"*"`, an account, a user or a federated identity. Cannot be suppressed: cross-account and CI (OIDC) roles live outside the service stacks\' packs.',
  appliesTo: ["data.aws_iam_policy_document", "aws_iam_role"],
  check(resource) {
    const statements: IamStatement[] = resource.mode === "data" ? permissionStatements(resource) : trustStatements(resource);
    const problems: string[] = [];
    for (const s of statements) {
      if (s.effect !== "Allow" || !s.actions.some(isAssumeRoleAction)) continue;
      if (s.hasNotPrincipals) problems.push(`${s.label} trusts everyone but its not_principals`);
      for (const p of s.principals) {
        const bad = p.type === "Service" ? p.identifiers.filter((id) => !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(id)) : p.identifiers;
        if (bad.length > 0) problems.push(`${s.label} trusts ${p.type === "*" ? '"*" (anyone)' : `${p.type} ${bad.join(", ")}`}`);
      }
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}; trust only the AWS service that runs the code (e.g. lambda.amazonaws.com)`;
  },
};
