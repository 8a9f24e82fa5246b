import { isSet } from "../../config";
import type { Rule } from "../../rule";
import { isAssumeRoleAction, permissionStatements } from "./iam-statements";
import { hasRestrictingCondition, isPublicPrincipal, RESOURCE_POLICY_ATTRIBUTES, resourcePolicyStatements } from "./resource-policies";

export const resourcePolicyNoPublicPrincipal: Rule = {
  id: "resource-policy-no-public-principal",
  title: "Resource policies grant nothing to everyone",
  checkov: ["CKV_AWS_70", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33"],
  trivy: [],
  description:
    'No Allow statement of a resource-based policy (bucket, queue, topic, KMS key, secret, ECR repository, DynamoDB, Kinesis, event bus, API Gateway, access point, EFS, backup, Glacier, OpenSearch or log resource policy, as literal JSON or an `aws_iam_policy_document`; a layer permission) has `Principal "*"`, `AWS "*"` or `NotPrincipal` without a condition that pins the caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceVpce`, `aws:SourceIp`, `kms:CallerAccount`...). Trust policies are `iam-trust-service-principals`\' business.',
  appliesTo: ["data.aws_iam_policy_document", ...Object.keys(RESOURCE_POLICY_ATTRIBUTES), "aws_lambda_layer_version_permission"],
  check(resource) {
    if (resource.type === "aws_lambda_layer_version_permission") {
      const { principal, organization_id: organization } = resource.config;
      return principal === "*" && !isSet(organization) ? 'principal is "*" without organization_id: every AWS account can use the layer; name the account or set organization_id' : undefined;
    }
    const statements = resource.mode === "data" ? permissionStatements(resource) : resourcePolicyStatements(resource);
    const open = statements.filter(
      (s) =>
        s.effect === "Allow" &&
        (s.principals.some(isPublicPrincipal) || s.hasNotPrincipals) &&
        !(s.actions.length > 0 && s.actions.every(isAssumeRoleAction)) &&
        !hasRestrictingCondition(s),
    );
    if (open.length === 0) return undefined;
    return `${open.map((s) => `${s.label} allows ${s.actions.join(", ") || "its actions"} to ${s.hasNotPrincipals ? "everyone but its NotPrincipal" : 'Principal "*"'}`).join("; ")} with no condition on the caller; name the principals, or pin them with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID`;
  },
};
