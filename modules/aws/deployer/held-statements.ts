import type { TerraformStack } from "cdktf";
import type { HeldStatement, BoundaryScope } from "./boundary-statements";

/** Placeholder until the model lands: replaced by the model-based reading. */
export function heldStatementsOf(_stacks: readonly TerraformStack[], _scope: BoundaryScope): HeldStatement[] {
  return [];
}
