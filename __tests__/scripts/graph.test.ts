import { rmSync } from "node:fs";
import { join } from "node:path";
import { stackDiagram, stackEdges } from "../../scripts/review/mermaid";
import { loadSynthOutput } from "../../scripts/review/synth-output";
import { StackView } from "../../scripts/review/stack-view";
import { FIXTURES, runGraph, runScript, synthAwsFixture } from "./review-fixtures";

let outdir: string;
let index: StackView;
let diagram: string;

beforeAll(() => {
  outdir = synthAwsFixture({ policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-bucket/*"] }] });
  index = new StackView(loadSynthOutput(outdir).stacks.get("aws-fixture")!);
  diagram = stackDiagram(index);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Node id of a block in the diagram, found from its declaration line. */
function nodeId(address: string): string {
  const block = index.block(address)!;
  const label = index.pathOf(address).split("/").pop();
  const line = diagram.split("\n").find((l) => l.includes(`["${block.type}<br/>${label}"]`) || l.includes(`(["data.${block.type}<br/>${label}"])`));
  expect(line).toBeDefined();
  return line!.trim().split(/[[(]/)[0];
}

function hasEdge(from: string, to: string): boolean {
  return new RegExp(`^\\s*${nodeId(from)} -(->|\\.->)\\|[^|]*\\| ${nodeId(to)}$`, "m").test(diagram);
}

describe("stack diagram", () => {
  it("is a flowchart with one node per resource and data source", () => {
    expect(diagram.startsWith("flowchart LR\n")).toBe(true);
    const declared = diagram.split("\n").filter((l) => /^\s+[rd]_\w+(\["|\(\[")/.test(l));
    expect(declared).toHaveLength(index.blocks.length);
    expect(diagram).toContain('["aws_lambda_function<br/>Function"]');
    expect(diagram).toContain('(["data.aws_iam_policy_document<br/>PolicyDocument"])');
  });

  it("groups resources by construct, nesting subgraphs along the construct path", () => {
    const lines = diagram.split("\n");
    const hello = lines.findIndex((l) => l.trim() === 'subgraph g_Hello["Hello"]');
    const role = lines.findIndex((l) => l.trim() === 'subgraph g_Hello_ExecutionRole["ExecutionRole"]');
    const api = lines.findIndex((l) => l.trim() === 'subgraph g_Api["Api"]');
    expect([hello, role, api].every((i) => i >= 0)).toBe(true);
    expect(role).toBeGreaterThan(hello);
    expect(lines[role].indexOf("subgraph")).toBeGreaterThan(lines[hello].indexOf("subgraph"));
    const roleNode = lines.findIndex((l) => l.includes('["aws_iam_role<br/>Role"]'));
    expect(roleNode).toBeGreaterThan(role);
    // Balanced: every subgraph is closed.
    expect(lines.filter((l) => /^\s*subgraph /.test(l))).toHaveLength(lines.filter((l) => l.trim() === "end").length);
  });

  it("draws API -> function -> role, log group and policy edges from references", () => {
    const integration = index.model.ofType("aws_apigatewayv2_integration")[0].address;
    const fn = "aws_lambda_function.Hello_Function_5AD17EB0";
    expect(hasEdge(integration, fn)).toBe(true);
    expect(hasEdge(fn, "aws_iam_role.Hello_ExecutionRole_EA19E1A5")).toBe(true);
    expect(hasEdge(fn, "aws_cloudwatch_log_group.Hello_LogGroup_D4F8714F")).toBe(true);
    expect(hasEdge("aws_iam_role_policy.Hello_ExecutionRole_Policy_E561C073", "data.aws_iam_policy_document.Hello_ExecutionRole_PolicyDocument_AA98513F")).toBe(true);
    expect(hasEdge(index.model.ofType("aws_apigatewayv2_route")[0].address, integration)).toBe(true);
    expect(hasEdge("aws_iam_role.Hello_ExecutionRole_EA19E1A5", fn)).toBe(false);
    expect(stackEdges(index).find((e) => e.from === fn && e.to === "aws_iam_role.Hello_ExecutionRole_EA19E1A5")?.via).toEqual(["role"]);
  });

  it("only references declared nodes, with ids Mermaid accepts", () => {
    const ids = new Set(diagram.split("\n").flatMap((l) => /^\s+([rd]_\w+)(\["|\(\[")/.exec(l)?.[1] ?? []));
    for (const line of diagram.split("\n").filter((l) => l.includes("->"))) {
      const [, from, to] = /^\s+(\w+) -\.?->\|[\w, +]+\| (\w+)$/.exec(line) ?? [];
      expect(ids.has(from)).toBe(true);
      expect(ids.has(to)).toBe(true);
    }
  });

  it("is deterministic and marks changed nodes on request", () => {
    expect(stackDiagram(new StackView(loadSynthOutput(outdir).stacks.get("aws-fixture")!))).toBe(diagram);
    const marked = stackDiagram(index, { marks: new Map([["aws_lambda_function.Hello_Function_5AD17EB0", "replaced"]]) });
    expect(marked).toContain("classDef replaced");
    expect(marked).toContain(`class ${nodeId("aws_lambda_function.Hello_Function_5AD17EB0")} replaced`);
  });

  it("draws GCP grants from principal to grant to resource (Cloud Run -> service account -> repository)", () => {
    const gcp = new StackView(loadSynthOutput(join(FIXTURES, "gcp-public", "head")).stacks.get("gcp-dev")!);
    const edges = stackEdges(gcp).map((e) => `${e.from} -> ${e.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "google_cloud_run_v2_service.Api_Service_8F3A2C45 -> google_service_account.Api_ServiceAccount_5C2E1A90",
        "google_service_account.Api_ServiceAccount_5C2E1A90 -> google_artifact_registry_repository_iam_member.Images_Reader-Api_3D9F7B21",
        "google_artifact_registry_repository_iam_member.Images_Reader-Api_3D9F7B21 -> google_artifact_registry_repository.Images_Repository_0B7D4E12",
      ]),
    );
  });
});

describe("graph CLI", () => {
  it("prints one mermaid block per stack of --dir", () => {
    // The script itself, as npm runs it; the other cases call what it calls in this process (runGraph).
    const result = runScript("graph", ["--dir", outdir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`## Stack \`aws-fixture\`\n\n\`\`\`mermaid\n${diagram}\n\`\`\`\n`);
  });

  it("prints bare Mermaid for one stack with --raw, and refuses unknown stacks", () => {
    expect(runGraph(["--dir", outdir, "--stack", "aws-fixture", "--raw"]).stdout).toBe(`${diagram}\n`);
    const missing = runGraph(["--dir", outdir, "--stack", "nope"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no stack nope");
  });
});
