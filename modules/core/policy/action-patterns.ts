/**
 * Actions as a policy writes them (`iam:PutRolePolicy`, `iam:Put*`, `*`, any case) matched against
 * lists of actions: the escalation, self-modification, role-passing and account-level lists share it.
 */

const compiled = new Map<string, RegExp>();

/** True when the action `pattern` (IAM's `*` and `?` wildcards, case-insensitive) covers `action`. */
export function actionCovers(pattern: string, action: string): boolean {
  if (typeof pattern !== "string" || typeof action !== "string") return false;
  const lower = pattern.toLowerCase();
  if (!/[*?]/.test(lower)) return lower === action.toLowerCase();
  let re = compiled.get(lower);
  if (!re) compiled.set(lower, (re = new RegExp(`^${lower.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`)));
  return re.test(action.toLowerCase());
}

/**
 * The actions of `list` that a statement grants: those its `actions` cover, or, with `NotAction`,
 * every one it does not exclude (`NotAction: ["s3:*"]` grants `iam:PutRolePolicy`). Actions Terraform
 * resolves later (`${...}`) are not judged here: the readable-values rules report them.
 */
export function grantedActions(statement: { readonly actions: readonly string[]; readonly notActions?: readonly string[] }, list: readonly string[]): string[] {
  const written = statement.actions.filter((a) => typeof a === "string" && !a.includes("${"));
  const excluded = (statement.notActions ?? []).filter((a) => typeof a === "string");
  return list.filter((action) =>
    excluded.length > 0 ? !excluded.some((n) => actionCovers(n, action)) : written.some((a) => actionCovers(a, action)),
  );
}

/**
 * True for an action pattern that covers every action of every service (`*`, `*:*`, `*:?*`): made of
 * wildcards only, with a `*` in each part.
 */
export function coversEveryAction(pattern: string): boolean {
  return typeof pattern === "string" && /^[*?]*\*[*?]*(:[*?]*\*[*?]*)?$/.test(pattern);
}
