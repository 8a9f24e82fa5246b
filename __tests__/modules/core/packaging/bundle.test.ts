import { strFromU8 } from "fflate";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleEntry, packageRoot } from "../../../../modules/core/packaging/bundle";

const ROOT = resolve(__dirname, "../../../..");
const FIXTURE = join(ROOT, "__tests__", "fixtures", "entry");
const ENTRY = join(FIXTURE, "index.ts");

function bundle(entry = ENTRY, externalModules = ["@aws-sdk/*"]): string {
  return strFromU8(bundleEntry({ entry, target: "node22", externalModules }).code);
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "bundle-test-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe("bundleEntry", () => {
  test("gives one minified CommonJS file with the local import inlined", () => {
    const code = bundle();
    expect(code.trim().split("\n")).toHaveLength(1);
    expect(code).toContain("module.exports");
    expect(code).toContain("hello ");
    expect(code).not.toContain("./greeting");
    expect(code).not.toContain("someVeryLongParameterNameThatMinificationRenames");
    expect(code).not.toContain("anotherVeryLongLocalVariableName");
  });

  test("leaves external modules (@aws-sdk/*) as require calls", () => {
    expect(bundle()).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
  });

  test("the bundle runs: exports the handler, which calls the external module", async () => {
    const sent: unknown[] = [];
    const fakeSdk = {
      DynamoDBClient: class {
        send(command: { input: unknown }) {
          sent.push(command.input);
          return Promise.resolve({ Item: { name: { S: "Ada" } } });
        }
      },
      GetItemCommand: class {
        constructor(public readonly input: unknown) {}
      },
    };
    const module = { exports: {} as Record<string, unknown> };
    const fakeRequire = (id: string) => {
      if (id === "@aws-sdk/client-dynamodb") return fakeSdk;
      throw new Error(`unexpected require(${id})`);
    };
    new Function("module", "exports", "require", "process", bundle())(module, module.exports, fakeRequire, {
      env: { TABLE_NAME: "users" },
    });
    const handler = module.exports.handler as (e: { id: string }) => Promise<unknown>;
    await expect(handler({ id: "1" })).resolves.toEqual({ statusCode: 200, body: "hello Ada" });
    expect(sent).toEqual([{ TableName: "users", Key: { id: { S: "1" } } }]);
  });

  test("gives identical bytes on every run", () => {
    expect(bundle()).toBe(bundle());
  });

  test("gives identical bytes wherever the project is checked out", () => {
    const copies = ["a", join("b", "deeper", "checkout")].map((place) => {
      const root = join(work, place);
      mkdirSync(join(root, "src"), { recursive: true });
      writeFileSync(join(root, "package.json"), "{}");
      for (const file of ["index.ts", "greeting.ts"]) copyFileSync(join(FIXTURE, file), join(root, "src", file));
      return bundle(join(root, "src", "index.ts"));
    });
    expect(copies[1]).toBe(copies[0]);
    expect(copies[0]).not.toContain(work);
  });

  test("fails on a missing import instead of producing a broken bundle", () => {
    writeFileSync(join(work, "broken.ts"), 'import { x } from "./missing";\nexport const handler = () => x;\n');
    expect(() => bundle(join(work, "broken.ts"))).toThrow();
  });
});

describe("packageRoot", () => {
  test("is the folder of the nearest package.json above the entry", () => {
    expect(packageRoot(ENTRY)).toBe(ROOT);
  });

  test("walks up several folders to the nearest package.json", () => {
    mkdirSync(join(work, "pkg", "src", "deep"), { recursive: true });
    writeFileSync(join(work, "pkg", "package.json"), "{}");
    expect(packageRoot(join(work, "pkg", "src", "deep", "index.ts"))).toBe(join(work, "pkg"));
  });
});
