import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ENVIRONMENTS } from "../../config/load";
import type { DeployStage } from "../../stacks/deploy-order";
import { appStackJson } from "../app-output";
import { deployOrderInProcess, synthInProcess } from "../in-process";
import { projectCopy } from "./project-copy";

const ROOT = join(__dirname, "..", "..");

type Stage = DeployStage;
interface Step {
  readonly id?: string;
  readonly run?: string;
}
interface Workflow {
  readonly jobs: Record<string, { readonly steps?: Step[]; readonly strategy?: { readonly matrix?: { readonly include?: string } }; readonly with?: Record<string, string> }>;
}

/** The ```ts blocks of a section of a guide. */
function tsBlocks(guide: string, heading: string): string[] {
  const text = readFileSync(join(ROOT, "docs", guide), "utf8");
  const start = text.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const section = text.slice(start + heading.length + 2).split(/\n## /)[0];
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * Adds a stack to the copy exactly as docs/writing-a-stack.md says: its file (the guide's first
 * example, named by its first line) and the guide's lines for main.ts (imports on top, the rest
 * before `app.synth()`). Plus a stack that is not a ServiceStack and reads the new stack's queue,
 * so that the order must put it after.
 */
function addDocumentedStack(dir: string): void {
  const [stackFile, mainLines] = tsBlocks("writing-a-stack.md", "## A stack");
  const file = /^\/\/ (stacks\/[\w-]+\.ts)\n/.exec(stackFile)?.[1];
  expect(file).toBe("stacks/jobs-stack.ts");
  writeFileSync(join(dir, file!), stackFile);
  expect(mainLines).toContain("new JobsStack(app, `jobs-${config.environment}`, config)");
  const lines = mainLines.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("//"));
  const imports = lines.filter((l) => l.startsWith("import "));
  const body = lines.filter((l) => !l.startsWith("import "));
  const reader = [
    "const jobsDev = app.node.findChild(\"jobs-dev\") as import(\"./stacks/jobs-stack\").JobsStack;",
    "const reader = new TerraformStack(app, \"jobs-reader-dev\");",
    "new AwsProvider(reader, \"aws\", { region: environments[0].aws.region });",
    "new TerraformOutput(reader, \"queue\", { value: (jobsDev.node.findChild(\"Queue\") as Queue).arn });",
    "applyRulePack(reader, { environment: \"dev\" });",
  ];
  const extraImports = [
    'import { AwsProvider } from "@cdktf/provider-aws/lib/provider";',
    'import { Queue } from "./modules/aws";',
    'import { TerraformOutput, TerraformStack } from "cdktf";',
    'import { applyRulePack } from "./modules/core/rule-pack";',
  ];
  const main = readFileSync(join(dir, "main.ts"), "utf8");
  expect(main).toContain("\napp.synth();\n");
  // The reader is created before the stacks it reads: the order comes from the dependency, not the app.
  const withReader = main.replace("\napp.synth();\n", `\n${body.join("\n")}\n${reader.join("\n")}\napp.synth();\n`);
  writeFileSync(join(dir, "main.ts"), [...imports, ...extraImports, withReader].join("\n"));
}

describe("npm run deploy-order: every stack main.ts creates, from the app itself", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const { CDKTF_OUTDIR: _ignored, ...env } = process.env;

  // The command's own process runs in the case below, the deploy workflow's step as written, in a
  // copy of the project (its output, and its stderr naming the stacks deployed by hand), and for a
  // refusal in run-app.test.ts. Here, in this process, what the command computes and prints.
  it("lists the shipped stacks by environment in promotion order, and names state-bootstrap as deployed by hand", async () => {
    const r = await deployOrderInProcess(ROOT);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    // Printed first on stderr, as the workflow's log shows it (the second case checks the printed lines).
    expect(r.value!.manual[0]).toEqual({ stack: "state-bootstrap", reason: expect.stringMatching(/by hand/) });
    const stages = r.value!.stages;
    expect(stages.map((s) => s.environment)).toEqual([...ENVIRONMENTS]);
    for (const stage of stages) expect(stage.stacks.split(" ")).toEqual(expect.arrayContaining([`aws-${stage.environment}`]));
    expect(stages.flatMap((s) => s.stacks.split(" "))).not.toContain("state-bootstrap");

    // Each environment's identities are the ones its identity stacks create: the workflows assume
    // exactly those roles and accounts, and plan exactly those stacks before deploying.
    for (const stage of stages) {
      const env = stage.environment;
      const aws = appStackJson(`deployer-aws-${env}`);
      const gcp = appStackJson(`deployer-gcp-${env}`);
      const accountId = aws.provider.aws[0].allowed_account_ids[0];
      const roles = Object.values(aws.resource.aws_iam_role as Record<string, { name: string; path: string }>).map((r) => `arn:aws:iam::${accountId}:role${r.path}${r.name}`);
      expect(roles).toEqual(expect.arrayContaining([stage.awsRoleArn, stage.awsPlanRoleArn]));
      expect(stage.awsRoleArn).toMatch(/:role\/deployer\/svc-[a-z]+-github-apply$/);
      expect(stage.awsPlanRoleArn).toMatch(/:role\/deployer\/svc-[a-z]+-github-plan$/);
      expect(stage.awsRegion).toBe(aws.provider.aws[0].region);
      const accounts = Object.values(gcp.resource.google_service_account as Record<string, { account_id: string; project: string }>).map((a) => `${a.account_id}@${a.project}.iam.gserviceaccount.com`);
      expect(accounts).toEqual(expect.arrayContaining([stage.gcpServiceAccount, stage.gcpPlanServiceAccount]));
      const [pool] = Object.values(gcp.resource.google_iam_workload_identity_pool as Record<string, { workload_identity_pool_id: string }>);
      const [provider] = Object.values(gcp.resource.google_iam_workload_identity_pool_provider as Record<string, { workload_identity_pool_provider_id: string }>);
      expect(stage.gcpWorkloadIdentityProvider).toMatch(new RegExp(`^projects/\\d+/locations/global/workloadIdentityPools/${pool.workload_identity_pool_id}/providers/${provider.workload_identity_pool_provider_id}$`));
      expect(stage.identityStacks).toBe(`deployer-aws-${env} deployer-gcp-${env}`);
      expect(stage.hcpHost).toBe("");
    }
  });

  it("a stack added to a copy of the app as docs/writing-a-stack.md says is in the deploy order, after the stack it depends on, and in the workflow's matrix and deploy loop", async () => {
    const dir = projectCopy("deploy-order-");
    dirs.push(dir);
    addDocumentedStack(dir);

    // It synthesizes in every environment (the documented form passes the rule pack): npm run synth
    // in this process (its own process is synth.test.ts's).
    const synth = await synthInProcess(dir);
    expect({ status: synth.status, stderr: synth.status === 0 ? "" : synth.stderr }).toEqual({ status: 0, stderr: "" });
    for (const e of ENVIRONMENTS) expect(synth.value && synth.value.written).toContain(`jobs-${e}`);

    // The workflow's order step, as written in deploy.yml, run in the copy.
    const deploy = parse(readFileSync(join(dir, ".github", "workflows", "deploy.yml"), "utf8")) as Workflow;
    const orderStep = deploy.jobs.order.steps!.find((s) => s.id === "order")!;
    const outputFile = join(dir, "github-output");
    const ran = spawnSync("bash", ["-e", "-c", orderStep.run!], { cwd: dir, env: { ...env, GITHUB_OUTPUT: outputFile }, encoding: "utf8" });
    expect({ status: ran.status, stderr: ran.status === 0 ? "" : ran.stderr }).toEqual({ status: 0, stderr: "" });
    // The stacks deployed by hand are named first in the job's log, with their reason.
    expect(ran.stderr).toMatch(/^deploy-order: state-bootstrap is not deployed by the workflow: .*by hand/);
    const output = readFileSync(outputFile, "utf8");
    expect(output).toMatch(/^environments=\[.*\]\n$/);

    // The deploy job's matrix: include = fromJSON(needs.order.outputs.environments), stacks = matrix.stacks.
    expect(deploy.jobs.deploy.strategy!.matrix!.include).toBe("${{ fromJSON(needs.order.outputs.environments) }}");
    expect(deploy.jobs.deploy.with!.stacks).toBe("${{ matrix.stacks }}");
    const matrix = JSON.parse(output.slice("environments=".length)) as Stage[];
    expect(matrix.map((m) => m.environment)).toEqual([...ENVIRONMENTS]);
    for (const m of matrix) {
      const stacks = m.stacks.split(" ");
      expect(stacks).toContain(`jobs-${m.environment}`);
      expect(stacks).toContain(`aws-${m.environment}`);
    }
    const dev = matrix.find((m) => m.environment === "dev")!.stacks.split(" ");
    expect(dev.indexOf("jobs-reader-dev")).toBeGreaterThan(dev.indexOf("jobs-dev"));

    // deploy-environment.yml's deploy step for dev, with cdktf and npm replaced by recorders: per
    // stack, in the listed order, its deploy and its rollout.
    const environmentWorkflow = parse(readFileSync(join(dir, ".github", "workflows", "deploy-environment.yml"), "utf8")) as Workflow;
    const deployStep = environmentWorkflow.jobs.deploy.steps!.find((s) => s.run?.includes("--skip-synth"))!;
    const bin = join(dir, "fake-bin");
    mkdirSync(bin);
    const log = join(dir, "calls.log");
    for (const tool of ["npm", "npx"]) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    const loop = spawnSync("bash", ["-e", "-c", deployStep.run!], { cwd: dir, env: { ...env, PATH: `${bin}:${env.PATH}`, DEPLOY_STACKS: dev.join(" ") }, encoding: "utf8" });
    expect(loop.status).toBe(0);
    // The synth is the step before (npm run synth), shared with the identity stacks' check.
    expect(environmentWorkflow.jobs.deploy.steps!.filter((s) => s.run === "npm run synth").length).toBe(1);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual(
      dev.flatMap((s) => [`npx cdktf deploy ${s} --skip-synth --ignore-missing-stack-dependencies --auto-approve`, `npm run --silent rollout -- ${s}`]),
    );
  }, 120_000);

  it("a stack whose environment cannot be known fails the deploy order and the synth with one clear error, no stack trace", async () => {
    const dir = projectCopy("deploy-order-");
    dirs.push(dir);
    const main = readFileSync(join(dir, "main.ts"), "utf8").replace(
      "\napp.synth();\n",
      '\nconst shared = new TerraformStack(app, "shared");\nnew AwsProvider(shared, "aws", { region: "eu-west-1" });\napplyRulePack(shared, { environment: "shared" });\napp.synth();\n',
    );
    writeFileSync(
      join(dir, "main.ts"),
      `import { AwsProvider } from "@cdktf/provider-aws/lib/provider";\nimport { TerraformStack } from "cdktf";\nimport { applyRulePack } from "./modules/core/rule-pack";\n${main}`,
    );
    const expected = `[shared] its environment "shared" (from applyRulePack(stack, { environment: "shared" })) is not one of the environments of config/`;
    // Both in this process; the command's refusal in a process of its own is run-app.test.ts's (an
    // environment file that is not one: exit 1, the clear error, no stack trace).
    const order = await deployOrderInProcess(dir);
    expect(order.status).toBe(1);
    expect(order.stdout).toBe("");
    expect(order.stderr).toContain(expected);
    expect(order.stderr).not.toMatch(/^\s+at .+[:(]/m);
    const synth = await synthInProcess(dir);
    expect(synth.status).toBe(1);
    expect(synth.stderr).toContain(`[deploy-order] ${expected}`);
    expect(synth.stderr).not.toMatch(/^\s+at .+[:(]/m);
  }, 60_000);
});
