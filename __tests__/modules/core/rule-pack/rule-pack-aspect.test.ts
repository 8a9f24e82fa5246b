import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, Aspects, TerraformStack, Testing, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpApi, ServerlessFunction } from "../../../../modules/aws";
import {
  applyRulePack,
  defaultSeverity,
  RULE_PACK_MARKER,
  RulePack,
  SECURE_BY_DEFAULT,
  suppressRule,
  type RulePackOptions,
} from "../../../../modules/core/rule-pack";
import { declareEnvironment } from "../../../../modules/core/environment-traits";
import { lambdaTracing } from "../../../../modules/core/rule-pack/rules/aws/lambda-tracing";
import { ValidationError } from "../../../../modules/core/validation";
import { CODE_DIR, tempDirs } from "./helpers";

const tempDir = tempDirs();

/** What the PR review tool parses: `[<rule-id>] <title>: <detail> (checkov <ids>; trivy <ids>)`. */
const FINDING_FORMAT = /^\[([a-z0-9-]+)\] [^:]+: .+ \(checkov (none|CKV2?_[A-Z]+_\d+(, CKV2?_[A-Z]+_\d+)*); trivy (none|[A-Z]+-\d{4}(, [A-Z]+-\d{4})*)\)$/;

interface Annotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
  readonly stacktrace?: unknown;
}

/**
 * A stack with one ServerlessFunction that is fine except for tracing (it is behind no API, so no
 * DLQ or route rule applies; it rolls out through CodeDeploy and is watched, as a protected
 * environment asks): exactly one finding, `lambda-tracing` on `<stack>/Fn/Function`.
 */
function untracedFunctionStack(app: App, id = "svc", tracing = false): TerraformStack {
  const stack = awsStack(app, id);
  new ServerlessFunction(stack, "Fn", { functionName: `${id}-fn`, codeDirectory: CODE_DIR, tracing, reservedConcurrency: 2, logRetentionDays: 365, deployment: { strategy: "all-at-once" } });
  return stack;
}

/** A stack with an AWS provider, so that cdktf's own validations pass at synth. */
function awsStack(app: App, id = "svc"): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

function quiet(options: RulePackOptions): RulePackOptions {
  return { log: () => undefined, ...options };
}

function manifestAnnotations(outdir: string, stack: string): Annotation[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations: Annotation[] }> };
  return manifest.stacks[stack].annotations;
}

describe("severity", () => {
  test("defaults come from the traits config declares: dev warns, stg and prod fail, an undeclared environment fails", () => {
    expect(defaultSeverity("dev")).toBe("warn");
    expect(defaultSeverity("stg")).toBe("error");
    expect(defaultSeverity("prod")).toBe("error");
    expect(defaultSeverity("qa")).toBe("error");
    expect(new RulePack(quiet({ environment: "dev" })).severity).toBe("warn");
    expect(new RulePack(quiet({ environment: "qa" })).traits).toEqual({ protected: true, rulePackSeverity: "error" });
  });

  test("a pack may raise the environment's level, never lower it", () => {
    expect(new RulePack(quiet({ environment: "dev", severity: "error" })).severity).toBe("error");
    for (const environment of ["prod", "stg", "qa"]) {
      expect(() => new RulePack(quiet({ environment, severity: "warn" }))).toThrow(
        `severity: must be "error" or stricter: environment "${environment}" declares rulePackSeverity "error" (its config; an undeclared environment is "error"), and a pack may raise it, not lower it; received "warn"`,
      );
    }
  });

  test("dev: a finding is a warning annotation and the stack is written", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = untracedFunctionStack(app);
    applyRulePack(stack, quiet({ environment: "dev" }));
    app.synth();

    expect(existsSync(join(outdir, "stacks", "svc", "cdk.tf.json"))).toBe(true);
    const annotations = manifestAnnotations(outdir, "svc");
    expect(annotations).toEqual([
      {
        constructPath: "svc/Fn/Function",
        level: "@cdktf/warn",
        message:
          '[lambda-tracing] Lambda functions trace with X-Ray: tracing_config.mode is "PassThrough", expected "Active" (ServerlessFunction prop tracing: true) (checkov CKV_AWS_50; trivy AWS-0066)',
      },
    ]);
  });

  test("prod: a finding fails synth before anything is written for that stack", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    applyRulePack(untracedFunctionStack(app, "good", true), quiet({ environment: "prod" }));
    applyRulePack(untracedFunctionStack(app, "bad"), quiet({ environment: "prod" }));

    let message = "";
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[lambda-tracing] Lambda functions trace with X-Ray");
    expect(message).toContain("at bad/Fn/Function (aws_lambda_function.Fn_Function_");
    expect(message).toContain('{ ruleId: "lambda-tracing", path: "Fn/Function", reason: "..." }');
    expect(message).toContain('suppressRule(<construct>, "lambda-tracing", "...")');
    // The compliant stack synthesized before it is written; the failing one is not, not even its folder.
    expect(existsSync(join(outdir, "stacks", "good", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(outdir, "stacks", "bad"))).toBe(false);
  });

  test("stg fails like prod; dev raised to error fails too", () => {
    const failing = new App({ outdir: tempDir(), stackTraces: false });
    applyRulePack(untracedFunctionStack(failing), quiet({ environment: "stg" }));
    expect(() => failing.synth()).toThrow(/\[lambda-tracing\]/);

    const outdir = tempDir();
    const raised = new App({ outdir, stackTraces: false });
    applyRulePack(untracedFunctionStack(raised), quiet({ environment: "dev", severity: "error" }));
    expect(() => raised.synth()).toThrow(/\[lambda-tracing\]/);
    expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
  });

  test("an environment no config declares is held to the strictest level: its findings fail synth", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    applyRulePack(untracedFunctionStack(app), quiet({ environment: "qa" }));
    expect(() => app.synth()).toThrow(/\[lambda-tracing\]/);
    expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
  });

  test("every finding of a failing stack is listed, not only the first", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = awsStack(app);
    new CloudwatchLogGroup(stack, "A", { name: "/a" });
    new CloudwatchLogGroup(stack, "B", { name: "/b", retentionInDays: 7 });
    const report = new RulePack(quiet({ environment: "prod" })).evaluate(stack);
    expect(report.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["log-group-retention svc/A", "log-group-retention svc/B"]);
    expect(report.errors).toHaveLength(2);
  });
});

describe("annotations", () => {
  test("every finding follows `[<rule-id>] <title>: <detail> (checkov <ids>; trivy <ids>)` and carries no stack trace", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = awsStack(app);
    const fn = new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, environment: { DB_PASSWORD: "hunter2hunter2" }, logRetentionDays: 7 });
    new HttpApi(stack, "Api", { apiName: "api", routes: [{ method: "GET", path: "/x", target: fn }] });
    applyRulePack(stack, quiet({ environment: "dev" }));
    app.synth();

    const annotations = manifestAnnotations(outdir, "svc");
    expect(annotations.length).toBeGreaterThanOrEqual(5);
    for (const a of annotations) {
      expect(a.message).toMatch(FINDING_FORMAT);
      expect(a.stacktrace).toBeUndefined();
    }
    expect(annotations.map((a) => FINDING_FORMAT.exec(a.message)?.[1]).sort()).toEqual([
      "api-route-authorization",
      "lambda-concurrency-limit",
      "lambda-environment-kms",
      "lambda-environment-secrets",
      "lambda-tracing",
    ]);
  });

  test("rules with no checkov or trivy id say none", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir() }), "svc");
    new CloudwatchLogGroup(stack, "A", { name: "/a" });
    const [finding] = new RulePack(quiet({ environment: "dev" })).evaluate(stack).findings;
    expect(finding.message).toMatch(/\(checkov CKV_AWS_66, CKV_AWS_338; trivy none\)$/);
  });

  test("synth output is byte-identical across output folders", () => {
    const synth = () => {
      const outdir = tempDir();
      const app = new App({ outdir, stackTraces: false });
      const stack = untracedFunctionStack(app);
      applyRulePack(stack, quiet({ environment: "dev" }));
      app.synth();
      return ["manifest.json", "stacks/svc/cdk.tf.json"].map((f) => readFileSync(join(outdir, f), "utf8"));
    };
    expect(synth()).toEqual(synth());
  });

  test("aspects invoked twice (Testing.synth, then app.synth) record each finding once", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = untracedFunctionStack(app);
    const lines: string[] = [];
    applyRulePack(stack, { environment: "dev", suppressions: [{ ruleId: "lambda-tracing", reason: "tracing is off in this test stack on purpose" }], log: (l) => lines.push(l) });
    Testing.synth(stack);
    app.synth();
    expect(manifestAnnotations(outdir, "svc")).toHaveLength(1);
    expect(lines).toHaveLength(1);
  });
});

describe("when the pack runs", () => {
  /** An aspect that changes the function after the pack has visited the stack. */
  class Tune implements IAspect {
    constructor(private readonly change: (fn: LambdaFunction) => void) {}
    public visit(node: IConstruct): void {
      if (node instanceof LambdaFunction) this.change(node);
    }
  }

  test("it reads, and cdktf writes, what aspects that run after it changed (on the stack and below it)", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = untracedFunctionStack(app);
    applyRulePack(stack, quiet({ environment: "prod" }));
    Aspects.of(stack).add(new Tune((fn) => (fn.memorySize = 2048)));
    Aspects.of(stack.node.findChild("Fn")).add(new Tune((fn) => fn.putTracingConfig({ mode: "Active" })));
    app.synth();

    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "svc", "cdk.tf.json"), "utf8"));
    const [fn] = Object.values(tf.resource.aws_lambda_function) as { memory_size: number; tracing_config: { mode: string } }[];
    expect(fn.memory_size).toBe(2048);
    expect(fn.tracing_config.mode).toBe("Active");
    // The untraced function was traced by the later aspect: no lambda-tracing finding failed synth.
    expect(manifestAnnotations(outdir, "svc")).toEqual([]);
  });

  test("a finding an aspect introduces after the pack still fails synth", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = untracedFunctionStack(app, "svc", true);
    applyRulePack(stack, quiet({ environment: "prod" }));
    Aspects.of(stack).add(new Tune((fn) => fn.putTracingConfig({ mode: "PassThrough" })));
    expect(() => app.synth()).toThrow(/\[lambda-tracing\]/);
    expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
  });

  test("it renders each stack once per synth", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = untracedFunctionStack(app, "svc", true);
    applyRulePack(stack, quiet({ environment: "prod" }));
    const render = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      app.synth();
      expect(render.mock.calls.length).toBe(1);
    } finally {
      render.mockRestore();
    }
  });

  test("an App with skipValidation is refused: the pack would never run", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false, skipValidation: true });
    applyRulePack(untracedFunctionStack(app), quiet({ environment: "prod" }));
    expect(() => app.synth()).toThrow(/App skipValidation: must be false: the rule pack runs as a stack validation/);
  });
});

describe("suppressions", () => {
  const tracingOff = { ruleId: "lambda-tracing", reason: "the nightly job is too short-lived to be worth tracing" };

  test("a suppression accepts the finding, is listed as an info annotation and printed once", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = untracedFunctionStack(app);
    const lines: string[] = [];
    const pack = applyRulePack(stack, { environment: "prod", suppressions: [{ ...tracingOff, path: "Fn" }], log: (l) => lines.push(l) });
    app.synth();

    expect(existsSync(join(outdir, "stacks", "svc", "cdk.tf.json"))).toBe(true);
    expect(manifestAnnotations(outdir, "svc")).toEqual([
      { constructPath: "svc/Fn/Function", level: "@cdktf/info", message: `[lambda-tracing] suppressed at svc/Fn/Function: ${tracingOff.reason}` },
    ]);
    expect(lines).toEqual([`rule pack svc: [lambda-tracing] suppressed at svc/Fn/Function: ${tracingOff.reason}`]);
    const report = pack.reportOf(stack)!;
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.ruleId, s.path, s.suppressedBy])).toEqual([["lambda-tracing", "svc/Fn/Function", "suppressions[0]"]]);
  });

  test("the suppression list goes to stderr by default", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = untracedFunctionStack(app);
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      applyRulePack(stack, { environment: "prod", suppressions: [tracingOff] });
      app.synth();
      const printed = write.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("rule pack "));
      expect(printed).toEqual([`rule pack svc: [lambda-tracing] suppressed at svc/Fn/Function: ${tracingOff.reason}\n`]);
    } finally {
      write.mockRestore();
    }
  });

  test("paths are relative to the stack, match whole segments, cover a subtree and accept * and ** segments", () => {
    const build = (routes: string[]) => {
      const stack = new TerraformStack(new App({ outdir: tempDir() }), "svc");
      const hello = new ServerlessFunction(stack, "Hello", { functionName: "hello", codeDirectory: CODE_DIR, tracing: true, reservedConcurrency: 1, logRetentionDays: 365, deployment: { strategy: "all-at-once" } });
      new HttpApi(stack, "Api", { apiName: "api", routes: routes.map((r) => ({ method: r.split(" ")[0] as "GET", path: r.split(" ")[1], target: hello })), accessLogRetentionDays: 365 });
      return stack;
    };
    const reason = "GET /hello is a public greeting";
    // GET /hello. has the same slug as GET /hello (only the hash differs): the exact id covers one route only.
    const exact = build(["GET /hello", "GET /hello.", "POST /hello"]);
    const report = new RulePack(quiet({ environment: "prod", suppressions: [{ ruleId: "api-route-authorization", path: "Api/Route-GET_hello-f2a46b", reason }] })).evaluate(exact);
    expect(report.suppressed.map((s) => s.path)).toEqual(["svc/Api/Route-GET_hello-f2a46b"]);
    expect(report.findings.map((f) => f.path)).toEqual([expect.stringMatching(/^svc\/Api\/Route-GET_hello-(?!f2a46b)[0-9a-f]{6}$/), expect.stringMatching(/^svc\/Api\/Route-POST_hello-/)]);

    for (const path of ["Api/*", "**/*", "**", "Api", "**/Api/**"]) {
      const r = new RulePack(quiet({ environment: "prod", suppressions: [{ ruleId: "api-route-authorization", path, reason: "a sample API, public on purpose" }] })).evaluate(build(["GET /a", "GET /b"]));
      expect({ path, findings: r.findings, errors: r.errors }).toEqual({ path, findings: [], errors: [] });
    }
    // A segment is a whole id: "Ap" does not cover "Api", "*" does not reach two levels down.
    for (const path of ["Ap", "*/Route-GET_a-f302df/x", "Api/Route-GET_a"]) {
      const r = new RulePack(quiet({ environment: "prod", suppressions: [{ ruleId: "api-route-authorization", path, reason: "a sample API, public on purpose" }] })).evaluate(build(["GET /a"]));
      expect(r.suppressed).toEqual([]);
    }
  });

  test.each(["Api/Route-GET_hello-*", "Api/Route-*", "**/Route-?ET_a", "Api//Route", "/svc/Fn", "Fn/"])("a path with a wildcard inside a segment or an empty segment (%s) is refused", (path) => {
    expect(() => new RulePack(quiet({ environment: "prod", suppressions: [{ ruleId: "api-route-authorization", path, reason: "a sample API, public on purpose" }] }))).toThrow(
      /suppressions\[0\]\.path: must be a construct path relative to the stack whose wildcards are whole segments/,
    );
  });

  test.each([
    ["no reason", { ruleId: "lambda-tracing" }, /suppressions\[0\]\.reason: must be a reason written in words \(at least 3 words and 12 letters\)/],
    ["an empty reason", { ruleId: "lambda-tracing", reason: "" }, /reason/],
    ["a too short reason", { ruleId: "lambda-tracing", reason: "ok, fine" }, /received "ok, fine"/],
    ["ten zero-width characters", { ruleId: "lambda-tracing", reason: "\u200b".repeat(10) }, /suppressions\[0\]\.reason: must be a reason written in words/],
    ["punctuation and digits", { ruleId: "lambda-tracing", reason: "1234567890 !!! ... ---" }, /suppressions\[0\]\.reason/],
    ["two words", { ruleId: "lambda-tracing", reason: "intentionally disabled" }, /suppressions\[0\]\.reason/],
    ["an unknown rule", { ruleId: "lambda-tracin", reason: "a typo in the rule id" }, /suppressions\[0\]\.ruleId: must be the id of a rule in the pack .*received "lambda-tracin"/],
    ["a rule id not in kebab-case", { ruleId: "CKV_AWS_50", reason: "checkov ids are not rule ids" }, /must be a rule id in kebab-case/],
    ["a rule that cannot be suppressed", { ruleId: "iam-no-admin-access", reason: "the deployer needs to do everything" }, /suppressions\[0\]\.ruleId: must be a rule that may be suppressed .*received "iam-no-admin-access"/],
  ])("a suppression with %s is refused when the pack is created", (_what, suppression, error) => {
    const create = () => new RulePack(quiet({ environment: "prod", suppressions: [suppression as never] }));
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(error);
  });

  test("reasons in any script count as words", () => {
    expect(() => new RulePack(quiet({ environment: "prod", suppressions: [{ ruleId: "lambda-tracing", reason: "Der nächtliche Bericht läuft ohne Tracing" }] }))).not.toThrow();
    expect(() => suppressRule(new TerraformStack(new App({ outdir: tempDir() }), "svc"), "lambda-tracing", "\u200b\u200c\u200d".repeat(5))).toThrow(/reason: must be a reason written in words/);
  });

  test("a rule of a custom pack marked suppressible: false fails synth when a suppression reaches it", () => {
    const strict = { ...lambdaTracing, id: "strict-tracing", suppressible: false };
    expect(() => new RulePack(quiet({ environment: "dev", rules: [strict], suppressions: [{ ruleId: "strict-tracing", reason: "tracing is off on purpose here" }] }))).toThrow(
      /suppressions\[0\]\.ruleId: must be a rule that may be suppressed/,
    );
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = untracedFunctionStack(app);
    suppressRule(stack.node.findChild("Fn"), "strict-tracing", "tracing is off on purpose here");
    applyRulePack(stack, quiet({ environment: "dev", rules: [strict] }));
    expect(() => app.synth()).toThrow(/\[strict-tracing\] cannot be suppressed: svc\/Fn tries to; fix the finding instead/);
    expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
  });

  test("suppressRule refuses a rule that cannot be suppressed at once", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir() }), "svc");
    expect(() => suppressRule(stack, "iam-no-admin-access", "the deployer role administers the account")).toThrow(/ruleId: must be a rule that may be suppressed/);
  });

  test("a rule id no rule of the pack has is refused; every default rule is in every pack", () => {
    const custom = { ...lambdaTracing, id: "team-tracing" };
    expect(() => new RulePack(quiet({ environment: "prod", rules: [custom], suppressions: [{ ruleId: "no-such-rule", reason: "a typo in the rule id here" }] }))).toThrow(
      /suppressions\[0\]\.ruleId: must be the id of a rule in the pack \(.*team-tracing.*\)/,
    );
    const pack = new RulePack(quiet({ environment: "prod", rules: [lambdaTracing], suppressions: [{ ruleId: "ecr-immutable-tags", reason: "a suppression of a default rule" }] }));
    expect(pack.rules.map((r) => r.id)).toEqual(SECURE_BY_DEFAULT.map((r) => r.id));
  });

  test.each(["iam-no-wildcard-actions", "iam-no-privilege-escalation", "ec2-no-public-ingress", "resource-policy-no-public-principal", "gcp-no-public-access", "aws-readable-security-values", "unverifiable-blocks"])(
    "%s guards IAM, the network, public exposure or what synth cannot verify: no suppression may name it",
    (ruleId) => {
      expect(() => new RulePack(quiet({ environment: "prod", suppressions: [{ ruleId, reason: "the deployer needs this on purpose" }] }))).toThrow(/must be a rule that may be suppressed/);
      expect(() => suppressRule(new TerraformStack(new App({ outdir: tempDir() }), "svc"), ruleId, "the deployer needs this on purpose")).toThrow(/must be a rule that may be suppressed/);
    },
  );

  test("a suppression that matches no finding fails synth, even in dev, and nothing is written", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    applyRulePack(untracedFunctionStack(app, "svc", true), quiet({ environment: "dev", suppressions: [{ ...tracingOff, path: "Fn" }] }));
    expect(() => app.synth()).toThrow(/\[lambda-tracing\] unused suppression: suppressions\[0\] \(path "Fn"\) matches no finding in svc/);
    expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
  });

  test("suppressRule attaches a suppression to a construct subtree", () => {
    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const stack = awsStack(app);
    const a = new ServerlessFunction(stack, "A", { functionName: "a", codeDirectory: CODE_DIR, reservedConcurrency: 1, logRetentionDays: 365, deployment: { strategy: "all-at-once" } });
    new ServerlessFunction(stack, "B", { functionName: "b", codeDirectory: CODE_DIR, reservedConcurrency: 1, logRetentionDays: 365, deployment: { strategy: "all-at-once" } });
    suppressRule(a, "lambda-tracing", "A runs once a day and its logs are enough");
    const report = new RulePack(quiet({ environment: "prod" })).evaluate(stack);
    expect(report.suppressed.map((s) => [s.path, s.suppressedBy, s.reason])).toEqual([["svc/A/Function", "svc/A", "A runs once a day and its logs are enough"]]);
    expect(report.findings.map((f) => f.path)).toEqual(["svc/B/Function"]);
  });

  test("suppressRule refuses a missing reason at once, and an unknown or unused one at synth", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir() }), "svc");
    expect(() => suppressRule(stack, "lambda-tracing", "short")).toThrow(/Invalid rule suppression at svc .*reason/s);

    const outdir = tempDir();
    const app = new App({ outdir, stackTraces: false });
    const svc = untracedFunctionStack(app, "svc", true);
    suppressRule(svc.node.findChild("Fn"), "no-such-rule", "this rule does not exist at all");
    suppressRule(svc, "ecr-immutable-tags", "there is no repository in this stack");
    applyRulePack(svc, quiet({ environment: "dev" }));
    let message = "";
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[no-such-rule] unknown rule: suppressRule at svc/Fn names a rule that is not in the pack of svc");
    expect(message).toContain("[ecr-immutable-tags] unused suppression: suppressRule at svc matches no finding");
    expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
  });
});

describe("applying the pack", () => {
  test("a pack cannot be emptied: rules: [] (or only one rule) still runs every default rule", () => {
    for (const rules of [[], [lambdaTracing]]) {
      const outdir = tempDir();
      const app = new App({ outdir, stackTraces: false });
      const stack = untracedFunctionStack(app);
      new CloudwatchLogGroup(stack, "Loose", { name: "/loose" });
      applyRulePack(stack, quiet({ environment: "prod", rules }));
      expect(() => app.synth()).toThrow(/\[log-group-retention\][\s\S]*\[lambda-tracing\]|\[lambda-tracing\][\s\S]*\[log-group-retention\]/);
      expect(existsSync(join(outdir, "stacks", "svc"))).toBe(false);
    }
  });

  test("applyRulePack adds one RulePack aspect to the stack", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir() }), "svc");
    const pack = applyRulePack(stack, quiet({ environment: "prod" }));
    expect(Aspects.of(stack).all).toEqual([pack]);
    expect(pack.rules).toEqual(SECURE_BY_DEFAULT);
    expect(() => applyRulePack(stack, quiet({ environment: "prod" }))).toThrow(/one pack per stack/);
  });

  test("a pack carries the marker scripts/run-app.js looks for on every stack", () => {
    expect(RULE_PACK_MARKER).toBe(Symbol.for("cdktf-serverless/rule-pack"));
    expect((new RulePack(quiet({ environment: "dev" })) as unknown as Record<symbol, unknown>)[Symbol.for("cdktf-serverless/rule-pack")]).toBe(true);
  });

  test("applyRulePack refuses the App (cdktf runs no aspect added there)", () => {
    const app = new App({ outdir: tempDir() });
    expect(() => applyRulePack(app as unknown as TerraformStack, quiet({ environment: "prod" }))).toThrow(/a TerraformStack/);
  });

  test.each([
    ["no environment", { environment: "" }, /environment: must be set/],
    ["an unknown severity", { environment: "prod", severity: "fatal" }, /severity: must be one of "error", "warn"/],
    ["duplicate custom rules", { environment: "prod", rules: [{ ...lambdaTracing, id: "team-x" }, { ...lambdaTracing, id: "team-x" }] }, /rules\[1\]\.id: must be unique within the pack/],
    ["a custom rule that replaces a default one", { environment: "prod", rules: [{ ...lambdaTracing, check: () => undefined }] }, /rules\[0\]\.id: must be a new id \(a pack adds rules; it cannot replace a default one\)/],
  ])("options with %s are refused", (_what, options, error) => {
    expect(() => new RulePack(options as RulePackOptions)).toThrow(error);
  });

  test("a pack added to a construct checks that subtree only", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = awsStack(app);
    const fn = new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, reservedConcurrency: 1, logRetentionDays: 365 });
    new CloudwatchLogGroup(stack, "Elsewhere", { name: "/elsewhere" });
    const pack = new RulePack(quiet({ environment: "dev" }));
    Aspects.of(fn).add(pack);
    Testing.synth(stack, true);
    expect(pack.reportOf(stack)!.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["lambda-tracing svc/Fn/Function"]);
  });
});

describe("a pack is as strict as the account its stack's provider applies in", () => {
  // Declared as config/load.ts does: prod-like in one account, a dev-like one in another.
  declareEnvironment("acct-prod", { protected: true, rulePackSeverity: "error" }, { awsAccountIds: ["111111111111"], awsRegions: ["eu-west-1"] });
  declareEnvironment("acct-dev", { protected: false, rulePackSeverity: "warn" }, { awsAccountIds: ["222222222222"], awsRegions: ["eu-west-1"] });
  const admin = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
  const build = (account: string, assumeIn?: string) => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "pack-account-")), stackTraces: false });
    const stack = new TerraformStack(app, "sneaky");
    const p = new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [account] });
    if (assumeIn) p.addOverride("assume_role", [{ role_arn: `arn:aws:iam::${assumeIn}:role/Deployer` }]);
    new IamRolePolicy(stack, "P", { role: "r", policy: admin });
    return new RulePack({ environment: "acct-dev", log: () => undefined }).evaluate(stack);
  };

  test.each([
    ["its allowed account is prod's", "111111111111", undefined],
    ["it assumes a role in prod's account", "222222222222", "111111111111"],
  ])("Noncompliant: a pack declared for dev on a stack where %s is judged as prod (error)", (_name, account, assumeIn) => {
    const report = build(account, assumeIn);
    expect(report.severity).toBe("error");
    expect(report.errors.some((e) => e.startsWith("[iam-no-admin-access]"))).toBe(true);
  });

  test("Compliant: the same stack in dev's own account warns, as dev declares", () => {
    const report = build("222222222222");
    expect(report.severity).toBe("warn");
    expect(report.findings.some((f) => f.ruleId === "iam-no-admin-access")).toBe(true);
    expect(report.errors).toEqual([]);
  });
});
