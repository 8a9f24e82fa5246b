import type { LambdaEventSourceMappingConfig } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { booleanValue, integerBetween } from "../../core/rules";
import type { Validator } from "../../core/validation";

/**
 * Limits Lambda's event source mappings share (CreateEventSourceMapping): a batching window of at
 * most 300 seconds, at most 5 filters, each pattern at most 4096 characters.
 */
export const BATCHING_WINDOW_SECONDS = { min: 0, max: 300 } as const;
export const MAX_FILTERS = 5;
export const FILTER_PATTERN_MAX_CHARS = 4096;

/** An event filter pattern, as an object (`{ body: { status: ["PAID"] } }`); written as JSON. */
export type FilterPattern = Readonly<Record<string, unknown>>;

/** What the polled sources have in common. */
export interface PolledEventCommon {
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly reportBatchItemFailures?: boolean;
  readonly filterPatterns?: readonly FilterPattern[];
}

/** Checks the batching window, `reportBatchItemFailures` and the filter patterns of a polled source. */
export function validatePolledCommon(v: Validator, at: string, event: PolledEventCommon): void {
  v.check(`${at}.maxBatchingWindowSeconds`, event.maxBatchingWindowSeconds, integerBetween(BATCHING_WINDOW_SECONDS.min, BATCHING_WINDOW_SECONDS.max, "seconds"));
  v.check(`${at}.reportBatchItemFailures`, event.reportBatchItemFailures, booleanValue);
  const patterns = v.list<unknown>(`${at}.filterPatterns`, event.filterPatterns, { of: "filter patterns (objects)", min: 1, max: MAX_FILTERS });
  patterns?.forEach((pattern, i) => {
    const prop = `${at}.filterPatterns[${i}]`;
    if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
      v.fail(prop, "a non-empty filter pattern object, e.g. { body: { status: [\"PAID\"] } }", pattern);
      return;
    }
    const json = JSON.stringify(pattern);
    if (json.length > FILTER_PATTERN_MAX_CHARS) v.fail(prop, `a pattern of at most ${FILTER_PATTERN_MAX_CHARS} characters as JSON`, `${json.length} characters`);
  });
}

/** The mapping arguments the polled sources share: window, partial batch responses, filters. */
export function polledMappingConfig(event: PolledEventCommon): Partial<LambdaEventSourceMappingConfig> {
  return {
    maximumBatchingWindowInSeconds: event.maxBatchingWindowSeconds,
    // Without it, one failed record makes Lambda retry the whole batch, records that succeeded too.
    functionResponseTypes: event.reportBatchItemFailures === false ? undefined : ["ReportBatchItemFailures"],
    filterCriteria: event.filterPatterns?.length ? { filter: event.filterPatterns.map((p) => ({ pattern: JSON.stringify(p) })) } : undefined,
  };
}
