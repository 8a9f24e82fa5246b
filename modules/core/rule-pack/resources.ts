import { TerraformDataSource, TerraformResource, type TerraformStack } from "cdktf";
import { relativizeDefaultLocalState } from "../relative-local-state";
import type { RuleContext, SynthesizedResource } from "./rule";
import { typeKey } from "./rule";

/** `${aws_s3_bucket.state.id}`, `${data.aws_iam_policy_document.trust.json}`: the resource part of a reference. */
const REFERENCE = /(?<![A-Za-z0-9_.])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const EXPRESSION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;

/**
 * Every resource and data source of a stack with its config as synthesized: the stack is rendered
 * once (`stack.toTerraform()`, which applies overrides and renders tokens as `${...}`) and each
 * element's block is looked up by its type and logical id. `finalRendering`: the stack will not
 * change any more (cdktf is validating it), so the rendering is handed on to cdktf's writer.
 */
export function synthesizedResources(stack: TerraformStack, finalRendering = false): SynthesizedResource[] {
  // Settings other aspects would make to the stack itself come first: the rendering must be final.
  relativizeDefaultLocalState(stack);
  const tf = (finalRendering ? renderOnce(stack) : stack.toTerraform()) as { resource?: Blocks; data?: Blocks };
  const prefix = `${stack.node.path}/`;
  const found: SynthesizedResource[] = [];
  for (const node of stack.node.findAll()) {
    const mode = TerraformResource.isTerraformResource(node) ? "managed" : TerraformDataSource.isTerraformDataSource(node) ? "data" : undefined;
    if (!mode) continue;
    // Both classes carry the Terraform type and the logical id the JSON is keyed by.
    const element = node as TerraformResource | TerraformDataSource;
    const type = element.terraformResourceType;
    const name = element.friendlyUniqueId;
    const raw = (mode === "managed" ? tf.resource : tf.data)?.[type]?.[name];
    if (!raw) continue;
    const { "//": _metadata, ...config } = raw;
    const path = node.node.path;
    found.push({
      mode,
      type,
      name,
      address: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`,
      path,
      stackPath: path.startsWith(prefix) ? path.slice(prefix.length) : path,
      config,
      construct: node,
    });
  }
  return found;
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** The context rules get: the environment and lookups over the stack's resources. */
export function ruleContext(environment: string, resources: readonly SynthesizedResource[]): RuleContext {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const byType = new Map<string, SynthesizedResource[]>();
  for (const r of resources) {
    const key = typeKey(r);
    byType.set(key, [...(byType.get(key) ?? []), r]);
  }
  return {
    environment,
    resources,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
    referencedBy: (value) => {
      const seen = new Set<SynthesizedResource>();
      for (const address of referencedAddresses(value)) {
        const r = byAddress.get(address);
        if (r) seen.add(r);
      }
      return [...seen];
    },
  };
}

/** Addresses named by `${...}` expressions anywhere inside a value. */
export function referencedAddresses(value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const expression of v.matchAll(EXPRESSION)) {
        for (const m of expression[1].matchAll(REFERENCE)) out.push(`${m[1] ?? ""}${m[2]}.${m[3]}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === "object" && v !== null) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return [...new Set(out)];
}

/**
 * Renders the stack and hands that rendering to the next `toTerraform()` call, which is cdktf writing
 * the stack right after its validations: nothing in between changes the configuration, and
 * rendering (resolving every token) is the most expensive step of a synth, so it is done once.
 */
function renderOnce(stack: TerraformStack): unknown {
  const rendered = stack.toTerraform();
  Object.defineProperty(stack, "toTerraform", {
    configurable: true,
    writable: true,
    value: () => {
      delete (stack as { toTerraform?: unknown }).toTerraform; // back to the prototype's method
      return rendered;
    },
  });
  return rendered;
}
