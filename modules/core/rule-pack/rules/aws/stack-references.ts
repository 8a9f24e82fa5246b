import { blocks, classify, isObject, type ModelBlock, type TerraformModel } from "../../../terraform";

/**
 * The block of the stack a value names when it is one plain reference to a resource of one of
 * `types` (`${aws_iam_role.r.arn}`, `${aws_iam_policy.p.id}`), else undefined: a literal ARN, a
 * data source, a variable or any expression names something the pack cannot read.
 */
export function stackBlockNamed(model: TerraformModel, value: unknown, types: readonly string[]): ModelBlock | undefined {
  if (typeof value !== "string" || !value.startsWith("${")) return undefined;
  const parts = model.parse(value).parts;
  if (parts.length !== 1 || parts[0].kind !== "interpolation") return undefined;
  const kind = classify(parts[0].expression);
  if (kind.kind !== "reference" || kind.mode !== "managed" || !types.includes(kind.type)) return undefined;
  return model.block(kind.address);
}

/** Every value at a dotted argument path, through every nested block (`target.role_arn` of each `target`). */
export function valuesAt(config: unknown, path: string): unknown[] {
  const [first, ...rest] = path.split(".");
  if (rest.length === 0) return blocks(config).flatMap((c) => (c[first] === undefined || c[first] === null ? [] : [c[first]]));
  return blocks(config).flatMap((c) => (isObject(c[first]) || Array.isArray(c[first]) ? valuesAt(c[first], rest.join(".")) : []));
}
