import { ARTIFACT_REGISTRY_REPOSITORY_PROP_KEYS, CLEANUP_POLICIES_KEYS, CLEANUP_POLICY_KEYS } from "../../../modules/gcp/artifact-registry-repository-props";
import { CLOUD_RUN_SERVICE_PROP_KEYS, SECRET_ENV_KEYS, VPC_ACCESS_KEYS } from "../../../modules/gcp/cloud-run-service-props";
import { DEPLOYER_IDENTITY_PROP_KEYS } from "../../../modules/gcp/deployer-identity-props";
import type { AllKeysListed } from "../../../modules/core/known-keys";

// The known-key lists that refuse unknown props are proved complete by the compiler (`tsc --noEmit`
// type-checks this file): these lines show the check fails both ways.
interface Sample {
  readonly a: string;
  readonly b?: number;
}
const FULL = ["a", "b"] as const satisfies readonly (keyof Sample)[];
export type FullListed = AllKeysListed<Exclude<keyof Sample, (typeof FULL)[number]>>;
const PARTIAL = ["a"] as const satisfies readonly (keyof Sample)[];
// @ts-expect-error "b" is left out of the list: the assertion does not compile.
export type PartialListed = AllKeysListed<Exclude<keyof Sample, (typeof PARTIAL)[number]>>;
// @ts-expect-error "c" is not a key of Sample.
const EXTRA = ["a", "b", "c"] as const satisfies readonly (keyof Sample)[];

describe("known-key lists of the GCP props", () => {
  test("each names its keys once", () => {
    const lists = [
      ARTIFACT_REGISTRY_REPOSITORY_PROP_KEYS,
      CLEANUP_POLICIES_KEYS,
      CLEANUP_POLICY_KEYS,
      CLOUD_RUN_SERVICE_PROP_KEYS,
      SECRET_ENV_KEYS,
      VPC_ACCESS_KEYS,
      DEPLOYER_IDENTITY_PROP_KEYS,
    ];
    for (const list of lists) expect(new Set(list).size).toBe(list.length);
    expect([FULL.length, PARTIAL.length, EXTRA.length]).toEqual([2, 1, 3]);
  });
});
