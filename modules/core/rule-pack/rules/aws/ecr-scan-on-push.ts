import { dig, isTrueOrUnknown } from "../../config";
import type { Rule } from "../../rule";

export const ecrScanOnPush: Rule = {
  id: "ecr-scan-on-push",
  title: "ECR repositories scan images on push",
  checkov: ["CKV_AWS_163"],
  trivy: ["AWS-0030"],
  description:
    "`image_scanning_configuration.scan_on_push` is true (or the stack turns on enhanced scanning for the registry with `aws_ecr_registry_scanning_configuration`), so every image is scanned for known vulnerabilities.",
  appliesTo: ["aws_ecr_repository"],
  check(repository, context) {
    if (isTrueOrUnknown(dig(repository.config, "image_scanning_configuration.scan_on_push"))) return undefined;
    if (context.ofType("aws_ecr_registry_scanning_configuration").some((c) => c.config.scan_type === "ENHANCED")) return undefined;
    return "image_scanning_configuration.scan_on_push is not true; scan images on push (EcrRepository prop scanOnPush: true, the default)";
  },
};
