import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly os: string;
  readonly node: string;
  readonly terraform?: string;
  readonly loadAverage: readonly number[];
}

/** The machine the numbers were measured on (they mean little without it). */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osName()} (Linux ${release()})`,
    node: process.version,
    terraform: terraformVersion(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function osName(): string {
  const file = "/etc/os-release";
  if (!existsSync(file)) return process.platform;
  const line = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith("PRETTY_NAME="));
  return line ? line.slice("PRETTY_NAME=".length).replace(/^"|"$/g, "") : process.platform;
}

function terraformVersion(): string | undefined {
  try {
    const out = execFileSync("terraform", ["version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" }, // no update check: the bench runs offline
    });
    return /Terraform v(\S+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** The current 1-minute load average: how busy the machine was (other people's tests add noise). */
export function currentLoad(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
