import { realWords } from "./rules";
import type { Refinement } from "./schema";
import { stackTraits } from "./stack-traits";
import type { Rule } from "./validation";

/** What both clouds' alarms share: how a period is written, how far back they look, and the switch with its reason. */

/** A period of a metric alarm or alert condition: whole minutes (every metric they read is per minute), at most a day. */
export const ALARM_PERIOD: Rule<number> = {
  description: "a whole number of minutes in seconds, from 60 to 86400 (60, 120, 300...)",
  test: (v) => typeof v === "number" && Number.isInteger(v) && v >= 60 && v <= 86400 && v % 60 === 0,
};

/** CloudWatch and Cloud Monitoring evaluate at most a day of periods. */
export const EVALUATION_RANGE_MAX_SECONDS = 86400;

/** Refuses more periods than a day holds. */
export function refineEvaluationRange(tuning: { periodSeconds?: unknown; evaluationPeriods?: unknown }, r: Refinement): void {
  const period = typeof tuning.periodSeconds === "number" ? tuning.periodSeconds : 60;
  const periods = typeof tuning.evaluationPeriods === "number" ? tuning.evaluationPeriods : 1;
  if (period * periods > EVALUATION_RANGE_MAX_SECONDS) {
    r.fail("evaluationPeriods", `at most ${EVALUATION_RANGE_MAX_SECONDS / period} periods of ${period} s (alarms evaluate at most a day)`, tuning.evaluationPeriods);
  }
}

/** Why a construct is not watched: written in words, like every reason the project asks for. */
export const UNWATCHED_REASON = realWords(3, "why it is not watched,");

/**
 * The switch every `alarms` prop has: `enabled` (default from the environment's traits) and, where
 * something is turned off in a protected environment, the `reason`. `off` says whether this value
 * turns the alarms (or the one that matters most) off.
 */
export function refineAlarmSwitch(alarms: { enabled?: unknown; reason?: unknown }, off: boolean, r: Refinement): void {
  if (off && alarms.reason === undefined && r.scope !== undefined && stackTraits(r.scope).protected) {
    r.fail("reason", "a reason in a protected environment, where everything is watched (alarms off, or the main one off)", undefined);
  }
  if (!off && alarms.reason !== undefined) r.fail("reason", "unset while the alarms are on (it says why they are off)", alarms.reason);
}
