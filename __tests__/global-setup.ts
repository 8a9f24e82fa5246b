import { synthApp } from "./terraform/harness";

/**
 * Synthesizes the project's app once, with the command in cdktf.json, for every suite that reads the
 * shipped stacks' output (packages, IAM audit, Terraform plans); workers inherit the path.
 */
export default function globalSetup(): void {
  process.env.CDKTF_SERVERLESS_APP_OUTDIR = synthApp(`${__dirname}/..`);
}
