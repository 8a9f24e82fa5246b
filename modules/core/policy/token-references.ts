import { Tokenization } from "cdktf";

/** A string token as cdktf encodes it in text: `${TfToken[TOKEN.12]}`. */
const ENCODED_TOKEN = /\$\{TfToken\[[^\]]+\]\}/g;

/**
 * A construct prop's text with each cdktf token written as the Terraform reference it renders to
 * (`arn:aws:iam::1:role/${aws_iam_role.Fn_Role.name}`), so that props and synthesized
 * configuration are read the same way. A token that is not a plain reference to a resource or data
 * source attribute (a function call, a variable) becomes `${?}`: known to Terraform only.
 */
export function renderReferences(value: string): string {
  if (typeof value !== "string" || !value.includes("${TfToken[")) return value;
  return value.replace(ENCODED_TOKEN, (encoded) => {
    const token = Tokenization.reverseString(encoded).firstToken as { identifier?: unknown } | undefined;
    const identifier = token?.identifier;
    return typeof identifier === "string" && /^(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_]*$/.test(identifier) ? `\${${identifier}}` : "${?}";
  });
}

/** The Terraform references (`aws_iam_role.Fn_Role.arn`) in a rendered string, with their type, name and attribute. */
export function referencesIn(value: string): { address: string; type: string; attribute: string }[] {
  return [...value.matchAll(/\$\{((?:data\.)?([a-z][a-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => ({ address: m[1], type: m[2], attribute: m[3] }));
}
