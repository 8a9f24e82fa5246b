import type { TerraformStack } from "cdktf";
import { environmentTraits, type EnvironmentTraits } from "../environment-traits";
import { addressOf, TerraformModel } from "../terraform";
import { stackModel, type StackModel } from "../terraform/stack";
import type { RuleContext, SynthesizedResource } from "./rule";
import { typeKey } from "./rule";

/**
 * Every block of a stack (resources, data sources, module calls) as the rules see it, read from the
 * stack's model: one rendering of the whole stack (every override applied, stack-level ones
 * included), so a block an override adds, or one a construct renders without being a
 * `TerraformResource`, is judged like any other. `finalRendering`: the stack will not change any
 * more, and the rendering is handed on to cdktf's writer (prefer `onFinalModel`).
 */
export function synthesizedResources(stack: TerraformStack, finalRendering = false): SynthesizedResource[] {
  return resourcesOf(stackModel(stack, finalRendering));
}

/** The rules' view of a stack model's blocks, each with the construct that renders it (the stack for one no construct renders). */
export function resourcesOf(sm: StackModel): SynthesizedResource[] {
  const prefix = `${sm.stack.node.path}/`;
  return sm.model.blocks.map((block) => {
    const construct = sm.constructOf(block.address);
    const path = construct ? construct.node.path : sm.stack.node.path;
    return {
      mode: block.mode,
      type: block.type,
      name: block.name,
      address: block.address,
      path,
      stackPath: construct ? (path.startsWith(prefix) ? path.slice(prefix.length) : path) : block.address,
      get config() {
        return block.config;
      },
      construct: construct ?? sm.stack,
      model: sm.model,
      block,
    };
  });
}

/**
 * The context rules get: the environment and its traits, the model, and lookups over the stack's
 * blocks. `traits` default to what config declares for the environment (the strictest when
 * undeclared).
 */
export function ruleContext(environment: string, resources: readonly SynthesizedResource[], model?: TerraformModel, traits: EnvironmentTraits = environmentTraits(environment)): RuleContext {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const byType = new Map<string, SynthesizedResource[]>();
  for (const r of resources) {
    const key = typeKey(r);
    const list = byType.get(key);
    if (list) list.push(r);
    else byType.set(key, [r]);
  }
  const stackModelOf = model ?? resources.find((r) => r.model)?.model ?? modelOf(resources);
  return {
    environment,
    traits,
    model: stackModelOf,
    resources,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
    referencedBy: (value) => {
      const seen = new Set<SynthesizedResource>();
      for (const address of stackModelOf.referencedAddresses(value)) {
        const r = byAddress.get(address);
        if (r) seen.add(r);
      }
      return [...seen];
    },
  };
}

/** A model of resources given without one (rules tested on hand-made resources). */
function modelOf(resources: readonly SynthesizedResource[]): TerraformModel {
  const json: { resource: Record<string, Record<string, unknown>>; data: Record<string, Record<string, unknown>>; module: Record<string, unknown> } = { resource: {}, data: {}, module: {} };
  for (const r of resources) {
    if (r.mode === "module") json.module[r.name] = r.config;
    else (json[r.mode === "data" ? "data" : "resource"][r.type] ??= {})[r.name] = r.config;
  }
  return TerraformModel.fromJson(json);
}

/** Addresses of blocks (`aws_x.y`, `data.t.n`, `module.m`) named by `${...}` expressions anywhere inside a value. */
export function referencedAddresses(value: unknown): string[] {
  const model = TerraformModel.fromJson({});
  return [...new Set(model.references(value).map(addressOf).filter((a): a is string => a !== undefined))];
}
