import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository as EcrRepositoryResource } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";
import { arnRegion, checkArns, checkSameRegion } from "../core/apply-time";
import { checkAgainstStack } from "../core/stack-context";
import { booleanValue, integerBetween, KMS_KEY_OR_ALIAS_ARN, matches } from "../core/rules";
import { validateAwsTags } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { Validator } from "../core/validation";
import type { AllKeysListed } from "../core/known-keys";
import { useRelativeLocalState } from "../core/relative-local-state";

export interface EcrRepositoryProps {
  /** Repository name: 2 to 256 lowercase characters, `/` separating namespaces. */
  readonly name: string;
  /** Refuse to overwrite a tag. @default true */
  readonly immutableTags?: boolean;
  /** Scan each image for vulnerabilities when it is pushed. @default true */
  readonly scanOnPush?: boolean;
  /** Keep this many most recent images; older ones expire. @default 20 */
  readonly keepLastImages?: number;
  /** Untagged images expire after this many days. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Customer-managed KMS key. @default the AWS-managed KMS key for ECR */
  readonly kmsKeyArn?: string;
  /** @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every key of `EcrRepositoryProps`, for `Validator.onlyKnownKeys`. */
export const ECR_REPOSITORY_PROP_KEYS = [
  "name",
  "immutableTags",
  "scanOnPush",
  "keepLastImages",
  "untaggedExpiryDays",
  "kmsKeyArn",
  "tags",
] as const satisfies readonly (keyof EcrRepositoryProps)[];
export type EcrRepositoryPropKeysComplete = AllKeysListed<Exclude<keyof EcrRepositoryProps, (typeof ECR_REPOSITORY_PROP_KEYS)[number]>>;

/** An ECR repository for image functions: immutable tags, scan on push, KMS encryption, lifecycle. */
export class EcrRepository extends Construct {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: add `:<tag>` or `@sha256:...` for an image URI. */
  public readonly repositoryUrl: string;
  public readonly arn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    useRelativeLocalState(this);
    const v = new Validator("EcrRepository props", this.node.path);
    if (!v.props(props, ECR_REPOSITORY_PROP_KEYS, "an object with at least name")) v.throwIfInvalid();
    // Two repositories with the same name plan fine and fail at apply (RepositoryAlreadyExistsException).
    claimUniqueName(v, this, "repository name", "name", props.name);
    v.required("name", props.name).check(
      "name",
      props.name,
      matches(/^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, "2 to 256 lowercase letters, digits, . _ - and / (between words)"),
    );
    v.check("immutableTags", props.immutableTags, booleanValue);
    v.check("scanOnPush", props.scanOnPush, booleanValue);
    v.check("keepLastImages", props.keepLastImages, integerBetween(1, 10000, "images"));
    v.check("untaggedExpiryDays", props.untaggedExpiryDays, integerBetween(1, 3650, "days"));
    v.check("kmsKeyArn", props.kmsKeyArn, KMS_KEY_OR_ALIAS_ARN);
    checkAgainstStack(v, this, "aws", "EcrRepository props", (v, { aws }) => {
      checkArns(v, props, aws);
      checkSameRegion(v, "kmsKeyArn", props.kmsKeyArn, arnRegion(props.kmsKeyArn), aws, "a KMS key");
      validateAwsTags(v, "tags", props.tags, aws?.defaultTags);
    });
    v.throwIfInvalid();

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
