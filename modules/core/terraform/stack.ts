import { TerraformDataSource, TerraformModule, TerraformRemoteState, TerraformResource, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { relativizeDefaultLocalState } from "../relative-local-state";
import { TerraformModel } from "./model";

/**
 * A stack's model inside a synth, with the constructs behind its blocks. The model is built from
 * the stack's own rendering (`stack.toTerraform()`: every override applied, stack-level ones
 * included, tokens as `${...}`), so a block an override adds or a construct that renders its own
 * blocks is in it like any other; `constructOf` is for annotations and suppressions only, and is
 * undefined for a block no construct renders (the stack then stands for it).
 */
export interface StackModel {
  readonly stack: TerraformStack;
  readonly model: TerraformModel;
  /** Whether the rendering is what cdktf writes (taken after every aspect and validation). */
  readonly final: boolean;
  /** The construct that renders a block, by address. */
  constructOf(address: string): IConstruct | undefined;
}

/**
 * Renders the stack now and models it. `final`: the rendering is taken after every validation and
 * is handed to cdktf's writer, so what is judged is exactly what is written (and the stack is
 * rendered once). Use `onFinalModel` to judge the final rendering.
 */
export function stackModel(stack: TerraformStack, final = false): StackModel {
  relativizeDefaultLocalState(stack);
  const rendered = final ? renderOnce(stack) : stack.toTerraform();
  const model = TerraformModel.fromJson(rendered, { name: stack.node.path });
  let constructs: Map<string, IConstruct> | undefined;
  const result: StackModel = {
    stack,
    model,
    final,
    constructOf: (address) => (constructs ??= constructsByAddress(stack)).get(address),
  };
  if (final) finals.set(stack, result);
  return result;
}

/** The final model of a stack that has been judged in this synth, if any. */
export function finalModel(stack: TerraformStack): StackModel | undefined {
  return finals.get(stack);
}

const finals = new WeakMap<TerraformStack, StackModel>();

/** The address each Terraform element of the stack renders under. */
function constructsByAddress(stack: TerraformStack): Map<string, IConstruct> {
  const out = new Map<string, IConstruct>();
  for (const node of stack.node.findAll()) {
    let address: string | undefined;
    if (TerraformResource.isTerraformResource(node)) address = `${(node as TerraformResource).terraformResourceType}.${(node as TerraformResource).friendlyUniqueId}`;
    else if (TerraformDataSource.isTerraformDataSource(node)) address = `data.${(node as TerraformDataSource).terraformResourceType}.${(node as TerraformDataSource).friendlyUniqueId}`;
    else if (node instanceof TerraformRemoteState) address = `data.terraform_remote_state.${node.friendlyUniqueId}`;
    else if (node instanceof TerraformModule) address = `module.${node.friendlyUniqueId}`;
    if (address && !out.has(address)) out.set(address, node);
  }
  return out;
}

/**
 * Renders the stack and hands that rendering to the next `toTerraform()` call, which is cdktf
 * writing the stack (after its validations and custom synthesis): what was judged is what is
 * written, even if something changed the stack in between, and rendering (resolving every token,
 * the most expensive step of a synth) is done once.
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

/** A check of a stack's final rendering: returns its errors (none when it passes). */
export type FinalCheck = (stack: StackModel) => readonly string[];

interface Hooked {
  readonly checks: FinalCheck[];
  inValidations: boolean;
  /** The errors of the checks, once they have run (a second validation of the stack repeats them). */
  errors?: string[];
}
const hooked = new WeakMap<TerraformStack, Hooked>();

/**
 * Runs `check` on the stack's final rendering: after every aspect and every validation of the
 * stack (including validations added below it that change it), before cdktf creates anything for
 * the stack. Errors fail the synth the way a failed validation does ("Validation failed with the
 * following errors: [stack] ..."), so nothing is written for the stack. Every check of a stack
 * shares one rendering, which cdktf then writes.
 */
export function onFinalModel(stack: TerraformStack, check: FinalCheck): void {
  let state = hooked.get(stack);
  if (!state) {
    const created: Hooked = { checks: [], inValidations: false };
    hooked.set(stack, created);
    state = created;
    const original = stack.runAllValidations;
    // cdktf's synthesizer calls `stack.runAllValidations()` after the aspects; the checks run once it has returned.
    Object.defineProperty(stack, "runAllValidations", {
      configurable: true,
      writable: true,
      value: function runAllValidations(this: TerraformStack) {
        created.inValidations = true;
        try {
          original.call(stack);
        } finally {
          created.inValidations = false;
        }
        const errors = runChecks(stack, created);
        if (errors.length > 0) {
          throw new Error(`Validation failed with the following errors:\n  ${errors.map((e) => `[${stack.node.path}] ${e}`).join("\n  ")}\n`);
        }
      },
    });
    // Should a cdktf validate without calling the method above, the checks still run, as a validation.
    stack.node.addValidation({ validate: () => (created.inValidations ? [] : runChecks(stack, created)) });
  }
  state.checks.push(check);
}

function runChecks(stack: TerraformStack, state: Hooked): string[] {
  if (!state.errors) {
    const final = stackModel(stack, true);
    state.errors = state.checks.flatMap((check) => [...check(final)]);
  }
  return state.errors;
}
