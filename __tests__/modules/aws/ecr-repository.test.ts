import { EcrRepository as EcrRepositoryResource } from "@cdktf/provider-aws/lib/ecr-repository";
import { Testing } from "cdktf";
import { EcrRepository, ServerlessFunction, type EcrRepositoryProps } from "../../../modules/aws";
import { newStack, only, ref, resolved, synth, validationError, type Json } from "./support";

function repo(props: Partial<EcrRepositoryProps> = {}) {
  const stack = newStack();
  const construct = new EcrRepository(stack, "Repo", { name: "svc/users", ...props } as EcrRepositoryProps);
  const text = Testing.synth(stack);
  return { stack, repo: construct, json: JSON.parse(text) as Json, text };
}

describe("EcrRepository", () => {
  test("defaults: immutable tags, scan on push, KMS encryption with the AWS-managed key", () => {
    const { json } = repo();
    expect(only(json, "aws_ecr_repository")).toEqual({
      name: "svc/users",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS" }],
    });
  });

  test("mutable tags, no scan and a customer-managed key when asked", () => {
    const { text } = repo({ immutableTags: false, scanOnPush: false, kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(text).toHaveResourceWithProperties(EcrRepositoryResource, {
      image_tag_mutability: "MUTABLE",
      image_scanning_configuration: { scan_on_push: false },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" }],
    });
  });

  test("lifecycle policy: untagged images expire after 7 days, then only the last 20 images are kept", () => {
    const { json } = repo();
    const lifecycle = only(json, "aws_ecr_lifecycle_policy");
    expect(lifecycle.repository).toMatch(ref("aws_ecr_repository", "name"));
    expect(JSON.parse(lifecycle.policy)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images after 7 days",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the last 20 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
          action: { type: "expire" },
        },
      ],
    });
  });

  test("lifecycle counts as given", () => {
    const rules = JSON.parse(only(repo({ keepLastImages: 5, untaggedExpiryDays: 1 }).json, "aws_ecr_lifecycle_policy").policy).rules;
    expect(rules.map((r: Json) => r.selection.countNumber)).toEqual([1, 5]);
  });

  test("the rule for any tag status comes last, as ECR requires", () => {
    const rules = JSON.parse(only(repo().json, "aws_ecr_lifecycle_policy").policy).rules as Json[];
    const any = rules.find((r) => r.selection.tagStatus === "any");
    expect(any.rulePriority).toBe(Math.max(...rules.map((r) => r.rulePriority)));
  });

  test("tags on the repository", () => {
    expect(only(repo({ tags: { Owner: "platform-team" } }).json, "aws_ecr_repository").tags).toEqual({ Owner: "platform-team" });
  });

  test("exposes its URL and ARN, and an image function can use the URL", () => {
    const { stack, repo: construct } = repo();
    expect(resolved(stack, construct.repositoryUrl)).toMatch(ref("aws_ecr_repository", "repository_url"));
    expect(resolved(stack, construct.arn)).toMatch(ref("aws_ecr_repository", "arn"));
    expect(construct.name).toBe("svc/users");
    new ServerlessFunction(stack, "Fn", { functionName: "fn", imageUri: `${construct.repositoryUrl}:1.0.0`, architecture: "arm64" });
    expect(only(synth(stack), "aws_lambda_function").image_uri).toMatch(/^\$\{aws_ecr_repository\.[A-Za-z0-9_]+\.repository_url\}:1\.0\.0$/);
  });
});

describe("EcrRepository validation", () => {
  function refused(props: Partial<EcrRepositoryProps>, prop: string, rule: string | RegExp, received: unknown): void {
    const error = validationError(() => repo(props));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "stack/Repo", prop, received });
    expect(error.problems[0].rule).toEqual(typeof rule === "string" ? rule : expect.stringMatching(rule));
    expect(error.message).toContain(`Invalid EcrRepository props at stack/Repo`);
    expect(error.message).toContain(`[stack/Repo] ${prop}: must be`);
  }

  test("an unknown prop (repositoryName, imageTagMutability) is refused, not ignored", () => {
    const error = validationError(() => repo({ repositoryName: "x", imageTagMutability: "MUTABLE" } as Partial<EcrRepositoryProps>));
    expect(error.problems.map((p) => [p.prop, p.rule, p.received])).toEqual(
      ["repositoryName", "imageTagMutability"].map((prop) => [
        prop,
        "one of the known props (name, immutableTags, scanOnPush, keepLastImages, untaggedExpiryDays, kmsKeyArn, tags)",
        "an unknown prop",
      ]),
    );
  });

  test("a second repository of the stack with the same name is refused", () => {
    const stack = newStack();
    new EcrRepository(stack, "A", { name: "svc/users" });
    const error = validationError(() => new EcrRepository(stack, "B", { name: "svc/users" }));
    expect(error.problems).toEqual([
      { path: "stack/B", prop: "name", rule: "a repository name no other construct of the stack uses (stack/A has it)", received: "svc/users" },
    ]);
  });

  test("a name with uppercase is refused", () => {
    refused({ name: "svc/Users" }, "name", "2 to 256 lowercase letters, digits, . _ - and / (between words)", "svc/Users");
  });

  test("a name with a leading, trailing or doubled separator is refused", () => {
    refused({ name: "/users" }, "name", /^2 to 256 lowercase/, "/users");
    refused({ name: "users-" }, "name", /^2 to 256 lowercase/, "users-");
    refused({ name: "svc//users" }, "name", /^2 to 256 lowercase/, "svc//users");
  });

  test("a one-character name is refused", () => {
    refused({ name: "u" }, "name", /^2 to 256 lowercase/, "u");
  });

  test("a missing name is refused", () => {
    const error = validationError(() => repo({ name: undefined }));
    expect(error.problems[0]).toMatchObject({ prop: "name", rule: "set (it is required)" });
  });

  test("keepLastImages 0 is refused", () => {
    refused({ keepLastImages: 0 }, "keepLastImages", "an integer from 1 to 10000 images", 0);
  });

  test("untaggedExpiryDays 0 is refused", () => {
    refused({ untaggedExpiryDays: 0 }, "untaggedExpiryDays", "an integer from 1 to 3650 days", 0);
  });

  test("a KMS key that is not a KMS ARN is refused", () => {
    refused({ kmsKeyArn: "alias/aws/ecr" }, "kmsKeyArn", "a KMS key or alias ARN, ...:key/<key id> or ...:alias/<name> (arn:aws:kms:<region>:<account>:...)", "alias/aws/ecr");
  });

  test("immutableTags and scanOnPush must be booleans", () => {
    refused({ immutableTags: "yes" as unknown as boolean }, "immutableTags", "true or false", "yes");
    refused({ scanOnPush: 1 as unknown as boolean }, "scanOnPush", "true or false", 1);
  });

  test("tag key aws:x is refused", () => {
    refused({ tags: { "aws:x": "v" } }, "tags key", "a key without the reserved prefix aws:", "aws:x");
  });

  test("several problems are reported together", () => {
    const error = validationError(() => repo({ name: "Bad", keepLastImages: 0, kmsKeyArn: "k" }));
    expect(error.problems.map((p) => p.prop)).toEqual(["name", "keepLastImages", "kmsKeyArn"]);
  });
});
