/**
 * A place in a stack whose value the model cannot tell at synth: Terraform computes it when it
 * plans or applies (from a variable, another stack's output, a data source that reads the cloud,
 * a module, a function call...), or runs something there (a provisioner). Tools treat it as
 * "cannot verify", never as safe.
 */
export interface Unreadable {
  /** The block's Terraform address (`aws_iam_role_policy.p`, `data.x.y`, `module.m`). */
  readonly address: string;
  /**
   * Where in the block, with nested block names and indexes: `policy`,
   * `statement[0].principals[0].identifiers[1]`, `dynamic.statement`, `provisioner[0]`; `""` for
   * the whole block (a module).
   */
  readonly path: string;
  /** What could not be read, as written: `${var.policy}`, `dynamic "statement"`, `provisioner "local-exec"`. */
  readonly what: string;
  /** Why, in words: `var.policy can be set when Terraform runs (-var, ...)`. */
  readonly why: string;
}

/** `statement[0].principals[1].identifiers` -> `statement.principals.identifiers`; `dynamic.x` counts as `x`. */
export function argumentPath(path: string): string {
  return path
    .replace(/\[[^\]]*\]/g, "")
    .replace(/(^|\.)dynamic\.([^.]+)(\.content)?/g, "$1$2")
    .replace(/^\.+|\.+$/g, "");
}

/** True when `path` (as in `Unreadable.path`) is at or under one of `attributes` (argument paths). */
export function isUnder(path: string, attributes: readonly string[]): boolean {
  const p = argumentPath(path);
  return attributes.some((a) => a === "*" || p === a || p.startsWith(`${a}.`) || a.startsWith(`${p}.`) || p === "");
}

/** `cannot verify <what> at <address>.<path>: <why>`: how every tool words one. */
export function describeUnreadable(u: Unreadable, maxWhat = 80): string {
  const what = u.what.length > maxWhat ? `${u.what.slice(0, maxWhat - 3)}...` : u.what;
  return `cannot verify ${what} at ${u.address}${u.path ? `.${u.path}` : ""}: ${u.why}`;
}
