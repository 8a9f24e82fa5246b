// Types of build-cache.js (plain CommonJS, so that scripts/run-app.js can load it before anything is bundled).
import type { Metafile } from "esbuild";

/** Setting this environment variable to "1" turns the cache off. */
export declare const DISABLE: string;
/** How many entries of a kind are kept by default (the newest). */
export declare const KEEP: number;
/** The folder of a cache kind under a package root. */
export declare function cacheDir(root: string, kind: string): string;
/** The value stored for `key`, or undefined when there is none or anything its build read has changed. */
export declare function readCached<T>(root: string, kind: string, key: string): T | undefined;
/** Stores `value` for `key` with the fingerprint of `inputs` (absolute paths the build read). */
export declare function writeCached(root: string, kind: string, key: string, inputs: readonly string[], value: unknown, keep?: number): void;
/** Writes a file of the cache kind whole (temporary file, then rename); keeps the newest entries only. */
export declare function storeFile(root: string, kind: string, name: string, data: string | Uint8Array, keep?: number): void;
/** A file of the cache kind, or undefined. */
export declare function loadFile(root: string, kind: string, name: string): Buffer | undefined;
/** The absolute paths of a metafile's inputs (relative to `workingDir`). */
export declare function metafileInputs(metafile: Metafile, workingDir: string): string[];
/** The folder of the nearest package.json above `file` (its own folder if there is none). */
export declare function packageRootOf(file: string): string;
/** Hex SHA-256. */
export declare function sha(data: string | Uint8Array): string;
