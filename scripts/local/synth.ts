import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the app's output depends on: when one of these is newer than the stack, synth again. */
export const SOURCES = ["main.ts", "cdktf.json", "package-lock.json", "config", "modules", "stacks", "lambda-src"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the stack must be synthesized first, or undefined when its cdk.tf.json is current. */
export function staleReason(root: string, outdir: string, stack: string): string | undefined {
  const file = join(outdir, "stacks", stack, "cdk.tf.json");
  if (!existsSync(file)) return `${file} is missing`;
  const built = statSync(file).mtimeMs;
  const source = SOURCES.find((s) => newestMtime(join(root, s)) > built);
  return source ? `${source} changed since ${file} was written` : undefined;
}

/** Runs the project's app command (cdktf.json "app", as `npm run synth` does) into `outdir`. */
export function synthesize(root: string, outdir: string): void {
  const { app } = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")) as { app: string };
  const run = spawnSync("sh", ["-c", app], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) throw new Error(`synth failed (${app}, exit ${run.status ?? run.signal})`);
}
