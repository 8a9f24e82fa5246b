import { isSet } from "../../config";
import type { Rule } from "../../rule";
import { isAssumeRoleAction, permissionStatements } from "./iam-statements";
import { callerPinning, ignoredConditionsText, isPublicPrincipal, RESOURCE_POLICY_ATTRIBUTES, resourcePolicyStatements } from "./resource-policies";

export const resourcePolicyNoPublicPrincipal: Rule = {
  id: "resource-policy-no-public-principal",
  title: "Resource policies grant nothing to everyone",
  checkov: ["CKV_AWS_70", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33"],
  trivy: [],
  description:
    'No Allow statement of a resource-based policy (bucket, queue, topic, KMS key, secret, ECR repository, DynamoDB, Kinesis, event bus, API Gateway, access point, EFS, backup, Glacier, OpenSearch or log resource policy, as literal JSON or an `aws_iam_policy_document`; a layer permission) has `Principal "*"`, `AWS "*"` or `NotPrincipal` without a condition that pins the caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceVpce`, `aws:SourceIp`, `kms:CallerAccount`...) that really restricts. A condition that only looks restrictive is judged as no condition: `...IfExists`, `ForAllValues:` on a key that may be absent (without `Null` false), a negative operator, `"*"` or an ARN pattern that names no account or resource (`arn:aws:*`), a value taken from the request (`${aws:PrincipalAccount}`) or one only Terraform knows (`${var.x}`). Trust policies are `iam-trust-service-principals`\' business.',
  appliesTo: ["data.aws_iam_policy_document", ...Object.keys(RESOURCE_POLICY_ATTRIBUTES), "aws_lambda_layer_version_permission"],
  check(resource) {
    if (resource.type === "aws_lambda_layer_version_permission") {
      const { principal, organization_id: organization } = resource.config;
      return principal === "*" && !isSet(organization) ? 'principal is "*" without organization_id: every AWS account can use the layer; name the account or set organization_id' : undefined;
    }
    const statements = resource.mode === "data" ? permissionStatements(resource) : resourcePolicyStatements(resource);
    const open = statements
      .filter((s) => s.effect === "Allow" && (s.principals.some(isPublicPrincipal) || s.hasNotPrincipals) && !(s.actions.length > 0 && s.actions.every(isAssumeRoleAction)))
      .map((s) => ({ s, pinning: callerPinning(s) }))
      .filter(({ pinning }) => !pinning.pins);
    if (open.length === 0) return undefined;
    return `${open
      .map(
        ({ s, pinning }) =>
          `${s.label} allows ${s.actions.join(", ") || "its actions"} to ${s.hasNotPrincipals ? "everyone but its NotPrincipal" : 'Principal "*"'} with no condition on the caller${ignoredConditionsText(pinning.ignored)}`,
      )
      .join("; ")}; name the principals, or pin them with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID naming one account, organization or resource`;
  },
};
