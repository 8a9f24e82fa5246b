/** Where the rollout says what it does: one line at a time, each prefixed with what it is about. */
export interface Reporter {
  /** Progress: what is happening and what it shows. */
  info(line: string): void;
  /** Failure, rollback, or something a person must look at. */
  problem(line: string): void;
}

/** Prints progress on stdout and problems on stderr (GitHub Actions marks `::error::` lines). */
export function consoleReporter(github = process.env.GITHUB_ACTIONS === "true"): Reporter {
  return {
    info: (line) => process.stdout.write(`${line}\n`),
    problem: (line) => process.stderr.write(`${github ? "::error::" : ""}${line}\n`),
  };
}

/** The same reporter with every line prefixed by `[what]`. */
export function prefixed(reporter: Reporter, what: string): Reporter {
  return { info: (line) => reporter.info(`[${what}] ${line}`), problem: (line) => reporter.problem(`[${what}] ${line}`) };
}

/** A reporter that keeps every line, for tests and summaries. */
export function recordingReporter(): Reporter & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), problem: (line) => lines.push(`PROBLEM ${line}`) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
