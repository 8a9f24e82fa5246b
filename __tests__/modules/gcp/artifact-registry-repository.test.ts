import { TerraformVariable, type TerraformStack } from "cdktf";
import { ArtifactRegistryRepository, type ArtifactRegistryRepositoryProps } from "../../../modules/gcp";
import { expectRefused, grants, newStack, only, onlyId, problemsOf, resources, synth } from "./support";

const TYPE = "google_artifact_registry_repository";
const IAM = "google_artifact_registry_repository_iam_member";
const DIGEST = `sha256:${"a1".repeat(32)}`;

function repo(props: Partial<ArtifactRegistryRepositoryProps> = {}, stack: TerraformStack = newStack()) {
  const r = new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1", ...props });
  return { stack, repo: r };
}

describe("ArtifactRegistryRepository: the repository and its defaults", () => {
  test("a standard Docker repository with immutable tags, vulnerability scanning and dry-run cleanup", () => {
    const { stack } = repo();
    expect(only(synth(stack), TYPE)).toEqual({
      repository_id: "svc-images",
      location: "europe-west1",
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      docker_config: { immutable_tags: true },
      cleanup_policy_dry_run: true,
      cleanup_policies: [
        { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: "604800s" } },
        { id: "keep-most-recent", action: "KEEP", most_recent_versions: { keep_count: 10 } },
      ],
      vulnerability_scanning_config: { enablement_config: "INHERITED" },
    });
  });

  test("Google-managed encryption by default, no IAM grant by default", () => {
    const json = synth(repo().stack);
    expect(only(json, TYPE).kms_key_name).toBeUndefined();
    expect(resources(json, IAM)).toEqual({});
  });

  test("every option: project, description, mutable tags, cleanup live, scanning off, CMEK, labels", () => {
    const kms = "projects/acme-kms/locations/europe-west1/keyRings/ring/cryptoKeys/images";
    const { stack } = repo({
      project: "acme-svc-dev",
      description: "Images of svc",
      immutableTags: false,
      cleanupDryRun: false,
      vulnerabilityScanning: false,
      kmsKeyName: kms,
      labels: { team: "platform", "cost-center": "cc-42" },
    });
    expect(only(synth(stack), TYPE)).toMatchObject({
      project: "acme-svc-dev",
      description: "Images of svc",
      docker_config: { immutable_tags: false },
      cleanup_policy_dry_run: false,
      vulnerability_scanning_config: { enablement_config: "DISABLED" },
      kms_key_name: kms,
      labels: { team: "platform", "cost-center": "cc-42" },
    });
  });

  test("a multi-region location is accepted", () => {
    expect(only(synth(repo({ location: "europe" }).stack), TYPE).location).toBe("europe");
  });

  test("cleanup policies are tuned: untagged after N days, keep the N most recent, optional age limit", () => {
    const { stack } = repo({ cleanupPolicies: { deleteUntaggedAfterDays: 14, keepMostRecent: 25, deleteAnyAfterDays: 365 } });
    expect(only(synth(stack), TYPE).cleanup_policies).toEqual([
      { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: "1209600s" } },
      { id: "delete-older", action: "DELETE", condition: { tag_state: "ANY", older_than: "31536000s" } },
      { id: "keep-most-recent", action: "KEEP", most_recent_versions: { keep_count: 25 } },
    ]);
  });

  test("explicit policies replace the defaults: conditions in seconds, keepCount as most recent versions", () => {
    const { stack } = repo({
      cleanupPolicies: [
        { id: "keep-releases", action: "KEEP", tagState: "TAGGED", tagPrefixes: ["v"] },
        { id: "keep-five-api", action: "KEEP", keepCount: 5, packageNamePrefixes: ["api"] },
        { id: "delete-old", action: "DELETE", olderThanDays: 30 },
      ],
    });
    expect(only(synth(stack), TYPE).cleanup_policies).toEqual([
      { id: "keep-releases", action: "KEEP", condition: { tag_state: "TAGGED", tag_prefixes: ["v"] } },
      { id: "keep-five-api", action: "KEEP", most_recent_versions: { keep_count: 5, package_name_prefixes: ["api"] } },
      { id: "delete-old", action: "DELETE", condition: { tag_state: "ANY", older_than: "2592000s" } },
    ]);
  });

  test("a policy set to false is left out; cleanupPolicies: false leaves them all out", () => {
    const one = only(synth(repo({ cleanupPolicies: { keepMostRecent: false } }).stack), TYPE);
    expect(one.cleanup_policies.map((p: { id: string }) => p.id)).toEqual(["delete-untagged"]);
    const none = only(synth(repo({ cleanupPolicies: false }).stack), TYPE);
    expect(none.cleanup_policies).toBeUndefined();
  });
});

describe("ArtifactRegistryRepository.imageUrl", () => {
  test("<location>-docker.pkg.dev/<project>/<repo>/<image>:<tag>", () => {
    const { repo: r } = repo({ project: "acme-svc-dev" });
    expect(r.imageUrl("frontend", "1.2.3")).toBe("europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/frontend:1.2.3");
    expect(r.repositoryUrl).toBe("europe-west1-docker.pkg.dev/acme-svc-dev/svc-images");
  });

  test("a digest gives <image>@sha256:..., with or without the leading @", () => {
    const { repo: r } = repo({ project: "acme-svc-dev" });
    const expected = `europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/team/api@${DIGEST}`;
    expect(r.imageUrl("team/api", DIGEST)).toBe(expected);
    expect(r.imageUrl("team/api", `@${DIGEST}`)).toBe(expected);
  });

  test("without a project prop, the URL references the repository's project (filled in from the provider)", () => {
    const stack = newStack();
    const r = new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1" });
    new TerraformVariable(stack, "image", { default: r.imageUrl("frontend", "1.0.0") });
    const json = synth(stack);
    const id = onlyId(json, TYPE);
    expect(json.variable.image.default).toBe(`europe-west1-docker.pkg.dev/\${${TYPE}.${id}.project}/svc-images/frontend:1.0.0`);
  });

  test("refuses an image name that is not a Docker path, naming the argument and the rule", () => {
    const { repo: r } = repo();
    const p = expectRefused(() => r.imageUrl("Frontend", "1.0.0"), "image", "lowercase letters", "Frontend");
    expect(p.path).toBe("test/Repo");
  });

  test("refuses a tag that is neither a tag nor a sha256 digest", () => {
    const { repo: r } = repo();
    expectRefused(() => r.imageUrl("frontend", "-bad"), "tagOrDigest", "a tag", "-bad");
    expectRefused(() => r.imageUrl("frontend", "sha256:abc"), "tagOrDigest", "sha256", "sha256:abc");
  });
});

describe("ArtifactRegistryRepository grants: repository-level IAM members only", () => {
  test("grantReader and grantWriter bind roles on this repository only", () => {
    const { stack, repo: r } = repo();
    r.grantReader("serviceAccount:ci@acme-svc-dev.iam.gserviceaccount.com");
    r.grantWriter("group:release@example.com");
    const json = synth(stack);
    const id = onlyId(json, TYPE);
    const target = {
      project: `\${${TYPE}.${id}.project}`,
      location: `\${${TYPE}.${id}.location}`,
      repository: `\${${TYPE}.${id}.name}`,
    };
    expect(grants(json)).toEqual([
      { type: IAM, id: expect.stringContaining("reader-serviceAccount-ci-acme-svc-dev-iam-gserviceaccount-com"), role: "roles/artifactregistry.reader", member: "serviceAccount:ci@acme-svc-dev.iam.gserviceaccount.com", target },
      { type: IAM, id: expect.stringContaining("writer-group-release-example-com"), role: "roles/artifactregistry.writer", member: "group:release@example.com", target },
    ]);
  });

  test("granting the same member twice creates one binding", () => {
    const { stack, repo: r } = repo();
    const a = r.grantReader("user:dev@example.com");
    const b = r.grantReader("user:dev@example.com");
    expect(a).toBe(b);
    expect(Object.keys(resources(synth(stack), IAM))).toHaveLength(1);
  });

  test("refuses allUsers and allAuthenticatedUsers: a repository is never public", () => {
    const { repo: r } = repo();
    expectRefused(() => r.grantReader("allUsers"), "member", "never public", "allUsers");
    expectRefused(() => r.grantWriter("allAuthenticatedUsers"), "member", "never public", "allAuthenticatedUsers");
  });

  test("refuses Terraform template syntax in the member: Terraform would evaluate it at plan time", () => {
    const { repo: r } = repo();
    const member = 'user:${file("/etc/passwd")}';
    expectRefused(() => r.grantReader(member), "member", "without Terraform template syntax", member);
  });

  test("refuses a whole identity pool: every identity its provider lets in", () => {
    const { repo: r } = repo();
    const pool = "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*";
    expectRefused(() => r.grantReader(pool), "member", "narrower than a whole identity pool", pool);
    expect(() => r.grantReader("principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/svc")).not.toThrow();
  });

  test("refuses a member that is not an IAM principal", () => {
    const { repo: r } = repo();
    expectRefused(() => r.grantReader("ci@example.com"), "member", "an IAM principal", "ci@example.com");
  });
});

describe("ArtifactRegistryRepository props: every refusal, by rule", () => {
  const refused = (props: Partial<ArtifactRegistryRepositoryProps>) => () => repo(props);

  test("repositoryId: required", () => {
    expectRefused(refused({ repositoryId: "" }), "repositoryId", "required", "");
  });

  test("unknown props: refused by name (misspelt or from another construct), with every known prop listed", () => {
    const problems = problemsOf(refused({ name: "images", immutable: true, scanOnPush: true } as never));
    expect(problems.map((p) => [p.prop, p.received])).toEqual([
      ["name", "an unknown prop"],
      ["immutable", "an unknown prop"],
      ["scanOnPush", "an unknown prop"],
    ]);
    expect(problems[0].rule).toBe(
      "one of the known props (repositoryId, location, project, description, immutableTags, cleanupPolicies, cleanupDryRun, vulnerabilityScanning, kmsKeyName, labels)",
    );
  });

  test.each(["Images", "1images", "images-", "im_ages", "a".repeat(64)])("repositoryId: lowercase letters, digits or -, starting with a letter, not ending with -, at most 63 (%s)", (id) => {
    expectRefused(refused({ repositoryId: id }), "repositoryId", "1 to 63 lowercase letters", id);
  });

  test("location: required", () => {
    expectRefused(refused({ location: "" }), "location", "required", "");
  });

  test.each(["Europe-West1", "eu-west-1", "mars"])("location: a region or asia, europe, us (%s)", (location) => {
    expectRefused(refused({ location }), "location", "a region such as europe-west1", location);
  });

  test.each(["acme", "Acme-svc-dev", "acme-svc-dev-", "9acme-svc", "a".repeat(31)])("project: the project id rule (%s)", (project) => {
    expectRefused(refused({ project }), "project", "a project id", project);
  });

  test("description: a string", () => {
    expectRefused(refused({ description: 42 as unknown as string }), "description", "a string", 42);
  });

  test.each(["immutableTags", "cleanupDryRun", "vulnerabilityScanning"] as const)("%s: true or false", (prop) => {
    expectRefused(refused({ [prop]: "yes" }), prop, "true or false", "yes");
  });

  test("kmsKeyName: a Cloud KMS key name", () => {
    expectRefused(refused({ kmsKeyName: "my-key" }), "kmsKeyName", "projects/<project>/locations/<location>", "my-key");
  });

  test("kmsKeyName: a key in the repository's location", () => {
    const key = "projects/acme-kms/locations/us-central1/keyRings/ring/cryptoKeys/images";
    expectRefused(refused({ kmsKeyName: key }), "kmsKeyName", "in the repository's location (europe-west1)", key);
  });

  test("cleanupPolicies: false, an object of known policies or a list", () => {
    expectRefused(refused({ cleanupPolicies: "none" as never }), "cleanupPolicies", "false, {", "none");
    expectRefused(
      refused({ cleanupPolicies: { deleteAfterDays: 3 } as never }),
      "cleanupPolicies.deleteAfterDays",
      "one of the known props (deleteUntaggedAfterDays, keepMostRecent, deleteAnyAfterDays)",
      "an unknown prop",
    );
  });

  test("cleanupPolicies[i]: only known keys (a misspelt condition is refused, not dropped)", () => {
    const problems = problemsOf(refused({ cleanupPolicies: [{ id: "old", action: "DELETE", olderThanDays: 30, olderThan: "30d" } as never] }));
    expect(problems).toEqual([
      expect.objectContaining({ prop: "cleanupPolicies[0].olderThan", rule: expect.stringContaining("one of the known props (id, action, tagState,"), received: "an unknown prop" }),
    ]);
  });

  test.each(["deleteUntaggedAfterDays", "deleteAnyAfterDays"] as const)("cleanupPolicies.%s: false or an integer from 1 to 3650 days", (key) => {
    expectRefused(refused({ cleanupPolicies: { [key]: 0 } }), `cleanupPolicies.${key}`, "an integer from 1 to 3650 days", 0);
    expectRefused(refused({ cleanupPolicies: { [key]: 1.5 } }), `cleanupPolicies.${key}`, "an integer from 1 to 3650 days", 1.5);
  });

  test("cleanupPolicies.keepMostRecent: false or an integer from 1 to 10000", () => {
    expectRefused(refused({ cleanupPolicies: { keepMostRecent: 0 } }), "cleanupPolicies.keepMostRecent", "an integer from 1 to 10000", 0);
  });

  test("cleanupPolicies (list): 1 to 10 policies with distinct ids", () => {
    expectRefused(refused({ cleanupPolicies: [] }), "cleanupPolicies", "a list of 1 to 10 policies", "0 policies");
    const many = Array.from({ length: 11 }, (_, i) => ({ id: `p${i}`, action: "DELETE" as const, olderThanDays: 30 }));
    expectRefused(refused({ cleanupPolicies: many }), "cleanupPolicies", "a list of 1 to 10 policies", "11 policies");
    const twice = { id: "same", action: "DELETE" as const, olderThanDays: 30 };
    expectRefused(refused({ cleanupPolicies: [twice, twice] }), "cleanupPolicies", "distinct ids", "same");
  });

  test("cleanupPolicies[i].id and action: an id and DELETE or KEEP", () => {
    expectRefused(refused({ cleanupPolicies: [{ id: "Old", action: "DELETE", olderThanDays: 3 }] }), "cleanupPolicies[0].id", "1 to 63 lowercase", "Old");
    expectRefused(refused({ cleanupPolicies: [{ id: "old", action: "REMOVE" as never, olderThanDays: 3 }] }), "cleanupPolicies[0].action", '"DELETE", "KEEP"', "REMOVE");
  });

  test("cleanupPolicies[i] condition values: tag states, day ranges, prefixes", () => {
    expectRefused(refused({ cleanupPolicies: [{ id: "a", action: "DELETE", tagState: "SOME" as never }] }), "cleanupPolicies[0].tagState", "one of", "SOME");
    expectRefused(refused({ cleanupPolicies: [{ id: "a", action: "DELETE", olderThanDays: 0 }] }), "cleanupPolicies[0].olderThanDays", "1 to 3650 days", 0);
    expectRefused(refused({ cleanupPolicies: [{ id: "a", action: "DELETE", tagPrefixes: [] }] }), "cleanupPolicies[0].tagPrefixes", "a non-empty list", []);
    expectRefused(
      refused({ cleanupPolicies: [{ id: "a", action: "DELETE", tagState: "UNTAGGED", tagPrefixes: ["v"] }] }),
      "cleanupPolicies[0].tagPrefixes",
      "unset when tagState is UNTAGGED",
      ["v"],
    );
  });

  test("cleanupPolicies[i]: a condition, or a keepCount on a KEEP policy, not both", () => {
    expectRefused(refused({ cleanupPolicies: [{ id: "a", action: "DELETE" }] }), "cleanupPolicies[0]", "a condition");
    expectRefused(refused({ cleanupPolicies: [{ id: "a", action: "DELETE", keepCount: 3 }] }), "cleanupPolicies[0].keepCount", "only on a KEEP policy", 3);
    expectRefused(refused({ cleanupPolicies: [{ id: "a", action: "KEEP", keepCount: 3, olderThanDays: 3 }] }), "cleanupPolicies[0]", "not both");
  });

  test("labels: keys start with a lowercase letter", () => {
    expectRefused(refused({ labels: { Team: "platform" } }), "labels key", "starting with a lowercase letter", "Team");
  });

  test("labels: values are lowercase letters, digits, _ or -", () => {
    expectRefused(refused({ labels: { team: "Platform Team" } }), "labels.team", "up to 63 lowercase", "Platform Team");
  });

  test("labels: no goog prefix", () => {
    expectRefused(refused({ labels: { "goog-managed": "x" } }), "labels key", "goog", "goog-managed");
  });

  test("every problem is reported at once, with the construct path", () => {
    const problems = problemsOf(refused({ repositoryId: "Bad", location: "nowhere", immutableTags: 1 as never }));
    expect(problems.map((p) => p.prop)).toEqual(["repositoryId", "location", "immutableTags"]);
    expect(new Set(problems.map((p) => p.path))).toEqual(new Set(["test/Repo"]));
  });

  test("the error message names the construct path, the prop, the rule and the value received", () => {
    expect(refused({ repositoryId: "Bad" })).toThrow(
      /Invalid ArtifactRegistryRepository props at test\/Repo .*\n  - \[test\/Repo\] repositoryId: must be 1 to 63 lowercase .*; received "Bad"/,
    );
  });

  test("unresolved tokens are skipped: they are only known to Terraform", () => {
    const stack = newStack();
    const id = new TerraformVariable(stack, "repo_id", { type: "string" }).stringValue;
    const location = new TerraformVariable(stack, "location", { type: "string" }).stringValue;
    expect(() => new ArtifactRegistryRepository(stack, "Repo", { repositoryId: id, location })).not.toThrow();
  });
});
