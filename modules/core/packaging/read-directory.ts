import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ZipEntry } from "./deterministic-zip";

/**
 * What a code folder never ships by default: secrets (dotenv files, tool and cloud credentials,
 * private keys and key stores, Terraform state, variables and CLI tokens, shell and database client
 * histories), version-control folders and what editors and operating systems drop next to the code.
 * They would leak into the function and make zips differ from one machine to the next. Matched
 * regardless of case (`.ENV`, `ID_RSA`, `Terraform.tfvars`: a case-insensitive file system serves
 * them under either name). `include` patterns bring a file back.
 *
 * Sources for the credential files: michenriksen/gitrob's signatures (files that hold secrets),
 * GitHub's gitignore templates (Terraform: `*.tfvars`, `*.tfvars.json`, `.terraformrc`,
 * `terraform.rc`, `*.tfstate*`), HashiCorp Vault (`~/.vault-token`), git-credential-store
 * (`.git-credentials`), direnv (`.envrc`), PostgreSQL (`.pgpass`), Docker (`.docker/config.json`),
 * kubectl (`.kube/config`), gcloud (`.config/gcloud`), Azure CLI (`.azure`), Terraform CLI
 * (`.terraform.d/credentials.tfrc.json`), RubyGems (`.gem/credentials`), Cargo (`.cargo/credentials.toml`).
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  // dotenv files: secrets for local runs (.env, .env.local, .env.production...), direnv's .envrc
  ".env",
  ".env.*",
  ".envrc",
  // registry and tool credentials kept next to a project (.npmrc: //registry/:_authToken)
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".pypirc",
  ".netrc",
  "_netrc",
  ".git-credentials",
  ".pgpass",
  ".my.cnf",
  ".htpasswd",
  ".s3cfg",
  ".boto",
  ".dockercfg",
  ".vault-token",
  "**/.gem/credentials",
  "**/.cargo/credentials",
  "**/.cargo/credentials.toml",
  // cloud and cluster CLI folders (credentials, tokens, kubeconfig)
  ".aws",
  ".azure",
  ".ssh",
  ".gnupg",
  ".docker",
  ".kube",
  "kubeconfig",
  "*.kubeconfig",
  "**/.config/gcloud",
  "application_default_credentials.json",
  // private keys and key stores (certificate bundles a function needs come back with include)
  "*.pem",
  "*.key",
  "*.p12",
  "*.pfx",
  "*.pkcs12",
  "*.p8",
  "*.jks",
  "*.keystore",
  "*.ppk",
  "*.kdbx",
  "*_rsa",
  "*_dsa",
  "*_ecdsa",
  "*_ed25519",
  "*_ecdsa_sk",
  "*_ed25519_sk",
  // Terraform: state (every secret of a stack), plans, variables, CLI credentials, working folders
  "*.tfstate",
  "*.tfstate.*",
  "*.tfplan",
  "*.tfvars",
  "*.tfvars.json",
  ".terraformrc",
  "terraform.rc",
  "credentials.tfrc.json",
  ".terraform",
  ".terraform.d",
  // shell and database client histories (commands with passwords and tokens)
  ".*_history",
  ".history",
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
 * `DEFAULT_EXCLUDES` or `patterns.exclude` (regardless of case) are left out unless
 * `patterns.include` matches them.
 *
 * Symbolic links: a link to a file or folder inside `directory` is followed and its target's
 * content stored under the link's path (zips hold no links, and the result does not depend on how
 * the checkout made links). The exclusions apply to where a file really is as well as to the name it
 * would ship under, so a link (`config.json -> .env`, `settings -> .aws`) cannot ship an excluded
 * file under another name: it is refused, naming the file it leads to. So is a hard link to an
 * excluded file of the folder. A link that leaves the folder (a host file would end up in the zip),
 * a dangling link and a loop of folder links are refused, all of them in one `DirectoryReadError`.
 */
export function readDirectoryEntries(directory: string, prefix = "", patterns: DirectoryPatterns = {}): ZipEntry[] {
  const root = realpathSync(directory);
  const exclude = [...DEFAULT_EXCLUDES, ...(patterns.exclude ?? [])].map((glob) => ({ glob, re: globToRegExp(glob, true) }));
  const include = (patterns.include ?? []).map((glob) => globToRegExp(glob));
  const entries: ZipEntry[] = [];
  const problems: DirectoryProblem[] = [];
  // Hard links: the inodes of excluded files met on the way, and packed files that share theirs.
  const excludedInodes = new Map<string, string>();
  const linkedFiles: { path: string; inode: string }[] = [];

  const excludedBy = (rel: string) => (include.some((g) => ancestorsAndSelf(rel).some((p) => g.test(p))) ? undefined : exclude.find((e) => ancestorsAndSelf(rel).some((p) => e.re.test(p)))?.glob);
  const walk = (dir: string, rel: string, open: Set<string>): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const excluded = excludedBy(relPath) !== undefined;
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
      // Where the entry really is, inside the folder: through links, another name than relPath.
      const realRel = relative(root, real).split(sep).join("/");
      const stat = statSync(real);
      if (!excluded && realRel !== "" && realRel !== relPath) {
        const pattern = excludedBy(realRel);
        if (pattern !== undefined) {
          problems.push({
            path: relPath,
            rule: `a link to a file that is packed (this one leads to ${realRel}, which is left out by the exclude pattern ${JSON.stringify(pattern)}; copy what the code needs, or bring ${realRel} back with an include pattern)`,
          });
          continue;
        }
      }
      if (stat.isDirectory()) {
        // A folder is pruned when excluded, unless an include pattern may bring back something below it.
        if (excluded && include.length === 0) continue;
        if (open.has(real)) {
          problems.push({ path: relPath, rule: `a folder that is not one of its own parents (this symbolic link loops back to ${relative(root, real) || "."})` });
          continue;
        }
        walk(real, relPath, new Set([...open, real]));
      } else if (stat.isFile()) {
        const inode = `${stat.dev}:${stat.ino}`;
        if (excluded) {
          if (stat.nlink > 1) excludedInodes.set(inode, relPath);
          continue;
        }
        if (stat.nlink > 1) linkedFiles.push({ path: relPath, inode });
        entries.push({ path: `${prefix}${relPath}`, data: readFileSync(real), executable: (stat.mode & 0o111) !== 0 });
      }
    }
  };
  walk(root, "", new Set([root]));
  for (const { path, inode } of linkedFiles) {
    const twin = excludedInodes.get(inode);
    if (twin !== undefined) problems.push({ path, rule: `a file other than an excluded one (this is a hard link to ${twin}, which is left out; copy what the code needs instead)` });
  }
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
 * Exclusions match regardless of case (`ignoreCase`); inclusions name files exactly.
 */
export function globToRegExp(glob: string, ignoreCase = false): RegExp {
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
  return new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`, ignoreCase ? "i" : "");
}
