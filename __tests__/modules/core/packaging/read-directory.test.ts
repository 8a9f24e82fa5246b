import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerlessFunction, LambdaLayer } from "../../../../modules/aws";
import { deterministicZip } from "../../../../modules/core/packaging/deterministic-zip";
import { DirectoryReadError, globToRegExp, readDirectoryEntries } from "../../../../modules/core/packaging/read-directory";
import { newStack, validationError } from "../../aws/support";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder with `files` (path -> content) and `links` (path -> target). */
function folder(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "read-dir-"));
  dirs.push(root);
  const dir = join(root, "code");
  mkdirSync(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  return dir;
}

const paths = (dir: string, patterns = {}) => readDirectoryEntries(dir, "", patterns).map((e) => e.path);

function readError(fn: () => unknown): DirectoryReadError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DirectoryReadError) return e;
    throw e;
  }
  throw new Error("expected a DirectoryReadError");
}

describe("readDirectoryEntries: what is left out by default", () => {
  test("Noncompliance: dotenv files, VCS folders and editor droppings never reach the zip", () => {
    const dir = folder({
      "index.js": "ok",
      "lib/util.js": "ok",
      ".env": "SECRET=1",
      ".env.local": "SECRET=2",
      "lib/.env.production": "SECRET=3",
      ".git/HEAD": "ref",
      ".hg/store": "x",
      ".svn/entries": "x",
      "index.js.swp": "x",
      "index.js~": "x",
      ".DS_Store": "x",
      ".idea/workspace.xml": "x",
      ".vscode/settings.json": "x",
    });
    expect(paths(dir)).toEqual(["index.js", "lib/util.js"]);
  });

  test("Noncompliance: tool credentials, private keys and Terraform state never reach the zip", () => {
    const dir = folder({
      "index.js": "ok",
      ".npmrc": "//registry.npmjs.org/:_authToken=npm_secret",
      ".yarnrc.yml": "npmAuthToken: secret",
      ".pypirc": "password = secret",
      ".netrc": "machine x password secret",
      ".aws/credentials": "aws_secret_access_key = secret",
      ".ssh/config": "x",
      ".docker/config.json": "{\"auths\":{}}",
      "id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----",
      "keys/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----",
      "terraform.tfstate": "{}",
      "terraform.tfstate.backup": "{}",
      ".terraform/providers/x": "x",
      "certs/global-bundle.pem": "-----BEGIN CERTIFICATE-----",
    });
    // A CA bundle (.pem) is code's data: RDS TLS needs one.
    expect(paths(dir)).toEqual(["certs/global-bundle.pem", "index.js"]);
  });

  test("Compliance: code whose names look alike (env.js, environment/, my.env.js) is kept", () => {
    const dir = folder({ "env.js": "ok", "environment/config.js": "ok", "my.env.js": "ok" });
    expect(paths(dir)).toEqual(["env.js", "environment/config.js", "my.env.js"]);
  });

  test("exclude adds patterns; include brings a file back", () => {
    const dir = folder({ "index.js": "ok", "index.test.js": "t", "fixtures/a.json": "{}", ".env.example": "A=", ".env": "A=secret" });
    expect(paths(dir, { exclude: ["*.test.js", "fixtures/**"] })).toEqual(["index.js"]);
    expect(paths(dir, { include: [".env.example"] })).toEqual([".env.example", "fixtures/a.json", "index.js", "index.test.js"]);
  });

  test("globs: * and ? stay in a segment, ** crosses them, a pattern without / matches at any depth", () => {
    expect(globToRegExp("*.js").test("a/b/c.js")).toBe(true);
    expect(globToRegExp("lib/*.js").test("lib/a/b.js")).toBe(false);
    expect(globToRegExp("lib/**/*.js").test("lib/a/b.js")).toBe(true);
    expect(globToRegExp("lib/**/*.js").test("lib/b.js")).toBe(true);
    expect(globToRegExp("?.js").test("ab.js")).toBe(false);
  });
});

describe("readDirectoryEntries: symbolic links", () => {
  test("Compliance: a link inside the folder is followed, its target's content stored under the link's path", () => {
    const dir = folder({ "lib/util.js": "util" }, { "util.js": "lib/util.js", "alias": "lib" });
    const entries = readDirectoryEntries(dir);
    expect(entries.map((e) => e.path)).toEqual(["alias/util.js", "lib/util.js", "util.js"]);
    expect(Buffer.from(entries[2].data).toString()).toBe("util");
  });

  test("Noncompliance: a link out of the folder (a host file) is refused, naming the link and where it leads", () => {
    const outside = folder({ "secret.txt": "host secret" });
    const dir = folder({ "index.js": "ok" }, { "data.txt": join(outside, "secret.txt"), "up": ".." });
    const error = readError(() => readDirectoryEntries(dir));
    expect(error.problems.map((p) => p.path)).toEqual(["data.txt", "up"]);
    expect(error.problems[0].rule).toMatch(/^a file inside the folder \(this symbolic link leads out of it, to .*secret\.txt\)$/);
  });

  test("Noncompliance: a loop of folder links and a self-referencing link are refused, not a raw ELOOP", () => {
    const dir = folder({ "index.js": "ok" }, { "lib/again": "..", "self": "self" });
    const error = readError(() => readDirectoryEntries(dir));
    expect(error.problems).toEqual([
      { path: "lib/again", rule: "a folder that is not one of its own parents (this symbolic link loops back to .)" },
      { path: "self", rule: "a link that resolves (this one is a symbolic link loop)" },
    ]);
  });

  test("Noncompliance: a dangling link is refused", () => {
    const dir = folder({ "index.js": "ok" }, { "gone.js": "missing.js" });
    expect(readError(() => readDirectoryEntries(dir)).problems).toEqual([{ path: "gone.js", rule: "a link to an existing file (this one is dangling)" }]);
  });

  test("an excluded link out of the folder (.env -> a host file) is simply left out", () => {
    const outside = folder({ "real.env": "SECRET=1" });
    const dir = folder({ "index.js": "ok" }, { ".env": join(outside, "real.env") });
    expect(paths(dir)).toEqual(["index.js"]);
  });

  test("the zip is the same whether a file is a link or a copy (output stays deterministic)", () => {
    const linked = folder({ "lib/util.js": "util" }, { "util.js": "lib/util.js" });
    const copied = folder({ "lib/util.js": "util", "util.js": "util" });
    expect(deterministicZip(readDirectoryEntries(linked)).sha256Hex).toBe(deterministicZip(readDirectoryEntries(copied)).sha256Hex);
  });
});

describe("codeDirectory and LambdaLayer directory: refusals name the construct, the prop and the file", () => {
  test("ServerlessFunction codeDirectory with a link out of the folder", () => {
    const outside = folder({ "id_rsa": "key" });
    const dir = folder({ "index.js": "ok" }, { "key": join(outside, "id_rsa") });
    const error = validationError(() => new ServerlessFunction(newStack(), "Fn", { functionName: "fn", codeDirectory: dir }));
    expect(error.problems).toEqual([
      { path: "stack/Fn", prop: "codeDirectory (key)", rule: expect.stringMatching(/^a file inside the folder \(this symbolic link leads out of it/), received: dir },
    ]);
    expect(error.message).toContain("Invalid ServerlessFunction props at stack/Fn");
  });

  test("ServerlessFunction codeExclude / codeInclude: lists of relative globs, only with codeDirectory", () => {
    const dir = folder({ "index.js": "ok", "index.test.js": "t" });
    const fn = new ServerlessFunction(newStack(), "Fn", { functionName: "fn", codeDirectory: dir, codeExclude: ["*.test.js"] });
    expect(fn.codePackage!.size).toBe(deterministicZip(readDirectoryEntries(dir, "", { exclude: ["*.test.js"] })).bytes.length);
    const refused = validationError(
      () => new ServerlessFunction(newStack(), "Fn", { functionName: "fn", codeDirectory: dir, codeExclude: "*.test.js" as never, codeInclude: ["../etc/passwd"] }),
    );
    expect(refused.problems.map((p) => [p.prop, p.received])).toEqual([
      ["codeExclude", "*.test.js"],
      ["codeInclude[0]", "../etc/passwd"],
    ]);
  });

  test("LambdaLayer directory with a loop", () => {
    const dir = folder({ "nodejs/index.js": "ok" }, { "nodejs/loop": "." });
    const error = validationError(() => new LambdaLayer(newStack(), "Layer", { layerName: "l", directory: dir }));
    expect(error.problems[0]).toMatchObject({ path: "stack/Layer", prop: "directory (nodejs/loop)", received: dir });
    expect(error.message).toContain("Invalid LambdaLayer props at stack/Layer");
  });
});
