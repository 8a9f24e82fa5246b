/*
 * json-stable-stringify 1.3 (what cdktf writes cdk.tf.json and manifest.json with), the same
 * bytes, for the app runner (scripts/run-app.js): keys sorted, `space` indentation, `toJSON`,
 * `undefined` and functions dropped from objects and `null` in arrays, an empty array or object
 * written `[` or `{`, a new line and `]` or `}` as that library writes it, a circular object refused.
 *
 * That library builds every indentation string one character at a time and calls through bound
 * intrinsics (call-bind, get-intrinsic and a dozen small packages loaded with it): a tenth of the
 * time cdktf takes to write a stack. Options other than `space` (`cmp`, `replacer`, `cycles`,
 * `collapseEmpty`) are left to the library itself, loaded then.
 */
"use strict";

/** `stringify(obj, opts)` as json-stable-stringify's; `library()` loads that library, for the options not handled here. */
function stableStringify(library) {
  return function stringify(obj, opts) {
    if (opts !== undefined && (typeof opts !== "object" || opts === null || Object.keys(opts).some((k) => k !== "space"))) {
      return library()(obj, opts);
    }
    let space = (opts && opts.space) || "";
    if (typeof space === "number") space = " ".repeat(space);
    const indents = [];
    const indentAt = (level) => (indents[level] ??= space ? `\n${space.repeat(level)}` : "");
    const colon = space ? ": " : ":";
    const seen = [];

    function write(node, level) {
      if (node && node.toJSON && typeof node.toJSON === "function") node = node.toJSON();
      if (node === undefined) return undefined;
      if (typeof node !== "object" || node === null) return JSON.stringify(node);
      const indent = indentAt(level);
      const inner = indent + space;
      if (Array.isArray(node)) {
        const out = [];
        for (let i = 0; i < node.length; i++) out.push(inner + (write(node[i], level + 1) || "null"));
        return `[${out.join(",")}${indent}]`;
      }
      if (seen.includes(node)) throw new TypeError("Converting circular structure to JSON");
      seen.push(node);
      const keys = Object.keys(node).sort();
      const out = [];
      for (const key of keys) {
        const value = write(node[key], level + 1);
        if (value) out.push(`${inner}${JSON.stringify(key)}${colon}${value}`);
      }
      seen.splice(seen.indexOf(node), 1);
      return `{${out.join(",")}${indent}}`;
    }

    return write(obj, 0);
  };
}

module.exports = { stableStringify };
