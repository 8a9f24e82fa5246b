import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

// Imports flow one way (main.ts -> stacks -> modules -> core; scripts -> stacks, modules, config): a
// cycle between two files means neither can be understood, tested or loaded without the other, and
// a value import in a cycle can observe a half-initialised module. Type-only imports count too: they
// tie the files as tightly.

const ROOT = resolve(__dirname, "..", "..");
const MODULES = join(ROOT, "modules");

/** Every .ts file (and, with `js`, every .js file) under a folder. */
function sourceFiles(dir: string, js = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path, js);
    return (name.endsWith(".ts") && !name.endsWith(".d.ts")) || (js && name.endsWith(".js")) ? [path] : [];
  });
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)/g;

/** The files of the project a source file imports (relative specifiers only). */
export function localImports(file: string, text = readFileSync(file, "utf8")): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith(".")) continue;
    const base = resolve(dirname(file), spec);
    const target = [`${base}.ts`, join(base, "index.ts"), base, `${base}.js`].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (target) out.add(target);
  }
  return [...out].sort();
}

/** Every elementary cycle's first occurrence, found by depth-first search (each as a list of files). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "visiting") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe("imports under modules/", () => {
  const files = sourceFiles(MODULES);
  const graph = new Map(files.map((f) => [f, localImports(f)]));
  const rel = (f: string) => relative(ROOT, f);

  test("the check sees the imports (modules/gcp/cloud-run-service.ts imports its props schema)", () => {
    expect(graph.get(join(MODULES, "gcp", "cloud-run-service.ts"))).toContain(join(MODULES, "gcp", "cloud-run-service-props.ts"));
  });

  test("the check finds a cycle when there is one", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cycles(g)).toEqual([["a", "b", "c", "a"]]);
    expect(localImports(join(MODULES, "x.ts"), 'import type { A } from "./gcp/iam";\nexport { B } from "./core";')).toEqual([
      join(MODULES, "core", "index.ts"),
      join(MODULES, "gcp", "iam.ts"),
    ]);
  });

  test("no file of modules/ reaches itself through its imports (type-only imports included)", () => {
    expect(cycles(graph).map((c) => c.map(rel).join(" -> "))).toEqual([]);
  });

  test("modules/core imports nothing from the cloud folders, and modules/ nothing from stacks/ or config/", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const from = rel(file);
        const to = rel(target);
        if (!to.startsWith("modules/")) wrong.push(`${from} -> ${to}`);
        else if (from.startsWith("modules/core/") && !to.startsWith("modules/core/")) wrong.push(`${from} -> ${to}`);
        else if (from.startsWith("modules/gcp/") && to.startsWith("modules/aws/")) wrong.push(`${from} -> ${to}`);
        else if (from.startsWith("modules/aws/") && to.startsWith("modules/gcp/")) wrong.push(`${from} -> ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * Cycles in scripts/ that exist today, each as the import that closes it: none. An entry would be
 * an exception to fix, not a rule: the test fails when one is gone, so that it is removed from here.
 */
const KNOWN_CYCLES: readonly { readonly from: string; readonly to: string; readonly cycle: string }[] = [];

describe("imports of the whole project: main.ts -> stacks -> modules -> core; config; scripts", () => {
  const files = [join(ROOT, "main.ts"), ...["config", "stacks", "modules"].flatMap((d) => sourceFiles(join(ROOT, d))), ...sourceFiles(join(ROOT, "scripts"), true)];
  const graph = new Map(files.map((f) => [f, localImports(f)]));
  const rel = (f: string) => relative(ROOT, f);
  const layer = (f: string) => (rel(f) === "main.ts" ? "main.ts" : rel(f).split("/")[0]);
  /** What each layer may import besides itself. */
  const ALLOWED: Record<string, readonly string[]> = {
    "main.ts": ["stacks", "config", "modules"],
    stacks: ["modules", "config"],
    config: ["modules"],
    modules: [],
    scripts: ["stacks", "modules", "config"],
  };

  test("the check sees scripts' imports, TypeScript and JavaScript (require)", () => {
    expect(graph.get(join(ROOT, "scripts", "run-app.js"))).toContain(join(ROOT, "scripts", "synth-output.js"));
    expect(graph.get(join(ROOT, "scripts", "deploy-order.ts"))).toContain(join(ROOT, "scripts", "run-app.js"));
    expect(graph.get(join(ROOT, "scripts", "review", "sections", "network.ts"))).toContain(join(ROOT, "modules", "core", "cidr.ts"));
  });

  test("each layer imports only the layers below it: never scripts from modules, stacks or config, never stacks from config", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const from = layer(file);
        const to = layer(target);
        if (from !== to && !(ALLOWED[from] ?? []).includes(to)) wrong.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("no file reaches itself through its imports, but for the known cycles of scripts/ (KNOWN_CYCLES), each still there", () => {
    for (const known of KNOWN_CYCLES) {
      expect({ known: `${known.from} -> ${known.to}`, stillThere: graph.get(join(ROOT, known.from))?.includes(join(ROOT, known.to)) ?? false }).toEqual({
        known: `${known.from} -> ${known.to}`,
        stillThere: true, // broken: remove it from KNOWN_CYCLES
      });
    }
    const without = new Map([...graph].map(([file, imports]) => [file, imports.filter((t) => !KNOWN_CYCLES.some((k) => join(ROOT, k.from) === file && join(ROOT, k.to) === t))]));
    expect(cycles(without).map((c) => c.map(rel).join(" -> "))).toEqual([]);
    // And the exceptions are real cycles: with them, the check finds one per exception.
    expect(cycles(graph)).toHaveLength(KNOWN_CYCLES.length);
  });
});
