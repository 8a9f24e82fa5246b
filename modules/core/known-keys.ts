/**
 * Compiles only when `Missing` is `never`. Each props interface keeps the list of its keys next to
 * it, for `Validator.onlyKnownKeys`, checked both ways by the compiler:
 *
 *   const X_PROP_KEYS = ["a", "b"] as const satisfies readonly (keyof XProps)[]; // no unknown key
 *   export type XPropKeysComplete = AllKeysListed<Exclude<keyof XProps, (typeof X_PROP_KEYS)[number]>>; // none left out
 *
 * A prop added to the interface but not to its list fails `tsc` with "Type '"newProp"' does not
 * satisfy the constraint 'never'", instead of being refused at synth as unknown.
 */
export type AllKeysListed<Missing extends never> = Missing;
