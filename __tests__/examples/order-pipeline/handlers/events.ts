import type { Context } from "aws-lambda";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A sample event of examples/order-pipeline/events/, as a local runner would pass it. */
export function sampleEvent<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "..", "examples", "order-pipeline", "events", `${name}.json`), "utf8")) as T;
}

export const context = {} as Context;
export const noCallback = () => undefined;

/** Captures the JSON log lines a handler writes. */
export function captureLogs(): { lines: Record<string, unknown>[]; restore: () => void } {
  const lines: Record<string, unknown>[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((text: string) => void lines.push(JSON.parse(text)));
  return { lines, restore: () => spy.mockRestore() };
}
