/** Latency at the 50th, 95th and 99th percentiles, in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Exact percentiles (nearest-rank) of the given latencies. Exact rather than histogram-bucketed because
 * the steps are small (a few thousand samples) and the table compares endpoints digit by digit.
 *
 * @param latenciesMs - one entry per request; sorted in place.
 * @returns the percentiles, or NaN for each if there were no samples.
 */
export function latencyPercentiles(latenciesMs: number[]): LatencyPercentiles {
  latenciesMs.sort((a, b) => a - b);
  const at = (fraction: number) =>
    latenciesMs.length === 0 ? Number.NaN : latenciesMs[Math.min(latenciesMs.length - 1, Math.ceil(fraction * latenciesMs.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
