import type { ProfileSummary } from "./cpu-profile";
import type { LocalChainResult, LocalStartResult } from "./local-start";
import type { MachineInfo } from "./machine";
import type { Summary } from "./measure";
import type { PackageFile, StackCounts } from "./synth-output";
import type { AppProcessRecord, ProcessCounts } from "./trace";

/** One timed run, as kept in the results. */
export interface RunSample {
  readonly wallMs: number;
  readonly maxRssKb?: number;
  readonly treePeakRssKb: number;
  readonly exitCode: number;
  /** CPU time of the process tree (user + system), when GNU time is there: less sensitive to other load than wall time. */
  readonly cpuMs?: number;
}

/** A command measured several times, each in a fresh process with a fresh CDKTF_OUTDIR. */
export interface Measurement {
  readonly name: string;
  readonly label: string;
  readonly command: string;
  /** Working directory, relative to the project root. */
  readonly cwd: string;
  readonly at: string;
  /** 1-minute load average before and after (other work on the machine adds noise). */
  readonly load: readonly [number, number];
  readonly warmups: number;
  readonly runs: readonly RunSample[];
  readonly wall: Summary;
  /** GNU time `%M`: peak RSS of the largest single process, KB. */
  readonly maxRss: Summary;
  /** Sampled peak of the sum of RSS over the process tree, KB. */
  readonly treeRss: Summary;
  /** Set when a run failed: its exit code and the end of its output. */
  readonly failure?: string;
  readonly stacks?: readonly StackCounts[];
  readonly packages?: readonly PackageFile[];
  /** For the scale app: N. */
  readonly functions?: number;
  readonly distinctEntries?: boolean;
  /** For the test suite: jest's summary lines. */
  readonly testSummary?: string;
  /** For `.ci/run`: each step's time, as it prints it (`ci: <step>: N s`), from the last run. */
  readonly steps?: readonly { readonly name: string; readonly seconds: number }[];
  /** How the measured runs started (e.g. "cold: jest cache and tsc build info removed"). */
  readonly note?: string;
}

/** One run with bench/preload/trace.cjs: where the time goes and which processes start. */
export interface TraceSummary {
  readonly name: string;
  readonly label: string;
  readonly at: string;
  readonly wallMs: number;
  readonly exitCode: number;
  readonly app?: AppProcessRecord;
  /** Processes the app process started. */
  readonly appProcesses: ProcessCounts;
  /** Processes started by other processes of the tree (e.g. npx starting ts-node). */
  readonly otherProcesses: ProcessCounts;
  /** Zip files written (deployment packages or cdktf ARCHIVE assets, counted per stack). */
  readonly zipFiles: number;
  /** Functions and layers referencing them. */
  readonly zipUsers: number;
  /** Lambda functions synthesized. */
  readonly functions: number;
}

export interface ProfileResult {
  readonly name: string;
  readonly label: string;
  readonly at: string;
  readonly wallMs: number;
  readonly summary?: ProfileSummary;
}

export interface BenchResults {
  readonly version: 1;
  generatedAt: string;
  quick: boolean;
  only?: readonly string[];
  machine: MachineInfo;
  measurements: Record<string, Measurement>;
  traces: Record<string, TraceSummary>;
  profiles: Record<string, ProfileResult>;
  /** `npm run local -- serve aws-dev`: start-up to first answer. */
  local?: LocalStartResult;
  /** One event through three functions of the local-chain fixture (queue, stream, topic). */
  localChain?: LocalChainResult;
}
