import { rmSync } from "node:fs";

/** Removes the run's temp folder (see globalSetup), and with it everything the run left in it. */
export default function globalTeardown(): void {
  const run = process.env.CDKTF_SERVERLESS_TEST_TMPDIR;
  if (run) rmSync(run, { recursive: true, force: true });
}
