/*
 * A cheaper way for cdktf to resolve a stack's configuration, for the app runner
 * (scripts/run-app.js): same values, same tokens resolved, in the same order, with the same context.
 *
 * cdktf resolves each stack's configuration three times over: it prepares every stack before it
 * synthesizes any (each element resolved whole, the result dropped: what it is for is what resolving
 * the tokens does on the way, a reference to another stack registering an output there and a
 * remote-state read here), then renders each stack (each element resolved, then the merged stack
 * once more). Most of that work is on values that resolve to themselves (plain strings, numbers,
 * objects and arrays): cdktf builds a resolution context and runs three regular expressions for every
 * one of them.
 *
 * `fastResolve` goes through a value in cdktf's order and copies what is plain as cdktf's resolve
 * does (objects and arrays copied, `undefined` dropped from both), and hands cdktf's own resolve only
 * the values that may hold a token, with the path (prefix) and options cdktf would give them. A
 * token is then resolved exactly as cdktf resolves it, context included: plain objects and arrays
 * change nothing in the context their values get. A value may hold a token when cdktf's own tests
 * could find one in it; the checks below are wider than those tests, never narrower: a string with a
 * token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[`) or a number in exponent form (a number
 * token written into a string), a number in the range of encoded tokens, a list holding either, an
 * object with such a key or with a `resolve` method, any object but a plain one (a date, a construct),
 * a function, the map-token placeholders cdktf refuses, and anything nested deeper than cdktf goes.
 */
"use strict";

/** The tokens cdktf encodes in numbers are below this (scalar ones about -8.1e298, list ones about -1.9e289). */
const TOKEN_NUMBER_BOUND = -1e289;
/** cdktf's resolve refuses to go deeper than this many keys (a circular structure): it is handed anything deeper. */
const MAX_DEPTH = 200;

/**
 * Has the stacks of `cdktf` resolve their configuration with `fastResolve`: cdktf's stacks call
 * `resolve(scope, value, preparing)` of its module lib/_tokens.js (prepareStack, toTerraform,
 * toHclTerraform), which is replaced. `internals.resolve` is cdktf's own resolver
 * (lib/tokens/private/resolve.js), `internals.tokens` the lib/_tokens.js module.
 */
function installResolve(cdktf, internals) {
  internals.tokens.resolve = resolverOf(cdktf, internals.resolve);
}

/** `(scope, value, preparing) => resolved value`, as lib/_tokens.js's resolve. */
function resolverOf(cdktf, resolve) {
  const { Token, DefaultTokenResolver, StringConcat } = cdktf;
  const resolver = new DefaultTokenResolver(new StringConcat());
  const refused = new Set([Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE]);
  const stringMayHoldToken = (s) => s.includes("TfToken[") || s.includes("e+") || refused.has(s);
  const numberMayBeToken = (n) => n <= TOKEN_NUMBER_BOUND || n === Token.NUMBER_MAP_TOKEN_VALUE;
  const listMayHoldToken = (xs) => xs.some((x) => (typeof x === "string" && x.includes("TfToken[")) || (typeof x === "number" && numberMayBeToken(x)));
  // An object literal (or one without a prototype), of any realm. Anything else (a date, a construct,
  // any other class's instance) is cdktf's to judge: a date stays as it is, a construct is refused.
  const isPlain = (x) => {
    const proto = Object.getPrototypeOf(x);
    return proto === null || Object.getPrototypeOf(proto) === null;
  };

  return function fastResolve(scope, value, preparing = false) {
    /** The keys from `value` down to the value being copied. */
    const path = [];
    const delegate = (x) => resolve(x, { scope, prefix: path.slice(), resolver, preparing });

    function copy(x) {
      switch (typeof x) {
        case "string":
          return stringMayHoldToken(x) ? delegate(x) : x;
        case "number":
          return numberMayBeToken(x) ? delegate(x) : x;
        case "function":
          return delegate(x); // refused by cdktf
        case "object":
          break;
        default:
          return x; // undefined, booleans, symbols, bigints
      }
      if (x === null) return x;
      if (path.length >= MAX_DEPTH) return delegate(x);
      if (Array.isArray(x)) {
        if (listMayHoldToken(x)) return delegate(x);
        const out = [];
        for (let i = 0; i < x.length; i++) {
          path.push(`${i}`);
          const resolved = copy(x[i]);
          path.pop();
          if (resolved !== undefined) out.push(resolved);
        }
        return out;
      }
      const keys = Object.keys(x);
      if (!isPlain(x) || typeof x.resolve === "function" || keys.some(stringMayHoldToken)) return delegate(x);
      const out = {};
      for (const key of keys) {
        path.push(key);
        const resolved = copy(x[key]);
        path.pop();
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    }

    return copy(value);
  };
}

module.exports = { installResolve, resolverOf };
