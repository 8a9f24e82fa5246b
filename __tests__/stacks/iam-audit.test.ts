import { Testing, type TerraformStack } from "cdktf";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";
import { OrdersApiStack } from "../../examples/orders-api/stack";
import { OrdersServiceStack } from "../../examples/orders-service/stack";
import { mayUseWildcardResource } from "../../modules/core/policy/iam-actions";
import { appOutdir, stackNames } from "../terraform/harness";

type Json = Record<string, any>;

/**
 * An audit of every IAM policy the app synthesizes, as a security reviewer would run it: the
 * workloads' roles. The deployer identity stacks (`deployer-aws-<env>`: roles trusted by OIDC that
 * create roles under the boundary) are audited with an IAM evaluator in aws-deployer-stack.test.ts.
 */
describe("IAM audit of every synthesized stack", () => {
  const outdir = appOutdir(join(__dirname, "..", ".."));
  const deployerStacks = ENVIRONMENTS.map((e) => `deployer-aws-${e}`);
  const examples: TerraformStack[] = [
    new OrdersApiStack(Testing.app(), "example-orders-api"),
    new OrderPipelineStack(Testing.app(), "example-order-pipeline", { config: loadConfig("dev") }),
    new OrdersServiceStack(Testing.app(), "example-orders-service", { config: loadConfig("prod") }),
  ];
  const exampleOutdirs = examples.map((stack) => ({ stack, dir: Testing.fullSynth(stack) }));
  afterAll(() => exampleOutdirs.forEach(({ dir }) => rmSync(dir, { recursive: true, force: true })));
  const stacks = [
    ...stackNames(outdir)
      .filter((name) => !deployerStacks.includes(name))
      .map((name) => ({ name, dir: join(outdir, "stacks", name) })),
    // The examples written from the public API only, as users would write their stacks.
    ...exampleOutdirs.map(({ stack, dir }) => ({ name: stack.node.id, dir: join(dir, "stacks", stack.node.id) })),
  ].map(({ name, dir }) => ({ name, tf: JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as Json }));

  const statements = stacks.flatMap(({ name, tf }) =>
    Object.entries((tf.data?.aws_iam_policy_document ?? {}) as Json).flatMap(([doc, body]) =>
      (body.statement as Json[]).map((s): Json => ({ where: `${name}/${doc}/${s.sid ?? "?"}`, ...s })),
    ),
  );
  const allows = statements.filter((s) => (s.effect ?? "Allow") === "Allow");

  it("audits every stack but the deployer identities, which have their own audit", () => {
    expect(stackNames(outdir).filter((n) => !stacks.some((s) => s.name === n))).toEqual([...deployerStacks].sort());
  });

  it("finds IAM statements to audit", () => {
    expect(allows.length).toBeGreaterThan(20);
    expect(allows.some((s) => s.where.startsWith("example-order-pipeline/"))).toBe(true);
  });

  it("grants no wildcard action", () => {
    expect(allows.filter((s) => s.actions.some((a: string) => a.includes("*"))).map((s) => s.where)).toEqual([]);
  });

  it('uses Resource "*" only for actions AWS cannot scope (EC2 ENI, X-Ray, DynamoDB ListStreams)', () => {
    const offenders = allows
      .filter((s) => (s.resources ?? []).includes("*"))
      .filter((s) => !s.actions.every((a: string) => mayUseWildcardResource(a)))
      .map((s) => s.where);
    expect(offenders).toEqual([]);
    const starActions = new Set(allows.filter((s) => (s.resources ?? []).includes("*")).flatMap((s) => s.actions as string[]));
    for (const a of starActions) expect(a).toMatch(/^(ec2:|xray:|dynamodb:ListStreams$)/);
  });

  it("grants logs actions only on log groups", () => {
    const logs = allows.filter((s) => s.actions.some((a: string) => a.startsWith("logs:")));
    expect(logs.length).toBeGreaterThan(0);
    for (const s of logs) for (const r of s.resources) expect(r).toMatch(/^\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}:\*$/);
  });

  /** The trust statements of a role, from the policy document its assume_role_policy references. */
  const trustOf = (tf: Json, role: Json): Json[] | undefined => {
    const doc = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(role.assume_role_policy)?.[1];
    return doc === undefined ? undefined : (tf.data.aws_iam_policy_document[doc].statement as Json[]);
  };
  const LAMBDA = [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }];
  const SCHEDULER = [{ type: "Service", identifiers: ["scheduler.amazonaws.com"] }];

  it("lets only a service principal assume a role: Lambda its execution roles, Scheduler (of this account) a schedule's role", () => {
    for (const { name, tf } of stacks) {
      const accounts = tf.provider?.aws?.[0]?.allowed_account_ids as string[] | undefined;
      for (const role of Object.values((tf.resource?.aws_iam_role ?? {}) as Json)) {
        const trust = trustOf(tf, role);
        expect({ stack: name, role: role.name, doc: trust !== undefined }).toEqual({ stack: name, role: role.name, doc: true });
        for (const s of trust!) {
          expect(s.actions).toEqual(["sts:AssumeRole"]);
          expect([LAMBDA, SCHEDULER]).toContainEqual(s.principals);
          if (s.principals[0].identifiers[0] === "scheduler.amazonaws.com" && accounts?.length === 1) {
            expect(s.condition).toContainEqual({ test: "StringEquals", variable: "aws:SourceAccount", values: accounts });
            // AWS asks for the schedule group's ARN here, not a schedule's.
            for (const c of s.condition.filter((c: Json) => c.variable === "aws:SourceArn")) expect(c.values).toEqual([expect.stringMatching(/^arn:aws[a-z-]*:scheduler:[a-z0-9-]+:\d{12}:schedule-group\/default$/)]);
          }
        }
      }
    }
  });

  it("lets a schedule's role invoke the one function (or alias) its schedule targets, and nothing else", () => {
    let checked = 0;
    for (const { name, tf } of stacks) {
      const roles = Object.entries((tf.resource?.aws_iam_role ?? {}) as Json).filter(([, role]) => trustOf(tf, role)!.some((s) => s.principals[0].identifiers[0] === "scheduler.amazonaws.com"));
      for (const [id] of roles) {
        const schedules = Object.values((tf.resource?.aws_scheduler_schedule ?? {}) as Json).filter((s) => s.target.role_arn === `\${aws_iam_role.${id}.arn}`);
        const policies = Object.values((tf.resource?.aws_iam_role_policy ?? {}) as Json).filter((p) => p.role === `\${aws_iam_role.${id}.id}`);
        expect({ stack: name, role: id, schedules: schedules.length, policies: policies.length }).toEqual({ stack: name, role: id, schedules: 1, policies: 1 });
        const doc = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policies[0].policy)![1];
        expect(tf.data.aws_iam_policy_document[doc].statement).toEqual([
          { sid: "InvokeScheduledFunction", effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [schedules[0].target.arn] },
        ]);
        expect(schedules[0].target.arn).toMatch(/^\$\{aws_lambda_(function|alias)\.[^.]+\.arn\}$/);
        checked++;
      }
    }
    // The shipped stacks' nightly report and the order pipeline's nightly run.
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("attaches no AWS-managed (or any separately attached) policy", () => {
    for (const { tf } of stacks) {
      expect(tf.resource?.aws_iam_role_policy_attachment).toBeUndefined();
      expect(tf.resource?.aws_iam_policy_attachment).toBeUndefined();
      expect(JSON.stringify(tf)).not.toContain("arn:aws:iam::aws:policy/");
      for (const role of Object.values((tf.resource?.aws_iam_role ?? {}) as Json)) expect(role.managed_policy_arns).toBeUndefined();
    }
  });
});
