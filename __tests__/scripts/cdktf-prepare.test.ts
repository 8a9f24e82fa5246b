import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Fn, Lazy, TerraformLocal, TerraformOutput, TerraformStack, Token, type IResolveContext } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";

// scripts/cdktf-prepare.js is plain CommonJS, as scripts/run-app.js loads it.
const { installPrepare } = require("../../scripts/cdktf-prepare") as { installPrepare: (cdktf: unknown, resolve: unknown) => void };
const cdktf = require("cdktf") as typeof import("cdktf");
const { resolve } = require("cdktf/lib/tokens/private/resolve") as { resolve: unknown };

const cdktfPrepare = TerraformStack.prototype.prepareStack;
installPrepare(cdktf, resolve);
const walkPrepare = TerraformStack.prototype.prepareStack;
afterAll(() => {
  TerraformStack.prototype.prepareStack = cdktfPrepare;
});

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every kind of value a configuration holds, tokens of each kind among plain values; `log` records each lazy value produced. */
function buildApp(log: string[]): App {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-prepare-"));
  made.push(outdir);
  const app = new App({ outdir });
  const lazy = (label: string, value: unknown) =>
    Lazy.anyValue({
      produce: (context: IResolveContext) => {
        log.push(`${label} preparing=${context.preparing}`);
        return value;
      },
    });
  const lazyString = (label: string, value: string) => Token.asString(lazy(label, value));
  const lazyNumber = (label: string, value: number) => Token.asNumber(lazy(label, value));

  const producer = new TerraformStack(app, "producer");
  new AwsProvider(producer, "aws", { region: "eu-west-1" });
  const queue = new SqsQueue(producer, "Queue", { name: lazyString("queue name", "jobs") });

  const consumer = new TerraformStack(app, "consumer");
  new TerraformLocal(consumer, "plain", { text: "a ${literal} e+ text", n: 1.5e300, flag: true, none: null, list: [1, "two", [3, { four: 4 }]], when: "2024-01-01" });
  // One local per kind of token, each inside plain objects and lists: the walk must find each itself.
  const tokens: Record<string, unknown> = {
    inString: `before-${lazyString("in string", "middle")}-after`,
    number: lazyNumber("number", 7),
    numberInString: `size ${lazyNumber("number in string", 42)}`,
    list: Token.asList(lazy("list", ["x", "y"])),
    listAmongValues: ["a", lazyString("list element", "b")],
    numberList: Token.asNumberList(lazy("number list", [1, 2])),
    map: Token.asStringMap(lazy("map", { k: "v" })),
    key: { [lazyString("key", "computed-key")]: "value of a computed key" },
    anyValue: lazy("any value", { inner: lazyString("inside any value", "deep"), more: [lazyNumber("number inside any value", 3)] }),
    fn: Fn.join(",", [lazyString("function argument", "p"), "q"]),
  };
  for (const [name, value] of Object.entries(tokens)) new TerraformLocal(consumer, name, { plain: "text", nested: [{ deeper: [value, 1] }] });
  // A cross-stack reference: the producer gets an output, the consumer a remote-state read.
  new TerraformOutput(consumer, "queue_arn", { value: queue.arn });
  new TerraformOutput(consumer, "queue_name_upper", { value: Fn.upper(queue.name) });
  return app;
}

function synthWith(prepare: () => void): { log: string[]; files: Record<string, string> } {
  TerraformStack.prototype.prepareStack = prepare;
  const log: string[] = [];
  const app = buildApp(log);
  app.synth();
  const files: Record<string, string> = {};
  for (const stack of readdirSync(join(app.outdir, "stacks"))) files[stack] = readFileSync(join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8");
  return { log, files };
}

describe("scripts/cdktf-prepare.js: cdktf's prepare, resolving the tokens alone", () => {
  let stock: ReturnType<typeof synthWith>;
  let walked: ReturnType<typeof synthWith>;
  beforeAll(() => {
    stock = synthWith(cdktfPrepare);
    walked = synthWith(walkPrepare);
  });

  it("resolves every token cdktf's prepare resolves, as many times, in the same order and with the same context", () => {
    expect(stock.log.filter((l) => l.endsWith("preparing=true")).length).toBeGreaterThanOrEqual(13);
    expect(walked.log).toEqual(stock.log);
  });

  it("registers the same cross-stack references: the same output in the producer, the same remote state in the consumer, the same bytes", () => {
    expect(stock.files.producer).toContain("cross-stack-output-aws_sqs_queueQueue");
    expect(stock.files.consumer).toContain("terraform_remote_state");
    expect(walked.files).toEqual(stock.files);
  });

  it("fails where cdktf's prepare fails, with the same message (a value that cannot be resolved, a list token in a string)", () => {
    const failures = (prepare: () => void) =>
      [
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: [1, { y: Lazy.anyValue({ produce: () => { throw new Error("no value here"); } }) }] }),
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: `text ${Token.asList(Lazy.anyValue({ produce: () => ["a"] }))}` }),
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: { f: () => 1 } }),
      ].map((add) => {
        TerraformStack.prototype.prepareStack = prepare;
        const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), "cdktf-prepare-")) }), "s");
        made.push(App.of(stack).outdir);
        add(stack);
        try {
          stack.prepareStack();
          return "no error";
        } catch (e) {
          return (e as Error).message;
        }
      });
    const expected = failures(cdktfPrepare);
    expect(expected.every((m) => m !== "no error")).toBe(true);
    expect(failures(walkPrepare)).toEqual(expected);
  });
});
