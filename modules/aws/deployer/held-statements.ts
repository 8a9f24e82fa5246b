import type { TerraformStack } from "cdktf";
import { catalogEntry } from "../../core/catalog";
import { policiesOf, type TerraformModel } from "../../core/terraform";
import type { Config } from "../../core/terraform/blocks";
import { finalModel, stackModel } from "../../core/terraform/stack";
import { serviceResources, type BoundaryScope, type HeldStatement } from "./boundary-statements";

/**
 * What the roles of these stacks hold: every Allow statement of every identity policy of each
 * stack (inline, role policies, managed policies, the documents they read), read through the
 * stack's model, with each reference to a resource of the stack written out as its ARN (the
 * catalog's `arn` of that block: `${aws_dynamodb_table.t.arn}` becomes
 * `arn:aws:dynamodb:eu-west-1:111111111111:table/svc-dev-users`). A resource whose ARN synth cannot
 * know (a name AWS assigns, a value only Terraform knows) stands for every resource of its
 * service in the environment's account and regions.
 *
 * A stack synthesized before the caller is read from its final rendering; otherwise (a partial
 * synth, a test) it is rendered now, which gives the same statements: no aspect changes policies.
 */
export function heldStatementsOf(stacks: readonly TerraformStack[], scope: BoundaryScope): HeldStatement[] {
  const held: HeldStatement[] = [];
  for (const stack of stacks) {
    const model = (finalModel(stack) ?? stackModel(stack)).model;
    for (const block of model.blocks) {
      for (const policy of policiesOf(model, block.address)) {
        if (policy.kind !== "identity") continue;
        for (const s of policy.statements) {
          if (s.effect !== "Allow" || s.principals.length > 0 || s.actions.length === 0) continue;
          held.push({ actions: [...s.actions], resources: s.resources.flatMap((r) => written(model, r, s.actions, scope)) });
        }
      }
    }
  }
  return held;
}

const REFERENCE = /\$\{([^{}]+)\}/g;

/**
 * Computed attributes that are ARNs below the resource's own, AWS naming the rest: a table's stream
 * is `<table arn>/stream/<timestamp>`.
 */
const BELOW_ARN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_dynamodb_table: { stream_arn: "/stream/*" },
};

/** A resource entry with its references written out, or the service-wide patterns it stands for. */
function written(model: TerraformModel, resource: string, actions: readonly string[], scope: BoundaryScope): string[] {
  if (!resource.includes("${")) return [resource];
  let unknown = false;
  const text = resource.replace(REFERENCE, (whole, inner: string) => {
    const [ref] = model.references(whole);
    if (!ref || ref.kind !== "reference" || ref.attribute.length !== 1 || typeof ref.attribute[0] !== "string") {
      unknown = true;
      return whole;
    }
    const block = model.block(ref.address);
    const attribute = ref.attribute[0];
    const arnOf = () => catalogEntry(block!.typeKey)?.arn?.(namesWritten(model, block!.config), model.providerFacts(block!.address));
    const below = block ? BELOW_ARN[block.typeKey]?.[attribute] : undefined;
    const value = block
      ? attribute === "arn"
        ? arnOf()
        : below !== undefined
          ? ((arn) => (arn === undefined ? undefined : `${arn}${below}`))(arnOf())
          : literalOf(block.config[attribute])
      : undefined;
    if (value === undefined) unknown = true;
    return value ?? inner;
  });
  if (!unknown) return [text];
  const arnService = /^arn:[^:]+:([^:]+):/.exec(text)?.[1];
  const services = arnService ? [arnService] : [...new Set(actions.map((a) => a.split(":")[0]))];
  return services.flatMap((service) => serviceResources(scope, service, service === "iam" || service === "s3"));
}

/**
 * A block's arguments with each one that is a reference to another block's name written out as
 * that name (an alias's `function_name` is `${aws_lambda_function.f.function_name}`): the names
 * its ARN is made of.
 */
function namesWritten(model: TerraformModel, config: Config): Config {
  const out: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== "string" || !/^\$\{[^{}]+\}$/.test(value)) continue;
    const [ref] = model.references(value);
    if (!ref || ref.kind !== "reference" || ref.attribute.length !== 1 || typeof ref.attribute[0] !== "string") continue;
    const literal = literalOf(model.block(ref.address)?.config[ref.attribute[0]]);
    if (literal !== undefined) out[key] = literal;
  }
  return out;
}

function literalOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && !value.includes("${") ? value : undefined;
}
