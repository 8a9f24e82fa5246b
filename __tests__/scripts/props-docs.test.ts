import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { compilerOptions, PROPS_MODULES, renderPropsReference } from "../../scripts/props-docs/render";

/**
 * Props types are derived from the schemas, and still documented where users read them: an editor
 * shows each prop's doc comment and `@default` (the derived types are homomorphic mapped types, which
 * keep each prop's declaration: the schema's field, with its doc comment), and docs/props.md is
 * generated from the schemas and the same doc comments. Both are checked with one TypeScript
 * language service, asked as an editor asks it (quick info at a position in a file that uses the props).
 */

const ROOT = join(__dirname, "..", "..");
const FILE = join(ROOT, "docs", "props.md");
/** The example of docs/schemas.md (its first TypeScript block), as the file it says it is. */
const SCHEMAS_DOC = readFileSync(join(ROOT, "docs", "schemas.md"), "utf8");
const EXAMPLE_SOURCE = /```ts\n(\/\/ modules\/aws\/table-props\.ts\n[\s\S]*?)```/.exec(SCHEMAS_DOC)![1];
const EXAMPLE = join(ROOT, "modules", "aws", "table-props.ts");
const PROBE = join(ROOT, "__tests__", "scripts", "hover-probe.ts");
const SOURCE = `import type { ServerlessFunctionProps, HttpApiProps } from "../../modules/aws";
import type { CloudRunServiceProps } from "../../modules/gcp";
import type { EnvironmentFile } from "../../config/types";
export const fn: ServerlessFunctionProps = {
  functionName: "orders",
  memorySize: 512,
  vpc: { subnetIds: [], vpcId: "vpc-0a1b2c3d" },
  events: [{ type: "sqs", queueArn: "arn", batchSize: 5 }],
};
export const api: Pick<HttpApiProps, "throttle"> = { throttle: { rateLimit: 10 } };
export const run: Pick<CloudRunServiceProps, "minInstances"> = { minInstances: 1 };
declare const env: EnvironmentFile;
export const traits = [env.protected, env.rulePackSeverity];
`;

const VIRTUAL: ReadonlyMap<string, string> = new Map([
  [PROBE, SOURCE],
  [EXAMPLE, EXAMPLE_SOURCE],
]);

function languageService(): ts.LanguageService {
  const files = [...VIRTUAL.keys(), ...PROPS_MODULES.map((m) => join(ROOT, m))];
  const options = compilerOptions();
  return ts.createLanguageService({
    getScriptFileNames: () => files,
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const text = VIRTUAL.get(file) ?? (ts.sys.fileExists(file) ? ts.sys.readFile(file) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => VIRTUAL.has(file) || ts.sys.fileExists(file),
    readFile: (file) => VIRTUAL.get(file) ?? ts.sys.readFile(file),
  });
}

const ls = languageService();

describe("hover on a prop shows its doc comment and @default", () => {
  /** What an editor shows on the word at `marker` (its first occurrence, `offset` characters in). */
  const hover = (marker: string, offset = 0) => {
    const info = ls.getQuickInfoAtPosition(PROBE, SOURCE.indexOf(marker) + offset)!;
    return {
      signature: ts.displayPartsToString(info.displayParts),
      doc: ts.displayPartsToString(info.documentation),
      tags: (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`),
    };
  };

  test("the probe type-checks", () => {
    expect(ls.getSemanticDiagnostics(PROBE).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  });

  test.each([
    ["memorySize: 512", 0, "(property) memorySize?: number", "Memory in MB, 128 to 10240.", ["@default 256"]],
    ["functionName:", 0, "(property) functionName: string", "Name of the Lambda function", []],
    ["vpcId:", 0, "(property) vpcId?: string", "The VPC of the subnets; required when `securityGroupIds` is not given.", ["@default none"]],
    ["batchSize: 5", 0, "(property) batchSize?: number", "Messages per batch", ["@default 10"]],
    ["rateLimit:", 0, "(property) rateLimit?: number", "Requests per second", ["@default 50"]],
    ["minInstances:", 0, "(property) minInstances?: number", "Instances kept warm", ["@default 0"]],
    ["env.protected", 4, "(property) protected: boolean", "Whether the environment keeps what it holds", []],
    ["env.rulePackSeverity", 4, '(property) rulePackSeverity?: "error" | "warn"', "How the rule pack treats its findings", ['@default "error"']],
  ] as const)("%s", (marker, offset, signature, doc, tags) => {
    const shown = hover(marker, offset);
    expect(shown.signature.startsWith(signature)).toBe(true);
    expect(shown.doc).toContain(doc);
    expect(shown.tags).toEqual(tags);
  });

  test("nested props show their named type (the interface derived from their schema)", () => {
    expect(hover("vpc:").signature).toBe("(property) vpc?: ServerlessFunctionVpcProps | undefined");
    expect(hover("throttle:").signature).toBe("(property) throttle?: HttpApiThrottleProps | undefined");
  });
});

describe("docs/props.md, the props reference generated from the schemas", () => {
  const rendered = renderPropsReference(ls.getProgram()!);

  test("is up to date (run npm run docs:props after changing a schema or a prop's doc comment)", () => {
    expect(readFileSync(FILE, "utf8")).toBe(rendered);
  });

  test("joins each prop's schema (required, what it accepts) and its doc comment and @default (what an editor shows)", () => {
    expect(rendered).toContain("| `memorySize` | `number` | 256 | an integer from 128 to 10240 MB | Memory in MB, 128 to 10240. |");
    expect(rendered).toContain("| `functionName` | `string` | required | 1 to 64 letters, digits, - or _ |");
    expect(rendered).toContain("| `protected` | `boolean` | required | true or false |");
  });

  test("every nested object has a table under its interface's name, events and config sections included", () => {
    for (const name of ["ServerlessFunctionVpcProps", "SqsEvent", "StreamEvent", "FunctionUrlCorsProps", "HttpApiRoute", "CloudRunSecretEnv", "ArtifactRegistryCleanupPolicy", "AwsRegionConfig", "GcpServiceConfig"]) {
      expect(rendered).toContain(`#### ${name}\n`);
    }
  });
});

describe("the example of docs/schemas.md (how to write a construct's schema)", () => {
  test("type-checks as written", () => {
    expect(ls.getSemanticDiagnostics(EXAMPLE).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
    expect(ls.getSyntacticDiagnostics(EXAMPLE)).toEqual([]);
  });

  test("refuses what the page says it refuses, with the message it shows", () => {
    const js = ts.transpileModule(EXAMPLE_SOURCE, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const module = { exports: {} as Record<string, unknown> };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new Function("exports", "require", "module", js)(module.exports, (path: string) => require(join(ROOT, "modules", "aws", path)), module);
    const schema = module.exports.TABLE_PROPS as { validateAt(path: string, value: unknown): void };
    const shown = /```text\n([\s\S]*?)\n```/.exec(SCHEMAS_DOC)![1];
    expect(() => schema.validateAt("aws-dev/Orders", { tableName: "orders", partitionKey: { name: "id", type: "string" }, sortKye: "x" })).toThrow(shown);
    expect(() => schema.validateAt("aws-dev/Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, globalSecondaryIndexes: [] })).not.toThrow();
  });
});
