import { randomBytes } from "node:crypto";
import type { LocalFunction } from "./functions";

/** A key pair as AWS hands it out (a session token for the temporary credentials Lambda gives a function). */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Who signed a request: the operator (the account owner, allowed everything) or one function's role. */
export type Caller = { readonly kind: "operator"; readonly credentials: Credentials } | { readonly kind: "function"; readonly fn: LocalFunction; readonly credentials: Credentials };

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function keyId(prefix: "AKIA" | "ASIA"): string {
  return prefix + [...randomBytes(16)].map((b) => BASE32[b % 32]).join("");
}

function secret(): string {
  return randomBytes(30).toString("base64");
}

/**
 * Fresh credentials for every `serve`: one long-term key for the operator, and temporary
 * credentials (access key id, secret, session token) for each function, as Lambda gives its role's
 * session. A key is only ever known to the process it was given to.
 */
export class Identities {
  readonly operator: Credentials = { accessKeyId: keyId("AKIA"), secretAccessKey: secret() };
  private readonly byKey = new Map<string, Caller>();
  private readonly byFunction = new Map<string, Credentials>();

  constructor(functions: readonly LocalFunction[]) {
    this.byKey.set(this.operator.accessKeyId, { kind: "operator", credentials: this.operator });
    for (const fn of functions) {
      const credentials = { accessKeyId: keyId("ASIA"), secretAccessKey: secret(), sessionToken: randomBytes(48).toString("base64") };
      this.byFunction.set(fn.functionName, credentials);
      this.byKey.set(credentials.accessKeyId, { kind: "function", fn, credentials });
    }
  }

  /** Functions re-read after a rebuild keep their credentials. */
  replace(functions: readonly LocalFunction[]): void {
    for (const fn of functions) {
      const credentials = this.byFunction.get(fn.functionName);
      if (credentials) this.byKey.set(credentials.accessKeyId, { kind: "function", fn, credentials });
    }
  }

  /** The caller an access key id stands for, with the secret to verify its signature. */
  lookup(accessKeyId: string): Caller | undefined {
    return this.byKey.get(accessKeyId);
  }

  of(fn: LocalFunction): Credentials {
    const credentials = this.byFunction.get(fn.functionName);
    if (!credentials) throw new Error(`no credentials for ${fn.functionName}`);
    return credentials;
  }
}
