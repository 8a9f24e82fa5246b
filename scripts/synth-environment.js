/*
 * What `cdktf synth` sets in the environment of cdktf.json's "app", which `npm run synth`
 * (scripts/synth.js) sets the same way: where to write, cdktf.json's context (with what the caller's
 * CDKTF_CONTEXT_JSON adds), its local modules, and synth's own switches. Shared with the test suites
 * that run the app in-process as `npm run synth` runs it (__tests__/in-process.ts).
 */
"use strict";

/** The variables for an app synthesized into `outdir` with `config` (cdktf.json); `contextJson`: the caller's CDKTF_CONTEXT_JSON. */
function synthEnvironment(config, outdir, contextJson) {
  const inherited = contextJson ? JSON.parse(contextJson) : {};
  const relativeModules = (config.terraformModules || []).filter((m) => {
    const source = typeof m === "string" ? m : m.source;
    return source.startsWith("./") || source.startsWith("../");
  });
  return {
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...(config.context || {}), ...inherited, cdktfRelativeModules: relativeModules }),
    SYNTH_HCL_OUTPUT: "false",
  };
}

module.exports = { synthEnvironment };
