import type { SecurityFact } from "./security-facts";
import { parseSingleReference, type StackIndex, type TfBlock } from "./terraform-json";

/** Building blocks shared by the fact extractors. */

export type FactInput = Omit<SecurityFact, "stack" | "subject" | "path" | "unknown"> & { readonly unknownFrom?: unknown };

export function make(index: StackIndex, block: TfBlock, input: FactInput): SecurityFact {
  const { unknownFrom, ...rest } = input;
  return {
    ...rest,
    stack: index.stack.name,
    subject: index.describe(block.address),
    path: index.pathOf(block.address),
    unknown: index.unknownIn(unknownFrom).map((u) => index.readable(u)),
  };
}

/** A reference to a block (`${aws_iam_role.R.name}`, `.arn`, `.id`) as that block, readable; other values as they are. */
export function target(index: StackIndex, value: unknown): string {
  if (typeof value !== "string") return text(index, value);
  const m = /^\$\{([^{}]*)\}$/.exec(value.trim());
  const ref = m ? parseSingleReference(m[1].trim()) : undefined;
  if (ref && index.get(ref.address) && /^\.(name|id|arn|unique_id)$/.test(ref.rest)) return `<${index.describe(ref.address)}>`;
  return index.readable(value);
}


/** A value as readable text; `""` when absent. */
export function text(index: StackIndex, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return index.readable(value);
  return index.readable(JSON.stringify(value));
}
