import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isIgnored, projectFiles } from "../../scripts/project-files";

const ROOT = join(__dirname, "..", "..");
const hasGit = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: ROOT, encoding: "utf8" }).stdout?.trim() === "true";

describe("projectFiles / isIgnored (the project's files without .git)", () => {
  const dir = mkdtempSync(join(tmpdir(), "project-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text = "x") => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  beforeAll(() => {
    write(".gitignore", ["# comment", "/build/", "*.log", "!keep.log", "cache", "docs/**/draft-*.md", "tmp?/", "[ab].txt", ""].join("\n"));
    for (const f of ["main.ts", "build/out.js", "src/build/kept.ts", "a.log", "keep.log", "src/deep/b.log", "cache/x", "src/cache", "docs/x/y/draft-1.md", "docs/final.md", "tmp1/x", "tmpdir/x", "a.txt", "c.txt"]) write(f);
    write("sub/.gitignore", "local.json\n/only-here\n");
    for (const f of ["sub/local.json", "sub/only-here", "sub/deeper/only-here", "local.json"]) write(f);
  });

  const expected = [".gitignore", "c.txt", "docs/final.md", "keep.log", "local.json", "main.ts", "src/build/kept.ts", "sub/.gitignore", "sub/deeper/only-here", "tmpdir/x"];

  test("lists what git lists: anchored, folder-only, negated, nested, ** and character-class patterns", () => {
    expect(projectFiles(dir)).toEqual(expected);
  });

  test("isIgnored answers for files and for files inside ignored folders", () => {
    expect(isIgnored(dir, "build/out.js")).toBe(true);
    expect(isIgnored(dir, "src/build/kept.ts")).toBe(false);
    expect(isIgnored(dir, "keep.log")).toBe(false);
    expect(isIgnored(dir, "src/deep/b.log")).toBe(true);
    expect(isIgnored(dir, "sub/local.json")).toBe(true);
    expect(isIgnored(dir, "local.json")).toBe(false);
  });

  (spawnSync("git", ["--version"]).status === 0 ? test : test.skip)("agrees with git ls-files -co --exclude-standard on the same tree", () => {
    const repo = mkdtempSync(join(tmpdir(), "project-files-git-"));
    try {
      execFileSync("cp", ["-a", `${dir}/.`, repo]);
      execFileSync("git", ["init", "-q"], { cwd: repo });
      const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: repo, encoding: "utf8" }).split("\n").filter(Boolean).sort();
      expect(listed).toEqual(expected);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  (hasGit ? test : test.skip)("agrees with git on this project", () => {
    const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean).sort();
    expect(projectFiles(ROOT)).toEqual(listed.filter((f) => existsSync(join(ROOT, f))));
  });
});
