import type { LambdaEventSourceMappingConfig } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { integerBetween } from "../../core/rules";
import { custom, list } from "../../core/schema";

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

/** Seconds Lambda gathers records before invoking. */
export const BATCHING_WINDOW = integerBetween(BATCHING_WINDOW_SECONDS.min, BATCHING_WINDOW_SECONDS.max, "seconds");

const FILTER_PATTERN = custom<FilterPattern>("a non-empty filter pattern object, e.g. { body: { status: [\"PAID\"] } }", (c, prop, pattern) => {
  if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
    c.v.fail(prop, "a non-empty filter pattern object, e.g. { body: { status: [\"PAID\"] } }", pattern);
    return;
  }
  const json = JSON.stringify(pattern);
  if (json.length > FILTER_PATTERN_MAX_CHARS) c.v.fail(prop, `a pattern of at most ${FILTER_PATTERN_MAX_CHARS} characters as JSON`, `${json.length} characters`);
});

/** Event filter patterns of a polled source: objects, at most 5, each at most 4096 characters as JSON. */
export const FILTER_PATTERNS = list(FILTER_PATTERN, { of: "filter patterns (objects)", min: 1, max: MAX_FILTERS });

/** The mapping arguments the polled sources share: window, partial batch responses, filters. */
export function polledMappingConfig(event: PolledEventCommon): Partial<LambdaEventSourceMappingConfig> {
  return {
    maximumBatchingWindowInSeconds: event.maxBatchingWindowSeconds,
    // Without it, one failed record makes Lambda retry the whole batch, records that succeeded too.
    functionResponseTypes: event.reportBatchItemFailures === false ? undefined : ["ReportBatchItemFailures"],
    filterCriteria: event.filterPatterns?.length ? { filter: event.filterPatterns.map((p) => ({ pattern: JSON.stringify(p) })) } : undefined,
  };
}
