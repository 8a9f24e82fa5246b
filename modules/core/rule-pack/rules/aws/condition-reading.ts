import type { CallerReading, ConditionReading } from "../../../policy/conditions";
import { openCidrs } from "../cidrs";
import { unreadableExpressions } from "../readable";

/**
 * How the IAM rules read condition values: what Terraform computes from anything but the stack's own
 * resources (`${var.x}`, `${local.x}`, a function) is unknown, and a condition on it is judged as no
 * condition. `$${...}` is Terraform's escape for a literal `${...}` (an IAM policy variable in literal
 * JSON), not an expression.
 */
export const CONDITION_READING: ConditionReading = {
  opaque: (value) => unreadableExpressions(value.replace(/\$\$\{[^}]*\}/g, "")).length > 0,
};

/** `CONDITION_READING` plus the CIDR reading `aws:SourceIp` needs. */
export const CALLER_READING: CallerReading = { ...CONDITION_READING, openCidrs };
