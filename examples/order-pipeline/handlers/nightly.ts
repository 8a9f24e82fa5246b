import type { ScheduledHandler } from "aws-lambda";
import { log } from "./order";

/** The UTC day before `time` (an ISO timestamp), `YYYY-MM-DD`: what the nightly run closes. */
export function previousDay(time: string): string {
  const at = new Date(time);
  if (Number.isNaN(at.getTime())) throw new Error(`not a time: ${time}`);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - 1)).toISOString().slice(0, 10);
}

/** Runs at 02:00 UTC: closes the previous day's orders (logs the day it closes). */
export const handler: ScheduledHandler = async (event) => {
  log("info", "closing day", { day: previousDay(event.time) });
};
