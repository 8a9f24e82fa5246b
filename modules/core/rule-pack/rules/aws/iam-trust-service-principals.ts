import type { Rule } from "../../rule";
import { federatedTrustProblems } from "./deployer-identities";
import { isAssumeRoleAction, permissionStatements, trustStatements, type IamStatement } from "./iam-statements";

export const iamTrustServicePrincipals: Rule = {
  id: "iam-trust-service-principals",
  title: "Roles are assumable by AWS service principals, or by the environment's exact deployers",
  checkov: ["CKV_AWS_60", "CKV_AWS_61"],
  trivy: [],
  description:
    'A trust policy (an Allow statement with principals granting `sts:AssumeRole*`, in a policy document or a role\'s literal `assume_role_policy`) names only `Service` principals such as `lambda.amazonaws.com`: never `"*"`, an account or a user. The one federated trust allowed is the environment\'s deployers\' (its config declares them: a GitHub repository, HCP Terraform): `sts:AssumeRoleWithWebIdentity` only, for an IAM OIDC provider of the environment\'s account whose issuer deploys it, with `StringEquals` on the issuer\'s `aud` and `sub`, each value exact (no `StringLike`, no wildcard, no `IfExists`), each subject one the config allows (`repo:<repository>:environment:<env>` or `<env>-plan`; `organization:<org>:project:<project>:workspace:<project>-<stack>:run_phase:plan|apply`). Cannot be suppressed.',
  appliesTo: ["data.aws_iam_policy_document", "aws_iam_role"],
  check(resource, context) {
    const statements: IamStatement[] = resource.mode === "data" ? permissionStatements(resource) : trustStatements(resource);
    const problems: string[] = [];
    for (const s of statements) {
      if (s.effect !== "Allow" || !s.actions.some(isAssumeRoleAction)) continue;
      if (s.hasNotPrincipals) problems.push(`${s.label} trusts everyone but its not_principals`);
      const federated = s.principals.some((p) => p.type === "Federated");
      for (const p of s.principals) {
        if (p.type === "Federated") continue;
        const bad = p.type === "Service" ? p.identifiers.filter((id) => !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(id)) : p.identifiers;
        if (bad.length > 0) problems.push(`${s.label} trusts ${p.type === "*" ? '"*" (anyone)' : `${p.type} ${bad.join(", ")}`}`);
      }
      if (federated) {
        if (s.principals.some((p) => p.type !== "Federated")) problems.push(`${s.label} trusts a federated identity together with other principals`);
        problems.push(...federatedTrustProblems(s, context.traits.deployer, context.environment));
      }
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}; trust only the AWS service that runs the code (e.g. lambda.amazonaws.com), or the environment's deployers by their exact subjects`;
  },
};
