/**
 * `node --require tsx/cjs __tests__/terraform/synth-planned.ts <outdir>`: synthesizes every stack and
 * change the plan batch plans besides the app's own stacks (planned-stacks.ts: synthPlanned) into
 * `<outdir>`, as the batch does. `npm run test:cdktn` runs it with cdktf and with CDK Terrain and
 * compares the two outputs byte for byte, as it does the app's: a Terraform plan reads nothing else,
 * so the batch's plans of `npm test` hold for what CDK Terrain writes.
 */
import { synthPlanned } from "./planned-stacks";

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir || process.argv.length > 3) {
    process.stderr.write("Usage: node --require tsx/cjs __tests__/terraform/synth-planned.ts <outdir>\n");
    process.exit(2);
  }
  const { stacks, changes } = synthPlanned(outdir);
  process.stdout.write(`synthesized ${stacks.length} stacks and ${changes.length} changes into ${outdir}\n`);
}
