import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ZipEntry } from "./deterministic-zip";

// Files that editors and operating systems drop into folders; they would make zips differ by machine.
const IGNORED = new Set([".DS_Store", "Thumbs.db", ".git", ".gitkeep"]);

/**
 * Every regular file below `directory` as zip entries (paths with forward slashes, optionally
 * under `prefix`), keeping only whether each file is executable from its mode.
 */
export function readDirectoryEntries(directory: string, prefix = ""): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (IGNORED.has(name)) continue;
      const full = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full, relPath);
      else if (stat.isFile()) {
        entries.push({ path: `${prefix}${relPath}`, data: readFileSync(full), executable: (stat.mode & 0o111) !== 0 });
      }
    }
  };
  walk(directory, "");
  return entries;
}
