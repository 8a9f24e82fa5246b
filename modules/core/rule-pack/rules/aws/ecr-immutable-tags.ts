import { isExpression, show } from "../../config";
import type { Rule } from "../../rule";

export const ecrImmutableTags: Rule = {
  id: "ecr-immutable-tags",
  title: "ECR repositories have immutable tags",
  checkov: ["CKV_AWS_51"],
  trivy: ["AWS-0031"],
  description: '`image_tag_mutability` is `"IMMUTABLE"`: a pushed tag can never be repointed to other code, so what was reviewed and scanned is what runs.',
  appliesTo: ["aws_ecr_repository"],
  check(repository) {
    const mutability = repository.config.image_tag_mutability;
    if (isExpression(mutability) || (typeof mutability === "string" && mutability.startsWith("IMMUTABLE"))) return undefined;
    return `image_tag_mutability is ${show(mutability ?? "MUTABLE (default)")}; use "IMMUTABLE" (EcrRepository prop immutableTags: true, the default)`;
  },
};
