import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const outdir = process.env.CDKTF_SERVERLESS_APP_OUTDIR;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
}
