import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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
    // *.pem is left out by default: a private key and a certificate share the extension.
    expect(paths(dir)).toEqual(["index.js"]);
  });

  test("Compliance: a CA bundle the code needs (RDS TLS) comes back with include, by its exact name", () => {
    const dir = folder({ "index.js": "ok", "certs/global-bundle.pem": "-----BEGIN CERTIFICATE-----", "certs/client.key": "-----BEGIN PRIVATE KEY-----" });
    expect(paths(dir, { include: ["certs/global-bundle.pem"] })).toEqual(["certs/global-bundle.pem", "index.js"]);
  });

  test.each([
    [".envrc", "export AWS_SECRET_ACCESS_KEY=x"],
    [".git-credentials", "https://user:ghp_token@github.com"],
    ["terraform.tfvars", 'db_password = "x"'],
    ["prod.auto.tfvars", 'db_password = "x"'],
    ["vars.tfvars.json", '{"db_password":"x"}'],
    [".terraformrc", 'credentials "app.terraform.io" { token = "x" }'],
    ["terraform.rc", 'credentials "app.terraform.io" { token = "x" }'],
    [".terraform.d/credentials.tfrc.json", "{}"],
    ["plan.tfplan", "binary"],
    [".vault-token", "hvs.x"],
    ["server.key", "-----BEGIN PRIVATE KEY-----"],
    ["client.p12", "binary"],
    ["client.pfx", "binary"],
    ["signing.p8", "-----BEGIN PRIVATE KEY-----"],
    ["keystore.jks", "binary"],
    ["putty.ppk", "PuTTY-User-Key-File-3"],
    [".pgpass", "db:5432:*:app:secret"],
    [".my.cnf", "password=secret"],
    [".docker/config.json", '{"auths":{"registry":{"auth":"x"}}}'],
    [".kube/config", "users: [{ user: { token: x } }]"],
    ["kubeconfig", "users: []"],
    [".config/gcloud/application_default_credentials.json", "{}"],
    ["application_default_credentials.json", "{}"],
    [".azure/msal_token_cache.json", "{}"],
    [".gem/credentials", ":rubygems_api_key: x"],
    [".cargo/credentials.toml", 'token = "x"'],
    ["deploy_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----"],
    ["keys/id_ecdsa_sk", "-----BEGIN OPENSSH PRIVATE KEY-----"],
    [".bash_history", "mysql -p secret"],
    [".psql_history", "ALTER USER app PASSWORD 'x'"],
    [".yarnrc", "_authToken x"],
    ["_netrc", "machine x password y"],
  ])("Noncompliance: %s never reaches the zip", (file, content) => {
    expect(paths(folder({ "index.js": "ok", [file]: content }))).toEqual(["index.js"]);
  });

  test("Noncompliance: the deny list matches regardless of case (.ENV, ID_RSA, Terraform.TFVARS, .Aws/)", () => {
    const dir = folder({ "index.js": "ok", ".ENV": "SECRET=1", "ID_RSA": "key", "Terraform.TFVARS": "x", ".Aws/credentials": "x", "Server.PEM": "key", ".Env.Production": "x" });
    expect(paths(dir)).toEqual(["index.js"]);
  });

  test("Compliance: code named like credentials but not one (keys.js, key-utils.ts, id_utils.js, pem.js, history.js) is kept", () => {
    const dir = folder({ "keys.js": "ok", "key-utils.ts": "ok", "id_utils.js": "ok", "pem.js": "ok", "history.js": "ok", "rsa.js": "ok" });
    expect(paths(dir)).toEqual(["history.js", "id_utils.js", "key-utils.ts", "keys.js", "pem.js", "rsa.js"]);
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

  test.each([
    ["config.json", ".env", ".env"],
    ["settings.txt", "nested/.ENV.local", ".env.*"],
    ["data/readme.md", "../id_rsa", "*_rsa"],
    ["state.json", "terraform.tfstate", "*.tfstate"],
    ["head", ".git/HEAD", ".git"],
    ["ca.crt", "certs/server.pem", "*.pem"],
  ])("Noncompliance: a link %s -> %s (an excluded file) is refused, naming the file it leads to", (link, target, pattern) => {
    const dir = folder({ "index.js": "ok", ".env": "SECRET=1", "nested/.ENV.local": "SECRET=2", "id_rsa": "key", "terraform.tfstate": "{}", ".git/HEAD": "ref", "certs/server.pem": "key" }, { [link]: target });
    const error = readError(() => readDirectoryEntries(dir));
    const real = join(link, "..", target).replace(/\\/g, "/").replace(/^\.\//, "");
    expect(error.problems).toEqual([
      {
        path: link,
        rule: `a link to a file that is packed (this one leads to ${real}, which is left out by the exclude pattern ${JSON.stringify(pattern)}; copy what the code needs, or bring ${real} back with an include pattern)`,
      },
    ]);
  });

  test("Noncompliance: a link to an excluded folder (settings -> .aws) is refused, and so is a link to a file excluded by codeExclude", () => {
    const dir = folder({ "index.js": "ok", ".aws/credentials": "x", "fixtures/secret.json": "{}" }, { settings: ".aws", "data.json": "fixtures/secret.json" });
    const error = readError(() => readDirectoryEntries(dir, "", { exclude: ["fixtures/**"] }));
    expect(error.problems.map((p) => [p.path, p.rule.match(/leads to (\S+), which is left out by the exclude pattern (\S+);/)?.slice(1)])).toEqual([
      ["data.json", ["fixtures/secret.json", '"fixtures/**"']],
      ["settings", [".aws", '".aws"']],
    ]);
  });

  test("Compliance: a link to an excluded file that include brings back ships under the link's name too", () => {
    const dir = folder({ "index.js": "ok", ".env.defaults": "A=1" }, { "defaults.env": ".env.defaults" });
    expect(paths(dir, { include: [".env.defaults"] })).toEqual([".env.defaults", "defaults.env", "index.js"]);
  });

  test("Noncompliance: a hard link to an excluded file of the folder is refused", () => {
    const dir = folder({ "index.js": "ok", ".env": "SECRET=1" });
    linkSync(join(dir, ".env"), join(dir, "settings.txt"));
    expect(readError(() => readDirectoryEntries(dir)).problems).toEqual([
      { path: "settings.txt", rule: "a file other than an excluded one (this is a hard link to .env, which is left out; copy what the code needs instead)" },
    ]);
  });

  test("Compliance: hard links between packed files (as pnpm makes them) are kept", () => {
    const dir = folder({ "index.js": "ok", "lib/a.js": "shared" });
    linkSync(join(dir, "lib/a.js"), join(dir, "lib/b.js"));
    expect(paths(dir)).toEqual(["index.js", "lib/a.js", "lib/b.js"]);
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
