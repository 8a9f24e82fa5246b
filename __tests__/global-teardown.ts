import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  for (const dir of [process.env.CDKTF_SERVERLESS_APP_OUTDIR, process.env.CDKTF_SERVERLESS_PLAN_DIR]) {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
