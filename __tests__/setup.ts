import { rmSync } from "node:fs";
import { Testing } from "cdktf";

Testing.setupJest();

// cdktf's Testing.app() and Testing.fullSynth() each make a temp folder (`cdktf.outdir.*`) and never
// remove it: about 1,600 per run of the suite, left in the machine's temp folder forever. Each
// suite's are removed once it is done (a suite may read a fullSynth output until then); a folder
// the suite named itself (`Testing.app({ outdir })`) is left alone.
const outdirs: string[] = [];
const app = Testing.app.bind(Testing);
const fullSynth = Testing.fullSynth.bind(Testing);
Testing.app = (options = {}) => {
  const created = app(options);
  if (!options.outdir) outdirs.push(created.outdir);
  return created;
};
Testing.fullSynth = (stack) => {
  const outdir = fullSynth(stack);
  outdirs.push(outdir);
  return outdir;
};
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
