import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ZipEntry } from "./deterministic-zip";

/**
 * What a code folder never ships by default: secrets (dotenv files, tool credentials, private keys,
 * Terraform state), version-control folders and
 * what editors and operating systems drop next to the code. They would leak into the function and
 * make zips differ from one machine to the next. `include` patterns bring a file back.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  // dotenv files: secrets for local runs (.env, .env.local, .env.production...)
  ".env",
  ".env.*",
  // credentials that tools keep next to a project: registry tokens (.npmrc: //registry/:_authToken),
  // cloud, SSH and Docker credentials, private keys, Terraform state (every secret of a stack)
  ".npmrc",
  ".yarnrc.yml",
  ".pypirc",
  ".netrc",
  ".aws",
  ".ssh",
  ".docker",
  "id_rsa",
  "id_dsa",
  "id_ecdsa",
  "id_ed25519",
  "*.tfstate",
  "*.tfstate.*",
  ".terraform",
  // version control
  ".git",
  ".hg",
  ".svn",
  ".gitkeep",
  // editors and operating systems
  "*.swp",
  "*.swo",
  "*~",
  ".#*",
  ".DS_Store",
  "Thumbs.db",
  ".idea",
  ".vscode",
];

/** Which files of a folder are packed. */
export interface DirectoryPatterns {
  /** Glob patterns left out besides `DEFAULT_EXCLUDES`. @default none */
  readonly exclude?: readonly string[];
  /** Glob patterns kept even when an exclude pattern (default or given) matches them. @default none */
  readonly include?: readonly string[];
}

/** A file or link of the folder that cannot be packed, and why. */
export interface DirectoryProblem {
  /** The path inside the folder, with forward slashes. */
  readonly path: string;
  readonly rule: string;
}

/** Thrown by `readDirectoryEntries` with every file it cannot pack. */
export class DirectoryReadError extends Error {
  constructor(
    public readonly directory: string,
    public readonly problems: readonly DirectoryProblem[],
  ) {
    super(`Cannot pack ${directory}:\n${problems.map((p) => `  - ${p.path}: ${p.rule}`).join("\n")}`);
    this.name = "DirectoryReadError";
  }
}

/**
 * Every regular file below `directory` as zip entries (paths with forward slashes, optionally
 * under `prefix`), keeping only whether each file is executable from its mode. Files matching
 * `DEFAULT_EXCLUDES` or `patterns.exclude` are left out unless `patterns.include` matches them.
 *
 * Symbolic links: a link to a file or folder inside `directory` is followed and its target's
 * content stored under the link's path (zips hold no links, and the result does not depend on how
 * the checkout made links). A link that leaves the folder (a host file would end up in the zip),
 * a dangling link and a loop of folder links are refused, all of them in one `DirectoryReadError`.
 */
export function readDirectoryEntries(directory: string, prefix = "", patterns: DirectoryPatterns = {}): ZipEntry[] {
  const root = realpathSync(directory);
  const exclude = [...DEFAULT_EXCLUDES, ...(patterns.exclude ?? [])].map(globToRegExp);
  const include = (patterns.include ?? []).map(globToRegExp);
  const entries: ZipEntry[] = [];
  const problems: DirectoryProblem[] = [];

  const matchesAny = (rel: string, globs: RegExp[]) => ancestorsAndSelf(rel).some((p) => globs.some((g) => g.test(p)));
  const walk = (dir: string, rel: string, open: Set<string>): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const excluded = matchesAny(relPath, exclude) && !matchesAny(relPath, include);
      const link = lstatSync(full).isSymbolicLink();
      let real = full;
      if (link) {
        try {
          real = realpathSync(full);
        } catch (e) {
          // Pruned folders are not looked into; an excluded dangling link is simply left out.
          if (excluded && include.length === 0) continue;
          const code = (e as NodeJS.ErrnoException).code;
          problems.push({ path: relPath, rule: code === "ELOOP" ? "a link that resolves (this one is a symbolic link loop)" : "a link to an existing file (this one is dangling)" });
          continue;
        }
        if (real !== root && !real.startsWith(root + sep)) {
          if (!excluded) problems.push({ path: relPath, rule: `a file inside the folder (this symbolic link leads out of it, to ${real})` });
          continue;
        }
      }
      const stat = statSync(real);
      if (stat.isDirectory()) {
        // A folder is pruned when excluded, unless an include pattern may bring back something below it.
        if (excluded && include.length === 0) continue;
        if (open.has(real)) {
          problems.push({ path: relPath, rule: `a folder that is not one of its own parents (this symbolic link loops back to ${relative(root, real) || "."})` });
          continue;
        }
        walk(real, relPath, new Set([...open, real]));
      } else if (stat.isFile() && !excluded) {
        entries.push({ path: `${prefix}${relPath}`, data: readFileSync(real), executable: (stat.mode & 0o111) !== 0 });
      }
    }
  };
  walk(root, "", new Set([root]));
  if (problems.length > 0) throw new DirectoryReadError(directory, problems);
  return entries;
}

/** `a/b/c.js` -> `a`, `a/b`, `a/b/c.js`: a pattern matching a folder matches everything below it. */
function ancestorsAndSelf(rel: string): string[] {
  const parts = rel.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/**
 * A glob as a regular expression over a relative path: `*` and `?` stay within one path segment,
 * `**` crosses segments. A pattern without `/` matches a name at any depth (`*.swp`, `.env`), as in
 * `.gitignore`; a pattern with `/` matches from the folder's root (`test/**`, `docs/*.md`).
 */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes("/");
  const body = glob
    .replace(/^\.?\//, "")
    .replace(/\/$/, "")
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => {
      if (part === "**/") return "(?:.*/)?";
      if (part === "**") return ".*";
      if (part === "*") return "[^/]*";
      if (part === "?") return "[^/]";
      return part.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
}
