/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // esbuild strips types (no type checking: `tsc --noEmit` does that in `npm test`); see the file.
  transform: { "^.+\\.tsx?$": "<rootDir>/__tests__/esbuild-transform.js" },
  moduleNameMapper: {
    "^@svc/shared$": "<rootDir>/lambda-src/layers/shared/nodejs/node_modules/@svc/shared",
  },
  // cdktf, constructs, the provider bindings and esbuild loaded once per worker, not once per suite.
  runtime: "<rootDir>/__tests__/shared-runtime.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  testSequencer: "<rootDir>/__tests__/sequencer.js",
  // Jest's default (cores - 1) is one worker on a 2-core machine; the Terraform suite mostly waits on
  // terraform processes, so both cores stay busy with two workers.
  maxWorkers: 2,
  // Per checkout, like tsc's build info: a fresh clone (CI, `npm ci`) starts cold, and clearing one
  // checkout's cache (npm run bench measures a cold run) leaves the others' alone.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/bench/.work", "<rootDir>/.tmp"],
  testTimeout: 120000,
};
