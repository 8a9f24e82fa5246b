/**
 * What the pack can read in a value: literal text, and plain references to resources and data
 * sources of the stack (`${aws_iam_role.r.arn}`, `${data.aws_iam_policy_document.d.json}`), which
 * other rules check on their own. Anything else Terraform computes (`${var.x}`, `${local.x}`,
 * `${jsonencode(...)}`, `${file(...)}`, conditionals) could hold any principal, CIDR or policy.
 */

/** A reference to an attribute of a resource or data source: `type.name.attr`, `data.type.name.attr[0]`. */
const PLAIN_REFERENCE = /^(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*$/;
/** Terraform's own namespaces: a reference into one of them is not a resource of the stack. */
const NOT_RESOURCES = /^(var|local|each|count|module|path|terraform|self)\./;

/** The `${...}` expressions in a string whose value the pack cannot know (brace-balanced, so `jsonencode({...})` is one). */
export function unreadableExpressions(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const expression of expressions(v)) {
        const inner = expression.trim();
        if (NOT_RESOURCES.test(inner) || !PLAIN_REFERENCE.test(inner)) found.push(`\${${expression}}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === "object" && v !== null) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

function expressions(text: string): string[] {
  const out: string[] = [];
  let start = text.indexOf("${");
  while (start !== -1) {
    let depth = 0;
    let end = -1;
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end === -1) {
      out.push(text.slice(start + 2));
      break;
    }
    out.push(text.slice(start + 2, end));
    start = text.indexOf("${", end);
  }
  return out;
}

/** A finding's detail for the unreadable values of one place (`policy`, `statement[0].principals`). */
export function cannotVerify(place: string, unreadable: readonly string[]): string {
  const shown = unreadable.map((u) => (u.length > 80 ? `${u.slice(0, 77)}...` : u));
  return `cannot verify ${place}: ${shown.join(", ")} is only known when Terraform runs`;
}
