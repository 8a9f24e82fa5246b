/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // tsconfig's isolatedModules makes ts-jest transpile only; `tsc --noEmit` type-checks in `npm test`.
  transform: { "^.+\\.tsx?$": "ts-jest" },
  moduleNameMapper: {
    "^@svc/shared$": "<rootDir>/lambda-src/layers/shared/nodejs/node_modules/@svc/shared",
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/bench/.work", "<rootDir>/.tmp"],
  testTimeout: 120000,
};
