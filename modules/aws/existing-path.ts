import { existsSync, statSync } from "node:fs";
import { extname, resolve } from "node:path";
import { custom } from "../core/schema";
import { isUnresolved } from "../core/validation";

const ENTRY_EXTENSIONS = [".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"];

/** A .ts/.js file that exists (resolved from the working directory). */
export const ENTRY_FILE = custom<string>(`an existing file ending in ${ENTRY_EXTENSIONS.join(", ")}`, (c, prop, entry) => {
  if (isUnresolved(entry)) return;
  const file = resolve(String(entry));
  if (!ENTRY_EXTENSIONS.includes(extname(file))) c.v.fail(prop, `a file ending in ${ENTRY_EXTENSIONS.join(", ")}`, entry);
  else if (!existsSync(file) || !statSync(file).isFile()) c.v.fail(prop, "an existing file", entry);
});

/** A folder that exists (resolved from the working directory). */
export const EXISTING_DIRECTORY = custom<string>("an existing directory", (c, prop, directory) => {
  if (isUnresolved(directory)) return;
  const dir = resolve(String(directory));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) c.v.fail(prop, "an existing directory", directory);
});
