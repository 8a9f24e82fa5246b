/**
 * The project's own files without git: a walk of the tree that honours every .gitignore the way git
 * does (`git ls-files -co --exclude-standard`, `git check-ignore --no-index`), so tests that copy the
 * project or ask whether a file is ignored pass in a copy downloaded as a tarball (no .git).
 * A test compares it with git wherever there is a repository.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";

interface Rule {
  /** Folder of the .gitignore, relative to the root ("" at the root). */
  readonly base: string;
  readonly regex: RegExp;
  readonly negate: boolean;
  readonly dirOnly: boolean;
  /** With a slash: matched against the path below `base`; without: against the name at any depth. */
  readonly anchored: boolean;
}

/** A gitignore glob as a regular expression (`*`, `?`, `**`, `[...]`, `\x`). */
function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        const atStart = i === 0 || glob[i - 1] === "/";
        if (atStart && slashAfter) {
          out += "(?:.*/)?";
          i += 2;
        } else {
          out += ".*";
          i += 1;
        }
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) out += "\\[";
      else {
        let set = glob.slice(i + 1, end);
        if (set.startsWith("!")) set = `^${set.slice(1)}`;
        out += `[${set.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) out += `\\${glob[++i]}`;
    else out += /[.+^${}()|\\]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** The rules of one .gitignore (in `base`, relative to the root). */
export function parseGitignore(text: string, base: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    if (line.startsWith("\\#") || line.startsWith("\\!")) line = line.slice(1);
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    rules.push({ base, regex: new RegExp(`^${globToRegex(line)}$`), negate, dirOnly, anchored });
  }
  return rules;
}

/** Whether `path` (relative, `/`-separated) is ignored by `rules` alone (its parent folders aside): the last match decides. */
function matches(rules: readonly Rule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (rule.base !== "" && !path.startsWith(`${rule.base}/`)) continue;
    const below = rule.base === "" ? path : path.slice(rule.base.length + 1);
    const subject = rule.anchored ? below : posix.basename(below);
    if (rule.regex.test(subject)) ignored = !rule.negate;
  }
  return ignored;
}

function readRules(root: string, dir: string): Rule[] {
  const file = join(root, dir, ".gitignore");
  return existsSync(file) ? parseGitignore(readFileSync(file, "utf8"), dir) : [];
}

/**
 * Every file git would list with `ls-files -co --exclude-standard` in a fresh clone: the files below
 * `root` that no .gitignore excludes (a file in an ignored folder stays ignored, as in git), sorted,
 * relative with `/`. The .git folder is never listed; neither is `.git/info/exclude` read (a clone has none).
 */
export function projectFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, rules: readonly Rule[]) => {
    const here = [...rules, ...readRules(root, dir)];
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (name === ".git") continue;
      const path = dir === "" ? name : `${dir}/${name}`;
      // A symlink counts as a file (git stores the link), whatever it points to.
      const stat = statSync(join(root, path), { throwIfNoEntry: false });
      const isDir = stat?.isDirectory() === true && !isSymlink(join(root, path));
      if (matches(here, path, isDir)) continue;
      if (isDir) walk(path, here);
      else found.push(path);
    }
  };
  walk("", []);
  return found.sort();
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `git check-ignore --no-index`: whether `path` (relative to `root`) or one of its folders is ignored. */
export function isIgnored(root: string, path: string): boolean {
  const parts = path.split(/[\\/]/).filter(Boolean);
  let rules: Rule[] = [];
  for (let i = 0; i < parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    rules = [...rules, ...readRules(root, dir)];
    const sub = parts.slice(0, i + 1).join("/");
    const isDir = i < parts.length - 1 || (statSync(join(root, sub), { throwIfNoEntry: false })?.isDirectory() ?? false);
    if (matches(rules, sub, isDir)) return true;
  }
  return false;
}
