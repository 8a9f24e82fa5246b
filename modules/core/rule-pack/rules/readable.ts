/**
 * What the pack can read in a value: literal text, and plain references to resources and data
 * sources of the stack (`${aws_iam_role.r.arn}`, `${data.aws_iam_policy_document.d.json}`), which
 * other rules check on their own. Anything else Terraform computes (`${var.x}`, `${local.x}`
 * that the model could not fold, `${file(...)}`, conditionals, directives) could hold any
 * principal, CIDR or policy. Values reach the rules already resolved by the stack's model
 * (modules/core/terraform), so what is left here is what the model could not read.
 */
import { classify, isObject, parseTemplate, type Template } from "../../terraform";

const parsed = new Map<string, Template>();

function parse(text: string): Template {
  let t = parsed.get(text);
  if (!t) {
    // The rules ask about the same few strings over and over; a bound keeps a long process small.
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, (t = parseTemplate(text)));
  }
  return t;
}

/** The `${...}` expressions and `%{...}` directives in a value whose value the pack cannot know (parsed, so `jsonencode({...})` is one). */
export function unreadableExpressions(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      if (!v.includes("${") && !v.includes("%{")) return;
      for (const part of parse(v).parts) {
        if (part.kind === "text") continue;
        if (part.kind === "directive") found.push(`%{${part.source}}`);
        else if (part.kind === "invalid") found.push(`\${${part.source}`);
        else if (classify(part.expression).kind !== "reference") found.push(`\${${part.source}}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (isObject(v)) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

/** A finding's detail for the unreadable values of one place (`policy`, `statement[0].principals`). */
export function cannotVerify(place: string, unreadable: readonly string[]): string {
  const shown = unreadable.map((u) => (u.length > 80 ? `${u.slice(0, 77)}...` : u));
  return `cannot verify ${place}: ${shown.join(", ")} is only known when Terraform runs`;
}
