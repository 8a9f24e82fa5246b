import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { App, Fn, Lazy, TerraformLocal, TerraformOutput, TerraformStack, Token, type IResolveContext } from "cdktf";

// scripts/cdktf-resolve.js is plain CommonJS, as scripts/run-app.js loads it.
const { installResolve } = require("../../scripts/cdktf-resolve") as { installResolve: (cdktf: unknown, internals: { tokens: { resolve: unknown }; resolve: unknown }) => void };
const tokens = require("cdktf/lib/_tokens") as { resolve: unknown };
// cdktf's own, and the runner's (installed on the module, then taken back: cdktf may be shared with other suites).
const cdktfResolve = tokens.resolve;
installResolve(require("cdktf"), { tokens, resolve: (require("cdktf/lib/tokens/private/resolve") as { resolve: unknown }).resolve });
const fastResolve = tokens.resolve;
tokens.resolve = cdktfResolve;
afterEach(() => {
  tokens.resolve = cdktfResolve;
});

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const newApp = () => {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-resolve-"));
  made.push(outdir);
  return new App({ outdir });
};

/** Every kind of value a configuration holds, tokens of each kind among plain values; `log` records each lazy value produced. */
function buildApp(log: string[]): App {
  const app = newApp();
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
  const queue = new SqsQueue(producer, "Queue", { name: lazyString("queue name", "jobs"), tags: { team: "a", [lazyString("tag key", "cost")]: "b" } });
  queue.addOverride("delay_seconds", lazyNumber("resource override", 5));

  const consumer = new TerraformStack(app, "consumer");
  new TerraformLocal(consumer, "plain", { text: "a ${literal} 1e5 x-e-y text", n: 1.5e300, flag: true, none: null, gone: undefined, list: [1, undefined, "two", [3, { four: 4 }]], when: "2024-01-01" });
  // One local per kind of token, each inside plain objects and lists: each must be found where it is.
  const values: Record<string, unknown> = {
    inString: `before-${lazyString("in string", "middle")}-after`,
    number: lazyNumber("number", 7),
    numberInString: `size ${lazyNumber("number in string", 42)}`,
    list: Token.asList(lazy("list", ["x", "y"])),
    listAmongValues: ["a", lazyString("list element", "b")],
    numberList: Token.asNumberList(lazy("number list", [1, 2])),
    map: Token.asStringMap(lazy("map", { k: "v" })),
    key: { [lazyString("key", "computed-key")]: "value of a computed key" },
    anyValue: lazy("any value", { inner: lazyString("inside any value", "deep"), more: [lazyNumber("number inside any value", 3)], none: undefined }),
    undefinedValue: lazy("undefined value", undefined),
    fn: Fn.join(",", [lazyString("function argument", "p"), "q"]),
  };
  for (const [name, value] of Object.entries(values)) new TerraformLocal(consumer, name, { plain: "text", nested: [{ deeper: [value, 1] }] });
  // Stack-level overrides, plain and with tokens, resolved with the whole stack.
  consumer.addOverride("locals.from_override", { text: lazyString("stack override", "o"), list: [1, undefined, 2] });
  consumer.addOverride("terraform.required_version", ">= 1.5");
  // A cross-stack reference: the producer gets an output, the consumer a remote-state read.
  new TerraformOutput(consumer, "queue_arn", { value: queue.arn });
  new TerraformOutput(consumer, "queue_name_upper", { value: Fn.upper(queue.name) });
  return app;
}

function synthWith(resolve: unknown): { log: string[]; files: Record<string, string> } {
  tokens.resolve = resolve;
  const log: string[] = [];
  const app = buildApp(log);
  app.synth();
  const files: Record<string, string> = {};
  for (const stack of readdirSync(join(app.outdir, "stacks"))) files[stack] = readFileSync(join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8");
  return { log, files };
}

describe("scripts/cdktf-resolve.js: cdktf's stack resolution, with cdktf resolving the tokens alone", () => {
  let stock: ReturnType<typeof synthWith>;
  let fast: ReturnType<typeof synthWith>;
  beforeAll(() => {
    stock = synthWith(cdktfResolve);
    fast = synthWith(fastResolve);
  });

  it("writes the same bytes, plain values, tokens of every kind, overrides and cross-stack references included", () => {
    expect(stock.files.producer).toContain("cross-stack-output-aws_sqs_queueQueue");
    expect(stock.files.consumer).toContain("terraform_remote_state");
    expect(stock.files.consumer).toContain('"computed-key": "value of a computed key"');
    expect(fast.files).toEqual(stock.files);
  });

  it("resolves every token cdktf resolves, as many times, in the same order and with the same context (prepare included)", () => {
    expect(stock.log.filter((l) => l.endsWith("preparing=true")).length).toBeGreaterThanOrEqual(15);
    expect(fast.log).toEqual(stock.log);
  });

  it("returns what cdktf returns, value for value (undefined dropped from objects and lists, dates and other values as they are)", () => {
    const stack = new TerraformStack(newApp(), "values");
    // A Date of cdktf's realm (jest may load cdktf outside this suite's), as the app's dates are: cdktf tests `instanceof Date`.
    const RealmDate = (App as unknown as { constructor: FunctionConstructor }).constructor("return Date")() as DateConstructor;
    const date = new RealmDate(0);
    const values: unknown[] = [
      "text",
      "",
      7,
      NaN,
      -Infinity,
      true,
      null,
      undefined,
      date,
      { a: undefined, b: [undefined, 1, { c: undefined }], d: {} },
      [[], {}, [undefined]],
      { n: Token.asNumber(Lazy.anyValue({ produce: () => 3 })), s: `x${Token.asString(Lazy.anyValue({ produce: () => "y" }))}` },
    ];
    const resolveWith = (resolve: unknown) => values.map((v) => (resolve as (scope: unknown, value: unknown) => unknown)(stack, v));
    // Keys whose value is undefined written out: cdktf may live in another realm than this suite (jest's shared runtime).
    const shape = (v: unknown): unknown =>
      Array.isArray(v)
        ? ["list", v.map(shape)]
        : Object.prototype.toString.call(v) === "[object Date]"
          ? ["date", (v as Date).getTime()]
          : typeof v === "object" && v !== null
            ? ["object", Object.keys(v).map((k) => [k, shape((v as Record<string, unknown>)[k])])]
            : [typeof v, Number.isNaN(v) ? "NaN" : v];
    const expected = resolveWith(cdktfResolve);
    expect(shape(expected[9])).toEqual(shape({ b: [1, {}], d: {} }));
    expect(resolveWith(fastResolve).map(shape)).toEqual(expected.map(shape));
    expect(resolveWith(fastResolve)[8]).toBe(date);
  });

  it("fails where cdktf fails, with the same message and path", () => {
    const failures = (resolve: unknown) =>
      [
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: [1, { y: Lazy.anyValue({ produce: () => { throw new Error("no value here"); } }) }] }),
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: `text ${Token.asList(Lazy.anyValue({ produce: () => ["a"] }))}` }),
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: { f: () => 1 } }),
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: [{ construct: stack }] }),
        (stack: TerraformStack) => new TerraformLocal(stack, "bad", { x: { [Token.asString(Lazy.anyValue({ produce: () => 1 }))]: "a number as a key" } }),
        (stack: TerraformStack) => {
          const loop: Record<string, unknown> = { a: 1 };
          loop.self = loop;
          new TerraformLocal(stack, "bad", { loop });
        },
      ].map((add) => {
        tokens.resolve = resolve;
        const stack = new TerraformStack(newApp(), "s");
        add(stack);
        try {
          stack.prepareStack();
          return "no error";
        } catch (e) {
          // Token numbers count the tokens created so far in the process: the second app's are others.
          return (e as Error).message.replace(/TOKEN\.\d+/g, "TOKEN.n");
        }
      });
    const expected = failures(cdktfResolve);
    expect(expected.filter((m) => m === "no error")).toEqual([]);
    expect(failures(fastResolve)).toEqual(expected);
  });
});
