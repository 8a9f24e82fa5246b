/** Lambda runtimes, shared by the constructs' validation (modules/aws/lambda-limits.ts) and the rule pack. */

/** Runtimes Lambda still supports (not deprecated) and aws provider 5.100.0 accepts. */
export const SUPPORTED_RUNTIMES = [
  "nodejs20.x",
  "nodejs22.x",
  "python3.10",
  "python3.11",
  "python3.12",
  "python3.13",
  "java11",
  "java17",
  "java21",
  "dotnet8",
  "ruby3.3",
  "provided.al2",
  "provided.al2023",
] as const;

/** Runtimes past their deprecation date: still accepted by the provider, refused by the rule pack. */
export const DEPRECATED_RUNTIMES = [
  "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x",
  "nodejs16.x", "nodejs18.x", "python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "java8", "java8.al2",
  "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet7", "go1.x", "ruby2.5",
  "ruby2.7", "ruby3.2", "provided",
] as const;
