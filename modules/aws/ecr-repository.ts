import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository as EcrRepositoryResource } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";
import { booleanValue, integerBetween, KMS_KEY_OR_ALIAS_ARN, matches } from "../core/rules";
import { optional, props, required, type TypeOf } from "../core/schema";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { useRelativeLocalState } from "../core/relative-local-state";
import { checkAgainstAwsStack } from "./aws-stack-checks";

/** The props of `EcrRepository`. */
export const ECR_REPOSITORY_PROPS = props(
  {
    /** Repository name: 2 to 256 lowercase characters, `/` separating namespaces. */
    name: required(
      matches(/^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, "2 to 256 lowercase letters, digits, . _ - and / (between words)"),
    ),
    /** Refuse to overwrite a tag. @default true */
    immutableTags: optional(booleanValue),
    /** Scan each image for vulnerabilities when it is pushed. @default true */
    scanOnPush: optional(booleanValue),
    /** Keep this many most recent images; older ones expire. @default 20 */
    keepLastImages: optional(integerBetween(1, 10000, "images")),
    /** Untagged images expire after this many days. @default 7 */
    untaggedExpiryDays: optional(integerBetween(1, 3650, "days")),
    /** Customer-managed KMS key. @default the AWS-managed KMS key for ECR */
    kmsKeyArn: optional(KMS_KEY_OR_ALIAS_ARN),
    /** Tags on every resource it creates (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "EcrRepository props",
    expected: "an object with at least name",
    refine(props, r) {
      const scope = r.scope!;
      // Two repositories with the same name plan fine and fail at apply (RepositoryAlreadyExistsException).
      claimUniqueName(r.v, scope, "repository name", "name", props.name);
      checkAgainstAwsStack(r, props);
    },
  },
);

export interface EcrRepositoryProps extends TypeOf<typeof ECR_REPOSITORY_PROPS> {}

/** An ECR repository for image functions: immutable tags, scan on push, KMS encryption, lifecycle. */
export class EcrRepository extends Construct {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: add `:<tag>` or `@sha256:...` for an image URI. */
  public readonly repositoryUrl: string;
  public readonly arn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    useRelativeLocalState(this);
    ECR_REPOSITORY_PROPS.validate(this, props);

    const repository = new EcrRepositoryResource(this, "Repository", {
      name: props.name,
      imageTagMutability: props.immutableTags === false ? "MUTABLE" : "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: props.scanOnPush ?? true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      tags: props.tags ? { ...props.tags } : undefined,
    });

    new EcrLifecyclePolicy(this, "LifecyclePolicy", {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${props.untaggedExpiryDays ?? 7} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: props.untaggedExpiryDays ?? 7 },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${props.keepLastImages ?? 20} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepLastImages ?? 20 },
            action: { type: "expire" },
          },
        ],
      }),
    });

    this.repositoryUrl = repository.repositoryUrl;
    this.arn = repository.arn;
    this.name = props.name;
  }
}
