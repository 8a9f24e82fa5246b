import { mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LocalFunction } from "./functions";
import { extractZip, readPackage } from "./packages";

/** A function's file system as Lambda mounts it, under a folder of its own. */
export interface FunctionLayout {
  /** `/var/task`: the function's zip. */
  readonly taskRoot: string;
  /** `/opt`: its layers, extracted in order. */
  readonly opt: string;
  /** `/var/runtime`: what the runtime provides (`@aws-sdk/*`). */
  readonly runtimeDir: string;
  /** Lambda's NODE_PATH for the Node.js runtimes, with these folders in place of the real ones. */
  readonly nodePath: string;
}

/**
 * Extracts the function's zip and layers (each checked against its source_code_hash) under `root`.
 * `runtimeDir` is shared by every function.
 */
export function layOut(fn: LocalFunction, root: string, runtimeDir: string): FunctionLayout {
  if (!fn.code) throw new Error(fn.problems.join("; "));
  const taskRoot = join(root, "task");
  const opt = join(root, "opt");
  extractZip(readPackage(fn.code), taskRoot, fn.code.what);
  mkdirSync(opt, { recursive: true });
  for (const layer of fn.layers) extractZip(readPackage(layer), opt, layer.what);
  const major = /^nodejs(\d+)\.x$/.exec(fn.runtime)?.[1] ?? "";
  // The order of the nodejs runtimes' NODE_PATH: /opt/nodejs/nodeNN/node_modules, /opt/nodejs/node_modules,
  // /var/runtime/node_modules, /var/runtime, /var/task.
  const nodePath = [join(opt, "nodejs", `node${major}`, "node_modules"), join(opt, "nodejs", "node_modules"), join(runtimeDir, "node_modules"), runtimeDir, taskRoot].join(":");
  return { taskRoot, opt, runtimeDir, nodePath };
}

/**
 * `/var/runtime/node_modules/@aws-sdk`: the runtime ships the AWS SDK v3, so bundles leave it out.
 * A link to the project's own @aws-sdk folder stands in for it (the packages' dependencies resolve
 * from where they really are).
 */
export function runtimeModules(root: string): string {
  const sdk = dirname(dirname(require.resolve("@aws-sdk/client-dynamodb/package.json")));
  const runtimeDir = join(root, "runtime");
  mkdirSync(join(runtimeDir, "node_modules"), { recursive: true });
  symlinkSync(sdk, join(runtimeDir, "node_modules", "@aws-sdk"), "dir");
  return runtimeDir;
}
