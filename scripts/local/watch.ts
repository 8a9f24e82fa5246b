import { spawn } from "node:child_process";
import { existsSync, readFileSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import { loadFunctions } from "./functions";
import type { Session } from "./session";
import { readStack, type Stack } from "./stack";
import { SOURCES } from "./synth";

/** How long to wait after a change for more changes (an editor writes several files at once). */
const SETTLE_MS = 150;

/**
 * `serve --watch`: when a source of the app changes, synthesizes the app again (the project's own
 * app command, so the zips are the ones a deploy would upload, byte for byte) and swaps in the
 * functions whose zip or layers changed. The emulated state (tables, queues, objects, streams)
 * and the functions' credentials stay; a change to the stack's resources needs a restart (said).
 */
export function watchSources(root: string, session: Session, outdir: string, log: (line: string) => void): { close(): void } {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    const started = Date.now();
    running = synthesizeAsync(root, outdir)
      .then(() => {
        const stack = readStack(outdir, session.stack.name, session.stack.accountIdSource === "--account" ? session.stack.accountId : undefined);
        const resources = (s: Stack) => JSON.stringify(s.model.blocks.filter((b) => b.mode === "managed").map((b) => b.address));
        const before = resources(session.stack);
        const after = resources(stack);
        if (before !== after) log("local: the stack's resources changed: restart serve to emulate them (functions' code is reloaded)");
        const changed = session.replaceFunctions(loadFunctions(stack, session.endpoint));
        log(`local: rebuilt in ${Date.now() - started} ms; ${changed.length === 0 ? "no function changed" : `new code for ${changed.join(", ")}`}`);
      })
      .catch((error: Error) => log(`local: rebuild failed, still running the previous code: ${error.message}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void rebuild();
        }
      });
  };
  for (const source of SOURCES) {
    const path = join(root, source);
    if (!existsSync(path)) continue;
    watchers.push(
      watch(path, { recursive: true }, (_event, file) => {
        if (file && /(^|\/)(node_modules|\.)/.test(String(file))) return;
        clearTimeout(timer);
        timer = setTimeout(() => void rebuild(), SETTLE_MS);
      }),
    );
  }
  log(`local: watching ${SOURCES.join(", ")} for changes`);
  return {
    close: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

/** The app command of cdktf.json into `outdir`, without blocking the server meanwhile. */
function synthesizeAsync(root: string, outdir: string): Promise<void> {
  const { app } = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")) as { app: string };
  return new Promise((resolve, reject) => {
    let stderr = "";
    const child = spawn("sh", ["-c", app], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`synth failed (exit ${code}): ${stderr.trim().split("\n").slice(-5).join(" | ")}`))));
  });
}
