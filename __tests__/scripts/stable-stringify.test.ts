import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { appOutdir } from "../app-output";

// scripts/stable-stringify.js is plain CommonJS, as scripts/run-app.js loads it; the library is the one cdktf loads.
const { stableStringify } = require("../../scripts/stable-stringify") as { stableStringify: (library: () => Stringify) => Stringify };
type Stringify = (obj: unknown, opts?: unknown) => string | undefined;
const library = require(require.resolve("json-stable-stringify", { paths: [require.resolve("cdktf")] })) as Stringify;
const loaded: string[] = [];
const fast = stableStringify(() => {
  loaded.push("library");
  return library;
});

describe("scripts/stable-stringify.js: json-stable-stringify's bytes", () => {
  const date = new Date(Date.UTC(2024, 0, 2));
  const values: [string, unknown][] = [
    ["a string", "text \u2028 \"quoted\" \\ \n"],
    ["numbers", [0, -0, 1.5e300, NaN, Infinity, -7]],
    ["booleans and null", [true, false, null]],
    ["undefined and functions: dropped from objects, null in arrays", { a: undefined, f: () => 1, list: [undefined, () => 1, Symbol("s"), 1] }],
    ["keys in code-unit order (numbers as strings, capitals, unicode)", { b: 1, a: 2, "10": 3, "2": 4, B: 5, é: 6, "": 7, "a b": 8 }],
    ["empty arrays and objects, nested (written on two lines)", { a: [], b: {}, c: [[], {}, [[]]], d: { e: { f: {} } } }],
    ["toJSON", { when: date, custom: { toJSON: () => ({ z: 1, a: [2] }) } }],
    ["a Terraform stack", { "//": { metadata: { path: "s" } }, resource: { aws_sqs_queue: { q: { name: "jobs", tags: { a: "b" } } } }, terraform: { required_providers: { aws: { version: "5.100.0" } } } }],
    ["the same object twice, not a cycle", (() => {
      const shared = { x: 1 };
      return { a: shared, b: [shared, shared] };
    })()],
    ["top-level undefined", undefined],
    ["top-level array", [{ b: 1, a: 2 }]],
  ];

  test.each(values)("%s", (_, value) => {
    for (const opts of [undefined, {}, { space: 2 }, { space: "\t" }, { space: 0 }]) {
      expect(fast(value, opts)).toBe(library(value, opts));
    }
    expect(loaded).toEqual([]);
  });

  it("refuses a circular object as the library does", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    expect(() => library(loop, { space: 2 })).toThrow("Converting circular structure to JSON");
    expect(() => fast(loop, { space: 2 })).toThrow("Converting circular structure to JSON");
  });

  it("leaves other options (cmp, replacer, cycles, collapseEmpty) to the library", () => {
    const cmp = (a: { key: string }, b: { key: string }) => (a.key < b.key ? 1 : -1);
    const value = { a: 1, b: { c: [] } };
    expect(fast(value, { space: 2, cmp })).toBe(library(value, { space: 2, cmp }));
    expect(fast(value, cmp)).toBe(library(value, cmp));
    expect(fast(value, { space: 2, collapseEmpty: true })).toBe(library(value, { space: 2, collapseEmpty: true }));
    expect(loaded).toEqual(["library", "library", "library"]);
  });

  it("writes every file of the project's app as the library does (cdk.tf.json, manifest.json)", () => {
    const out = appOutdir();
    const files = [join(out, "manifest.json"), ...readdirSync(join(out, "stacks")).map((s) => join(out, "stacks", s, "cdk.tf.json"))];
    for (const file of files) {
      const value = JSON.parse(readFileSync(file, "utf8"));
      expect(fast(value, { space: 2 })).toBe(library(value, { space: 2 }));
    }
  });
});
