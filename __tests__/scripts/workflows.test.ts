import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { DEPLOY_STAGE_KEYS } from "../../stacks/deploy-order";
import { REPO_ROOT } from "./review-fixtures";

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}
interface Job {
  readonly "runs-on"?: string;
  readonly uses?: string;
  readonly needs?: string | string[];
  readonly name?: string;
  readonly strategy?: { readonly "max-parallel"?: number; readonly "fail-fast"?: boolean; readonly matrix?: Record<string, unknown> };
  readonly outputs?: Record<string, string>;
  readonly with?: Record<string, unknown>;
  readonly environment?: string;
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly steps?: Step[];
}
interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const WORKFLOWS = join(REPO_ROOT, ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = new Map(files.map((f) => [f, parse(readFileSync(join(WORKFLOWS, f), "utf8")) as Workflow]));
const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const runs = (w: Workflow) => steps(w).flatMap((s) => (s.run ? [s.run] : []));
const pr = workflows.get("pr.yml")!;
const deploy = workflows.get("deploy.yml")!;
const deployEnvironment = workflows.get("deploy-environment.yml")!;

describe("GitHub workflows", () => {
  it("are the expected files, each valid YAML with jobs", () => {
    expect(files).toEqual(["deploy-environment.yml", "deploy.yml", "pr.yml"]);
    for (const [file, w] of workflows) {
      expect(typeof w.name).toBe(`string`);
      expect(Object.keys(w.jobs).length).toBeGreaterThan(0);
      expect(file).toMatch(/\.yml$/);
    }
  });

  it.each(files)("%s only calls npm scripts that package.json defines", (file) => {
    const called = runs(workflows.get(file)!).flatMap((r) => [...r.matchAll(/\bnpm run (?:--?[\w-]+ )*([\w:.-]+)/g)].map((m) => m[1]));
    for (const script of called) expect(Object.keys(scripts)).toContain(script);
    if (runs(workflows.get(file)!).some((r) => /\bnpm (test|t)\b/.test(r))) expect(scripts.test).toBeDefined();
  });

  it.each(files)("%s only references local files that exist", (file) => {
    const w = workflows.get(file)!;
    const local = [
      ...Object.values(w.jobs).flatMap((j) => (j.uses?.startsWith("./") ? [j.uses] : [])),
      ...steps(w).flatMap((s) => (s.uses?.startsWith("./") ? [s.uses] : [])),
      // Repository files named in commands (scripts/..., config/..., a tracked *.ts/*.js/*.sh file).
      ...runs(w).flatMap((r) => [...r.matchAll(/(?<![\w./-])((?:\.\/)?(?:scripts|config|stacks|modules|lambda-src|\.github)\/[\w./-]+\.(?:ts|js|sh|ya?ml|json))/g)].map((m) => m[1])),
    ];
    for (const path of local) {
      const full = join(REPO_ROOT, path);
      expect({ path, exists: existsSync(full) }).toEqual({ path, exists: true });
      if (statSync(full).isDirectory()) expect(existsSync(join(full, "action.yml")) || existsSync(join(full, "action.yaml"))).toBe(true);
    }
  });

  it.each(files)("%s pins every third-party action to a full commit SHA", (file) => {
    const w = workflows.get(file)!;
    for (const uses of steps(w).flatMap((s) => (s.uses && !s.uses.startsWith("./") ? [s.uses] : []))) {
      expect(uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
    const text = readFileSync(join(WORKFLOWS, file), "utf8");
    for (const line of text.split("\n").filter((l) => /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40}/.test(l))) expect(line).toMatch(/# v\d+\.\d+\.\d+$/);
  });

  it.each(files)("%s sets up Node.js 22 or later (Node 20 reached end of life in April 2026)", (file) => {
    const nodes = steps(workflows.get(file)!).filter((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(Number(node.with!["node-version"])).toBeGreaterThanOrEqual(22);
  });

  it.each(files)("%s grants read-only contents by default", (file) => {
    expect(workflows.get(file)!.permissions).toEqual(expect.objectContaining({ contents: "read" }));
  });
});

describe("pr.yml", () => {
  const job = pr.jobs.review;
  const names = (job.steps ?? []).map((s) => s.run ?? s.uses ?? "");

  it("runs on pull requests with Node 22 and the npm cache", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const node = job.steps!.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    expect(node.with).toEqual(expect.objectContaining({ "node-version": 22, cache: "npm" }));
    const checkout = job.steps!.find((s) => s.uses?.startsWith("actions/checkout@"))!;
    expect(checkout.with).toEqual(expect.objectContaining({ "fetch-depth": 0 }));
  });

  it("installs, tests, synthesizes, then reviews against the base branch", () => {
    const order = ["npm ci", "npm test", "npm run synth", "npm run review -- --base-ref origin/${{ github.base_ref }} --out review.md"];
    const positions = order.map((cmd) => names.findIndex((n) => n.includes(cmd)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("has Terraform on PATH before the tests, which fail in CI without it", () => {
    const tf = job.steps!.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
    expect(tf).toBeGreaterThanOrEqual(0);
    expect(tf).toBeLessThan(job.steps!.findIndex((s) => s.run === "npm test"));
  });

  it("posts the review as one sticky comment, then gates on broadening in a separate step", () => {
    const comment = job.steps!.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))!;
    expect(comment.with).toEqual(expect.objectContaining({ path: "review.md", header: expect.any(String) }));
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const gate = job.steps!.find((s) => s.run?.includes("--fail-on broadening"))!;
    expect(gate).toBeDefined();
    expect(job.steps!.indexOf(gate)).toBeGreaterThan(job.steps!.indexOf(comment));
    expect(gate.run).toContain("npm run review");
  });

  it("lets a PR acknowledge widening changes by id in its description, read from the environment, never spliced into the script", () => {
    const gate = job.steps!.find((s) => s.run?.includes("--fail-on broadening"))!;
    expect((pr.on.pull_request as { types: string[] }).types).toEqual(expect.arrayContaining(["edited", "labeled", "unlabeled"]));
    expect(gate.env).toEqual({ PR_BODY: "${{ github.event.pull_request.body }}" });
    expect(gate.run).not.toContain("github.event");
    expect(gate.run).toContain('${ids:+--acknowledge "$ids"}');
    const parse = gate.run!.split("\n").find((l) => l.startsWith("ids="))!;
    const body = "Adds a reports bucket.\r\n\r\nreview-acknowledge: 0123456789\r\n  review-acknowledge: abcdefabcd\nreview-acknowledge: $(touch /tmp/x)\nnot review-acknowledge: 1111111111";
    const result = spawnSync("bash", ["-c", `${parse}\nprintf %s "$ids"`], { env: { PATH: process.env.PATH, PR_BODY: body }, encoding: "utf8" });
    expect(result.stdout).toBe("0123456789,abcdefabcd");
  });

  it("keeps the review job free of cloud credentials", () => {
    expect(job.permissions!["id-token"]).toBeUndefined();
    expect(names.some((n) => n.startsWith("aws-actions/") || n.startsWith("google-github-actions/"))).toBe(false);
  });

  it("plans every environment with its read-only plan identities, behind the GitHub environment <env>-plan, never for forks", () => {
    const plan = pr.jobs.plan;
    expect(plan.needs).toBe("order");
    expect(pr.jobs.order.steps!.find((s) => s.id === "order")!.run).toBe('echo "environments=$(npm run --silent deploy-order)" >> "$GITHUB_OUTPUT"');
    expect(plan.strategy).toEqual({ "fail-fast": false, matrix: { include: "${{ fromJSON(needs.order.outputs.environments) }}" } });
    expect(plan.environment).toBe("${{ matrix.environment }}-plan");
    expect(plan.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    const aws = plan.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with).toEqual(expect.objectContaining({ "role-to-assume": "${{ matrix.awsPlanRoleArn }}", "aws-region": "${{ matrix.awsRegion }}" }));
    const gcp = plan.steps!.find((s) => s.uses?.startsWith("google-github-actions/auth@"))!;
    expect(gcp.with).toEqual({ workload_identity_provider: "${{ matrix.gcpWorkloadIdentityProvider }}", service_account: "${{ matrix.gcpPlanServiceAccount }}" });
    const node = plan.steps!.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    expect(node.with).toEqual(expect.objectContaining({ "package-manager-cache": false }));
    expect(plan.env).toEqual(expect.objectContaining({ PLAN_STACKS: "${{ matrix.stacks }} ${{ matrix.identityStacks }}" }));
    const loop = plan.steps!.find((s) => s.run?.includes("terraform -chdir"))!;
    expect(loop.run).toContain('terraform -chdir="cdktf.out/stacks/$stack" plan -input=false -no-color');
    expect(plan.steps!.indexOf(loop)).toBeGreaterThan(plan.steps!.indexOf(aws));
    expect(readFileSync(join(WORKFLOWS, "pr.yml"), "utf8")).not.toContain("vars.");
  });

  it("validates every synthesized stack with Terraform ~1.11, init without backend", () => {
    const validate = pr.jobs.validate;
    const tf = validate.steps!.find((s) => s.uses?.startsWith("hashicorp/setup-terraform@"))!;
    expect(String(tf.with!.terraform_version)).toMatch(/^~1\.11/);
    const script = validate.steps!.map((s) => s.run ?? "").join("\n");
    expect(script).toContain("npm run synth");
    expect(script).toContain("for dir in cdktf.out/stacks/*/");
    expect(script).toMatch(/terraform -chdir="\$dir" init -backend=false/);
    expect(script).toMatch(/terraform -chdir="\$dir" validate/);
  });
});

describe("deploy.yml", () => {
  it("runs on pushes to main and by hand", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
  });

  it("deploys the environments one at a time, in the order npm run deploy-order prints, each through the environment workflow with id-token: write", () => {
    expect(Object.keys(deploy.jobs)).toEqual(["order", "deploy"]);
    const order = deploy.jobs.order;
    const orderStep = order.steps!.find((s) => s.id === "order")!;
    expect(orderStep.run).toBe('echo "environments=$(npm run --silent deploy-order)" >> "$GITHUB_OUTPUT"');
    expect(order.outputs).toEqual({ environments: "${{ steps.order.outputs.environments }}" });
    const job = deploy.jobs.deploy;
    expect(job.needs).toBe("order");
    expect(job.strategy).toEqual({ "max-parallel": 1, "fail-fast": true, matrix: { include: "${{ fromJSON(needs.order.outputs.environments) }}" } });
    expect(job.uses).toBe("./.github/workflows/deploy-environment.yml");
    expect(job.with).toEqual(expect.objectContaining({ environment: "${{ matrix.environment }}", stacks: "${{ matrix.stacks }}" }));
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  // What deploy-order prints (every stack of the app, by environment, in order), and the matrix and
  // deploy loop a stack added to the app goes through: __tests__/scripts/deploy-order.test.ts.

  it("hands each environment's identities from the deploy order to the environment workflow, no hand-made variable", () => {
    expect(deploy.jobs.deploy.with).toEqual({
      environment: "${{ matrix.environment }}",
      stacks: "${{ matrix.stacks }}",
      "identity-stacks": "${{ matrix.identityStacks }}",
      "aws-role-arn": "${{ matrix.awsRoleArn }}",
      "aws-region": "${{ matrix.awsRegion }}",
      "gcp-workload-identity-provider": "${{ matrix.gcpWorkloadIdentityProvider }}",
      "gcp-service-account": "${{ matrix.gcpServiceAccount }}",
      "hcp-host": "${{ matrix.hcpHost }}",
    });
    // Every input it passes is one the environment workflow declares.
    const inputs = Object.keys((deployEnvironment.on.workflow_call as { inputs: Record<string, unknown> }).inputs);
    expect(inputs.sort()).toEqual(Object.keys(deploy.jobs.deploy.with!).sort());
  });

  it("runs each environment behind its GitHub environment and assumes its apply role and service account through OIDC / WIF, no long-lived keys", () => {
    expect(Object.keys(deployEnvironment.on)).toEqual(["workflow_call"]);
    const job = deployEnvironment.jobs.deploy;
    expect(job.environment).toBe("${{ inputs.environment }}");
    expect(job.permissions).toEqual(expect.objectContaining({ "id-token": "write" }));
    const aws = job.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.if).toBe("inputs.aws-role-arn != ''");
    expect(aws.with).toEqual(expect.objectContaining({ "role-to-assume": "${{ inputs.aws-role-arn }}", "aws-region": "${{ inputs.aws-region }}" }));
    const gcp = job.steps!.find((s) => s.uses?.startsWith("google-github-actions/auth@"))!;
    expect(gcp.if).toBe("inputs.gcp-workload-identity-provider != ''");
    expect(gcp.with).toEqual({
      workload_identity_provider: "${{ inputs.gcp-workload-identity-provider }}",
      service_account: "${{ inputs.gcp-service-account }}",
    });
    const text = readFileSync(join(WORKFLOWS, "deploy-environment.yml"), "utf8");
    for (const key of ["aws-access-key-id", "aws-secret-access-key", "credentials_json", "AWS_SECRET_ACCESS_KEY", "GOOGLE_CREDENTIALS", "vars."]) expect(text).not.toContain(key);
    const synth = job.steps!.findIndex((s) => s.run === "npm run synth");
    const drift = job.steps!.findIndex((s) => s.run?.includes("-detailed-exitcode"));
    const deployIndex = job.steps!.findIndex((s) => s.run?.includes("npx cdktf deploy \"$stack\""));
    const deployStep = job.steps![deployIndex];
    // One synth, then each stack alone, in the listed order, stopping at the first failure (set -e).
    expect(deployStep.run).toBe(
      'set -euo pipefail\nread -ra stacks <<< "$DEPLOY_STACKS"\nfor stack in "${stacks[@]}"; do\n  npx cdktf deploy "$stack" --skip-synth --ignore-missing-stack-dependencies --auto-approve\ndone\n',
    );
    expect(job.env).toEqual(expect.objectContaining({ DEPLOY_STACKS: "${{ inputs.stacks }}", IDENTITY_STACKS: "${{ inputs.identity-stacks }}" }));
    const credentials = [job.steps!.indexOf(aws), job.steps!.indexOf(gcp)];
    expect(Math.max(...credentials)).toBeLessThan(synth);
    expect([synth, drift, deployIndex]).toEqual([...[synth, drift, deployIndex]].sort((a, b) => a - b));
    expect(synth).toBeGreaterThanOrEqual(0);
  });

  it("refuses to deploy while an identity stack has changes (the apply role cannot apply them), naming it", () => {
    const job = deployEnvironment.jobs.deploy;
    const drift = job.steps!.find((s) => s.run?.includes("-detailed-exitcode"))!;
    expect(drift.if).toBe("inputs.identity-stacks != ''");
    expect(drift.run).toContain('read -ra stacks <<< "$IDENTITY_STACKS"');
    expect(drift.run).toContain('terraform -chdir="cdktf.out/stacks/$stack" plan -detailed-exitcode -lock=false -input=false -no-color || status=$?');
    // Exit code 2 is "changes": the job fails with the stack to apply; any other failure fails too.
    const script = drift.run!.replace(/terraform -chdir="cdktf\.out\/stacks\/\$stack" init [^\n]*\n/, "").replace(/terraform -chdir="cdktf\.out\/stacks\/\$stack" plan [^|]*\|\| status=\$\?/, 'status="$(cat "$PLAN_STATUS_DIR/$stack")"');
    const run = (statuses: Record<string, number>) => {
      const dir = mkdtempSync(join(tmpdir(), "drift-"));
      for (const [stack, code] of Object.entries(statuses)) writeFileSync(join(dir, stack), String(code));
      return spawnSync("bash", ["-c", script], { env: { PATH: process.env.PATH, IDENTITY_STACKS: Object.keys(statuses).join(" "), DEPLOY_ENV: "dev", PLAN_STATUS_DIR: dir }, encoding: "utf8" });
    };
    expect(run({ "deployer-aws-dev": 0, "deployer-gcp-dev": 0 }).status).toBe(0);
    const changed = run({ "deployer-aws-dev": 0, "deployer-gcp-dev": 2 });
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain("deployer-gcp-dev has changes; an administrator must apply it (npx cdktf deploy deployer-gcp-dev) before dev can be deployed");
    expect(run({ "deployer-aws-dev": 1 }).status).toBe(1);
  });

  it("reads only keys the deploy order gives from the matrix", () => {
    for (const file of files) {
      const text = readFileSync(join(WORKFLOWS, file), "utf8");
      for (const [, key] of text.matchAll(/matrix\.([A-Za-z]+)/g)) expect([file, DEPLOY_STAGE_KEYS]).toEqual([file, expect.arrayContaining([key])]);
    }
  });
});
