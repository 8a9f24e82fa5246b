import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployOrderInProcess, synthInProcess } from "../in-process";

const ROOT = join(__dirname, "..", "..");

/** A copy of the project (its own files, the dependencies linked) to add a file to. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "new-environment-"));
  for (const entry of ["main.ts", "cdktf.json", "package.json", "tsconfig.json", "config", "stacks", "modules", "lambda-src", "scripts"]) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** config/qa.ts as a user writes it: dev's file with its own name, accounts, project, and a second region. */
function qaFile(change: (text: string) => string = (t) => t): string {
  const dev = readFileSync(join(ROOT, "config", "dev.ts"), "utf8");
  const qa = dev
    .replace("export const dev:", "export const qa:")
    .replace('environment: "dev",', 'environment: "qa",\n  promotedFrom: "dev",')
    .replace(/accountId: "\d{12}"/, 'accountId: "555555555555"')
    .replace(/region: "([a-z]+-[a-z]+-\d)",/, 'region: "$1",\n    additionalRegions: [{ region: "us-east-1" }],')
    .replaceAll("svc-dev", "svc-qa")
    .replaceAll("acme-svc-dev", "acme-svc-qa");
  expect(qa).toContain('additionalRegions: [{ region: "us-east-1" }]');
  return change(qa);
}

/** `npm run synth` in the copy (scripts/synth.js: the app in its own process, as cdktf synth runs it). */
function synthProcess(dir: string) {
  const outdir = join(dir, "cdktf.out");
  const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(dir, "scripts", "synth.js")], { cwd: dir, env, encoding: "utf8" });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, outdir };
}

describe("adding an environment is one file, config/<env>.ts", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  // npm run synth and npm run deploy-order in this process (synthInProcess, deployOrderInProcess); the
  // refusal below runs the script in its own process, as a user does.
  it("config/qa.ts alone yields aws-qa, aws-qa-us-east-1 and gcp-qa, its state prefix in the bootstrap, and its place in the deploy order", async () => {
    const dir = projectCopy();
    dirs.push(dir);
    writeFileSync(join(dir, "config", "qa.ts"), qaFile());
    const { status, stderr, value } = await synthInProcess(dir);
    const outdir = join(dir, "cdktf.out");
    expect({ status, stderr: status === 0 ? "" : stderr }).toEqual({ status: 0, stderr: "" });
    expect(value && value.written.join(", ")).toMatch(/\baws-qa, aws-qa-us-east-1\b.*\bgcp-qa\b/);

    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(["aws-dev", "aws-qa", "aws-qa-us-east-1", "gcp-qa", "state-bootstrap"]));
    const stack = (name: string) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));

    const west = stack("aws-qa");
    const east = stack("aws-qa-us-east-1");
    expect(west.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: ["555555555555"] });
    expect(east.provider.aws[0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["555555555555"] });
    expect(east.terraform.backend.s3.key).toBe("svc/qa/aws-qa-us-east-1.tfstate");
    const roles = (tf: { resource: { aws_iam_role: Record<string, { name: string }> } }) => Object.values(tf.resource.aws_iam_role).map((r) => r.name).sort();
    expect(roles(west)).toContain("svc-qa-hello-role");
    expect(roles(east)).toContain("svc-qa-us-east-1-hello-role");
    expect(roles(west).filter((n) => roles(east).includes(n))).toEqual([]);

    const bootstrap = JSON.stringify(stack("state-bootstrap"));
    expect(bootstrap).toContain("arn:aws:iam::555555555555:root");
    expect(bootstrap).toContain("/svc/qa/*");

    const deployOrder = await deployOrderInProcess(dir);
    expect({ status: deployOrder.status, stderr: deployOrder.status === 0 ? "" : deployOrder.stderr }).toEqual({ status: 0, stderr: "" });
    const order = deployOrder.value!.stages;
    const names = order.map((o) => o.environment);
    expect(names).toContain("qa");
    expect(names.indexOf("qa")).toBeGreaterThan(names.indexOf("dev"));
    expect(order.find((o) => o.environment === "qa")!.stacks).toBe("aws-qa aws-qa-us-east-1 gcp-qa");
  });

  it("a copied file that keeps dev's GCP project and deployer is refused at synth, naming both stacks, and nothing is written for it", () => {
    const dir = projectCopy();
    dirs.push(dir);
    writeFileSync(join(dir, "config", "qa.ts"), qaFile((t) => t.replaceAll("acme-svc-qa", "acme-svc-dev").replaceAll("svc-qa-deployer", "svc-dev-deployer")));
    const { status, stderr, outdir } = synthProcess(dir);
    expect(status).toBe(1);
    // The deployer's account is created by each environment's identity stack.
    expect(stderr).toContain(
      'service account id "svc-dev-deployer" is created by two stacks in GCP project acme-svc-dev: deployer-gcp-dev (deployer-gcp-dev/apply-account) and deployer-gcp-qa (deployer-gcp-qa/apply-account)',
    );
    expect(stderr).toContain("synth failed (`node scripts/run-app.js main.ts`: exit 1)");
    expect(() => readFileSync(join(outdir, "manifest.json"))).toThrow();
    expect(() => readFileSync(join(outdir, "stacks", "gcp-dev", "cdk.tf.json"))).toThrow();
    expect(() => readFileSync(join(outdir, "stacks", "deployer-gcp-dev", "cdk.tf.json"))).toThrow();
  });

  it("a file in config/ that is neither an environment nor a listed helper module is refused with the fix", async () => {
    const dir = projectCopy();
    dirs.push(dir);
    writeFileSync(join(dir, "config", "shared-helpers.ts"), "export const x = 1;\n");
    const { status, stderr } = await synthInProcess(dir);
    expect(status).toBe(1);
    expect(stderr).toContain("config/shared-helpers.ts: an environment's file name must be 2 to 12 lowercase letters or digits");
    expect(stderr).toContain("SUPPORT_MODULES (config/environments.ts)");
  });
});
