import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DefaultTokenResolver, StringConcat, TerraformProvider, TerraformStack, Testing, Tokenization } from "cdktf";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ValidationError } from "../../../modules/core/validation";
// Types of the matchers __tests__/setup.ts installs (toHaveResourceWithProperties, ...).
import type {} from "cdktf/lib/testing/adapters/jest";

/** Fixture folders (small, committed). */
export const FIXTURES = resolve(__dirname, "..", "..", "fixtures");
export const CODE_DIR = join(FIXTURES, "code");
export const ENTRY = join(FIXTURES, "entry", "index.ts");
export const OTHER_ENTRY = join(FIXTURES, "entry", "other.ts");
export const LAYER_DIR = join(FIXTURES, "layer");

export const LAYER_ARN = "arn:aws:lambda:eu-west-1:111111111111:layer:shared:3";
export const TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/users";

// The JSON Terraform reads is loosely typed by nature; tests index into it freely.
export type Json = any;

export function newStack(id = "stack"): TerraformStack {
  return new TerraformStack(Testing.app(), id);
}

/** The synthesized Terraform JSON of a stack, parsed. */
export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** Every resource of one type, by logical id (empty when there is none). */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The one resource of a type; fails the test when there are none or several. */
export function only(json: Json, type: string): Json {
  const all = Object.values(resources(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The one data source of a type whose logical id contains `idPart`. */
export function dataSource(json: Json, type: string, idPart: string): Json {
  const matches = Object.entries(json.data?.[type] ?? {}).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) throw new Error(`expected exactly one ${type} with ${idPart} in its id, found ${matches.length}`);
  return matches[0][1];
}

/** The `${type.id.attr}` reference Terraform JSON uses for a resource attribute, whatever the id. */
export function ref(type: string, attribute: string): RegExp {
  return new RegExp(`^\\$\\{${type.replace(/\./g, "\\.")}\\.[A-Za-z0-9_-]+\\.${attribute}\\}$`);
}

/** What a token resolves to in the stack's JSON, e.g. `${aws_lambda_function.Fn_Function_1234.arn}`. */
export function resolved(stack: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/** Calls `fn`, expecting a ValidationError; returns it. */
export function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

/** Full synth of one stack into a temporary folder; returns the stack's working directory. */
export function fullSynth(stack: TerraformStack, cleanup: string[]): string {
  // A full synth validates that every resource has its provider.
  if (!stack.node.findAll().some((c) => c instanceof TerraformProvider)) new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const outdir = Testing.fullSynth(stack);
  cleanup.push(outdir);
  return join(outdir, "stacks", stack.node.id);
}

export function removeAll(dirs: string[]): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
