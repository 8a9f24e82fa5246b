import type { TerraformStack } from "cdktf";
import type { Build } from "./helpers";

/** A non-compliant fixture and, optionally, what its finding must say. */
export interface NoncompliantCase {
  readonly build: Build;
  /** Matched against the finding's message. */
  readonly detail?: RegExp;
  /** @default "prod" */
  readonly environment?: string;
}

export interface CompliantCase {
  readonly build: Build;
  /** @default "prod" */
  readonly environment?: string;
}

/** For one rule: named compliant fixtures (no finding) and non-compliant ones (a finding each). */
export interface RuleCases {
  readonly compliant: Readonly<Record<string, Build | CompliantCase>>;
  readonly noncompliant: Readonly<Record<string, Build | NoncompliantCase>>;
}

export function asCase<T extends CompliantCase | NoncompliantCase>(c: Build | T): T {
  return (typeof c === "function" ? { build: c } : c) as T;
}

export type { TerraformStack };
