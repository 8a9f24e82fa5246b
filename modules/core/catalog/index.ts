import type { CatalogEntry } from "./entry";
import * as ENTRIES from "./entries";

export * from "./entry";
export { GCP_IAM_TARGETS, gcpIamLevel } from "./gcp/google-iam-grants";
export { PROVIDER_IDENTITY_ARGUMENTS, providerIdentityArguments } from "./providers";

let byType: Map<string, CatalogEntry> | undefined;

function index(): Map<string, CatalogEntry> {
  if (!byType) {
    byType = new Map();
    for (const exported of Object.values(ENTRIES) as (CatalogEntry | readonly CatalogEntry[])[]) {
      for (const entry of Array.isArray(exported) ? exported : [exported as CatalogEntry]) {
        if (byType.has(entry.type)) throw new Error(`catalog: ${entry.type} is described twice`);
        byType.set(entry.type, entry);
      }
    }
  }
  return byType;
}

/** What the catalog knows about a type (`aws_iam_role`, `data.aws_iam_policy_document`), or undefined. */
export function catalogEntry(type: string): CatalogEntry | undefined {
  return index().get(type);
}

/** Every entry of the catalog. */
export function catalogEntries(): readonly CatalogEntry[] {
  return [...index().values()];
}
