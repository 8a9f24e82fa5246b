// `npx tsx scripts/catalog-index.ts`: rewrites modules/core/catalog/entries.ts, one line per entry
// file under modules/core/catalog/{aws,gcp,terraform,tfe}/. __tests__/modules/core/catalog/entries.test.ts
// fails (naming this command) when the file is not what this script writes.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CATALOG = join(__dirname, "..", "modules", "core", "catalog");
export const ENTRY_FOLDERS = ["aws", "gcp", "terraform", "tfe"] as const;

/** The content entries.ts must have: one re-export per entry file, sorted. */
export function catalogIndexSource(root = CATALOG): string {
  const lines = ENTRY_FOLDERS.flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => {
        const base = f.slice(0, -3);
        const name = base.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
        return `export { entry as ${name} } from "./${folder}/${base}";`;
      }),
  );
  return `// Written by scripts/catalog-index.ts: one line per file of aws/, gcp/, terraform/ and tfe/. Do not edit.\n${lines.join("\n")}\n`;
}

if (require.main === module) writeFileSync(join(CATALOG, "entries.ts"), catalogIndexSource());
