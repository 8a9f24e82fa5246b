export * from "./validation";
export * from "./rules";
export * from "./tags";
export * from "./naming";
export * from "./policy/iam-actions";
export * from "./policy/policy-statement";
export * from "./packaging/deterministic-zip";
export * from "./packaging/package-store";
