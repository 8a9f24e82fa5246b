import { TerraformStack } from "cdktf";
import { arnOf } from "../core/rules";
import { checkSameStack } from "../core/same-stack";
import { custom, record, type Refinement } from "../core/schema";
import { isUnresolved, receivedInstead } from "../core/validation";
import { arnService, referenceOf } from "./events/references";
import { grantToFunction, type GrantableFunction } from "./function-grants";
import { ENVIRONMENT_KEY, ENVIRONMENT_MAX_BYTES, RESERVED_ENVIRONMENT_KEYS } from "./lambda-limits";
import { Secret } from "./secret";

const SECRET_ARN = arnOf("secretsmanager", "a Secrets Manager secret ARN", /^secret:[A-Za-z0-9/_+=.@-]{1,519}$/);
const SECRET_RULE = `a Secret, or ${SECRET_ARN.description} (its full ARN, with the random suffix)`;

/** A secret a function reads: a `Secret` of the app, or the full ARN of a secret (a literal, or `arn` of a raw `SecretsmanagerSecret`). */
export type FunctionSecret = Secret | string;

const FUNCTION_SECRET = custom<FunctionSecret>(SECRET_RULE, (c, prop, value) => {
  if (value instanceof Secret) {
    if (c.scope) checkSameStack(c.v, prop, c.scope, TerraformStack.of(value), value.node.path);
    return;
  }
  if (typeof value !== "string") {
    c.v.fail(prop, SECRET_RULE, receivedInstead(value));
    return;
  }
  if (!isUnresolved(value)) {
    c.v.check(prop, value, SECRET_ARN);
    return;
  }
  const ref = referenceOf(value);
  if (ref !== undefined && arnService(value) !== "secretsmanager") {
    c.v.fail(prop, `${SECRET_RULE}; ${ref.resourceType}.${ref.attribute} is not one`, value);
  } else if (ref !== undefined && c.scope) {
    checkSameStack(c.v, prop, c.scope, ref.stack, `${ref.address}.${ref.attribute}`);
  }
});

/**
 * A function's `secrets`: environment variable names to the secrets whose ARNs they hold. The
 * function's code reads each value at run time (`GetSecretValue`), so no value is in Terraform's
 * state, in the console or in the environment.
 */
export const FUNCTION_SECRETS = record(FUNCTION_SECRET, {
  expected: "a map of environment variable names to a Secret or a secret ARN",
  key: ENVIRONMENT_KEY,
  refine(secrets, r) {
    for (const key of Object.keys(secrets)) {
      if ((RESERVED_ENVIRONMENT_KEYS as readonly string[]).includes(key)) r.fail(key, "a key Lambda does not reserve for itself", key);
    }
  },
});

/** The ARN a secret's variable holds. */
function secretArn(secret: FunctionSecret): string {
  return secret instanceof Secret ? secret.arn : secret;
}

/**
 * `environment` and `secrets` share the function's variables: a name in both is refused, and
 * their keys and values together stay within Lambda's 4 KB (references counted as an ARN's length).
 */
export function checkSecretsAgainstEnvironment(
  environment: Readonly<Record<string, unknown>> | undefined,
  secrets: Readonly<Record<string, unknown>> | undefined,
  r: Refinement,
): void {
  if (secrets === null || typeof secrets !== "object") return;
  const variables = environment !== null && typeof environment === "object" ? environment : {};
  let bytes = 0;
  for (const [key, value] of Object.entries(variables)) bytes += Buffer.byteLength(key) + (typeof value === "string" && !isUnresolved(value) ? Buffer.byteLength(value) : 0);
  for (const [key, value] of Object.entries(secrets)) {
    if (Object.hasOwn(variables, key)) r.fail(`secrets.${key}`, "a variable name environment does not also set", key);
    // A secret's full ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>.
    const arn = value instanceof Secret ? `arn:aws:secretsmanager:xx-xxxxxxx-x:000000000000:secret:${value.secretName}-xxxxxx` : value;
    bytes += Buffer.byteLength(key) + (typeof arn === "string" && !isUnresolved(arn) ? Buffer.byteLength(arn) : 128);
  }
  if (bytes > ENVIRONMENT_MAX_BYTES) r.fail("secrets", `at most ${ENVIRONMENT_MAX_BYTES} bytes of keys and values with environment's`, `${bytes} bytes`);
}

/** The function's variables: `environment`, then each secret's ARN under its name. */
export function functionVariables(
  environment: Readonly<Record<string, string>> | undefined,
  secrets: Readonly<Record<string, FunctionSecret>> | undefined,
): Record<string, string> | undefined {
  const variables = { ...environment, ...Object.fromEntries(Object.entries(secrets ?? {}).map(([name, secret]) => [name, secretArn(secret)])) };
  return Object.keys(variables).length > 0 ? variables : undefined;
}

/**
 * Lets the function read each of its secrets: `GetSecretValue` on that secret only (and a `Secret`'s
 * customer-managed key, through Secrets Manager).
 */
export function grantSecrets(fn: GrantableFunction, secrets: Readonly<Record<string, FunctionSecret>> | undefined): void {
  for (const [name, secret] of Object.entries(secrets ?? {})) {
    if (secret instanceof Secret) secret.grantRead(fn);
    else {
      const sid = `Secret${name
        .split(/_+/)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
        .join("")}Read`;
      grantToFunction(fn, "ServerlessFunction", "secrets", fn, [{ sid, actions: ["secretsmanager:GetSecretValue"], resources: [secret] }], `secrets.${name}`);
    }
  }
}
