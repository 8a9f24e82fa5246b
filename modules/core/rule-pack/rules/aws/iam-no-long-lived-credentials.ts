import type { Rule } from "../../rule";

const CREDENTIAL_TYPES: Readonly<Record<string, string>> = {
  aws_iam_access_key: "an access key",
  aws_iam_user_login_profile: "a console password",
  aws_iam_service_specific_credential: "a service-specific credential (CodeCommit, Keyspaces)",
  aws_iam_user_ssh_key: "an SSH public key for CodeCommit",
  aws_iam_signing_certificate: "a signing certificate",
};

export const iamNoLongLivedCredentials: Rule = {
  id: "iam-no-long-lived-credentials",
  title: "The stack creates no long-lived IAM credentials",
  suppressible: false,
  checkov: ["CKV2_AWS_22"],
  trivy: [],
  description:
    "No `aws_iam_access_key`, `aws_iam_user_login_profile`, `aws_iam_service_specific_credential`, `aws_iam_user_ssh_key` or `aws_iam_signing_certificate`: their secret (or initial password) is written to the Terraform state and never expires. Cannot be suppressed: workloads get roles, CI gets OIDC, people get IAM Identity Center.",
  appliesTo: Object.keys(CREDENTIAL_TYPES),
  check(resource) {
    return `creates ${CREDENTIAL_TYPES[resource.type]} for ${String(resource.config.user ?? resource.config.user_name ?? "a user")}, whose secret lands in the Terraform state; use a role (workloads, OIDC for CI) or IAM Identity Center (people)`;
  },
};
