// Runs cdktf in the tests as scripts/run-app.js runs it for the app: without a full stack trace
// captured for every token created. cdktf keeps those traces only to say where a token came from when
// resolving it fails; under jest each one is also source-mapped frame by frame, which made it the
// largest single cost of the construct suites. The output is the same either way (run-app.test.ts).
// CDKTF_APP_DEBUG=1 keeps them, as for the app.
if (process.env.CDKTF_APP_DEBUG !== "1") {
  // cdktf 0.21 calls captureStackTrace; CDK Terrain (cdktn 0.24) calls captureCreationStack.
  jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({ captureStackTrace: () => [], captureCreationStack: () => [] }));
}
