import { dig, isExpression, show } from "../../config";
import type { Rule } from "../../rule";

export const ecrKmsEncryption: Rule = {
  id: "ecr-kms-encryption",
  title: "ECR repositories are encrypted with KMS",
  checkov: ["CKV_AWS_136"],
  trivy: [],
  description:
    '`encryption_configuration.encryption_type` is `"KMS"` (AES256 is the default otherwise). trivy AWS-0033 additionally wants a customer-managed key (`kms_key`); that is EcrRepository\'s `kmsKeyArn`, not required here.',
  appliesTo: ["aws_ecr_repository"],
  check(repository) {
    const type = dig(repository.config, "encryption_configuration.encryption_type");
    if (type === "KMS" || isExpression(type)) return undefined;
    return `encryption_configuration.encryption_type is ${show(type ?? "AES256 (default)")}; use "KMS" (EcrRepository does)`;
  },
};
