/*
 * A cheaper `TerraformStack.prepareStack` for the app runner (scripts/run-app.js), same effects.
 *
 * cdktf prepares every stack before it synthesizes any: it resolves each element's configuration
 * whole, with `preparing` set, and drops the result. What it is for is what resolving the tokens in
 * it does on the way: a reference to another stack's resource registers an output there and a
 * remote-state read here, lazy values run. Resolving the rest (plain strings, numbers, objects and
 * arrays, which resolve to themselves) is most of the work: cdktf builds a resolution context and
 * runs three regular expressions for every value of the configuration.
 *
 * This walk goes through the same configuration in the same order and hands cdktf's own resolve
 * only the values that may hold a token, with the path (prefix) cdktf would give them and the same
 * options, so every token is resolved exactly as cdktf's prepare resolves it, context included (a
 * plain object or array changes nothing in the context its values get). A value may hold a token
 * when cdktf's own tests could find one in it; the checks below are wider than those tests, never
 * narrower: a string with a token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[`) or a number in
 * exponent form (a number token written into a string), a number in the range of encoded tokens, a
 * list or map holding either, any object with a `resolve` method, a construct, a function, and the
 * map-token placeholders cdktf refuses; anything else is what cdktf returns unchanged.
 */
"use strict";

/** The tokens cdktf encodes in numbers are below this (scalar ones about -8.1e298, list ones about -1.9e289). */
const TOKEN_NUMBER_BOUND = -1e289;
/** cdktf's resolve refuses to go deeper than this many keys (a circular structure). */
const MAX_DEPTH = 200;

/**
 * Replaces `TerraformStack.prototype.prepareStack` of `cdktf` (the module) with the walk; `resolve`
 * is cdktf's internal resolver (cdktf/lib/tokens/private/resolve.js), the one its prepare uses.
 */
function installPrepare(cdktf, resolve) {
  const { Token, TerraformElement, TerraformStack, DefaultTokenResolver, StringConcat } = cdktf;
  const resolver = new DefaultTokenResolver(new StringConcat());
  const refused = new Set([Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE]);

  const stringMayHoldToken = (s) => s.includes("TfToken[") || s.includes("e+") || refused.has(s);
  const numberMayBeToken = (n) => n <= TOKEN_NUMBER_BOUND || n === Token.NUMBER_MAP_TOKEN_VALUE;

  /** Resolves `value` at `path` (the keys from the element's configuration down to it) as cdktf's prepare would. */
  const delegate = (value, path, scope) => resolve(value, { scope, prefix: path.slice(), resolver, preparing: true });

  /** Walks `value`, at `path` (a stack of keys, restored on return), in cdktf's order. */
  function walk(value, path, scope) {
    switch (typeof value) {
      case "string":
        if (stringMayHoldToken(value)) delegate(value, path, scope);
        return;
      case "number":
        if (numberMayBeToken(value)) delegate(value, path, scope);
        return;
      case "function":
        delegate(value, path, scope); // refused by cdktf
        return;
      case "object":
        break;
      default:
        return; // undefined, booleans, symbols, bigints: returned as they are
    }
    if (value === null || value instanceof Date) return;
    // Deeper than cdktf goes (it reports a circular reference there): its resolve says so.
    if (path.length >= MAX_DEPTH) return void delegate(value, path, scope);
    if (Array.isArray(value)) {
      // A list token among the elements: cdktf resolves the list as one.
      if (value.some((x) => (typeof x === "string" && x.includes("TfToken[")) || (typeof x === "number" && numberMayBeToken(x)))) return void delegate(value, path, scope);
      for (let i = 0; i < value.length; i++) {
        path.push(`${i}`);
        walk(value[i], path, scope);
        path.pop();
      }
      return;
    }
    const keys = Object.keys(value);
    // A token, a construct (refused), or a key that may be a token (a map token, or a key cdktf resolves): the whole object.
    if (typeof value.resolve === "function" || (value._children !== undefined && value._metadata !== undefined) || keys.some(stringMayHoldToken)) {
      return void delegate(value, path, scope);
    }
    for (const key of keys) {
      path.push(key);
      walk(value[key], path, scope);
      path.pop();
    }
  }

  /** The Terraform elements of a stack, not of stacks nested in it (cdktf's `terraformElements`). */
  function elementsOf(node, into = []) {
    if (TerraformElement.isTerraformElement(node)) into.push(node);
    for (const child of node.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, into);
    return into;
  }

  TerraformStack.prototype.prepareStack = function prepareStack() {
    this.ensureBackendExists();
    for (const element of elementsOf(this)) walk(element.toTerraform(), [], this);
  };
}

module.exports = { installPrepare };
