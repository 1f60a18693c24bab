import { HEALTHY_FAILURE_RATIO } from './ramp-plan.js';

/** The part of a measured step the refinement reads: what was offered, and what share of it failed. */
export interface MeasuredRate {
  offeredRate: number;
  failureRatio: number;
}

/** Where an endpoint's peak lies: it held at `healthyRate` and failed at `failingRate`, the next rate measured. */
export interface PeakBracket {
  healthyRate: number;
  failingRate: number;
}

export interface RefinementOptions {
  /** Stop once `failingRate / healthyRate` is at most `1 + tolerance`. */
  tolerance: number;
  /** The most extra steps to measure, so a noisy endpoint cannot keep the ramp going. */
  maxSteps: number;
}

/** A step counts towards a peak with at most 0.1% failures: the bar `summarizeServing` applies. */
export function isHealthy(step: MeasuredRate): boolean {
  return step.failureRatio <= HEALTHY_FAILURE_RATIO;
}

/** Steps in order of offered rate, as the summary, the table and the chart read them. */
export function byOfferedRate<Step extends MeasuredRate>(steps: readonly Step[]): Step[] {
  return [...steps].sort((a, b) => a.offeredRate - b.offeredRate);
}

/**
 * The first failing step and the healthy step just below it, in offered-rate order. A healthy step above a
 * failing one does not move the bracket: the summary counts a peak only over an unbroken healthy run from the
 * lowest rate, so that is the edge worth finding.
 *
 * @returns `undefined` when every step was healthy (the peak is past the ramp) or the lowest one failed.
 */
export function peakBracket(steps: readonly MeasuredRate[]): PeakBracket | undefined {
  const sorted = byOfferedRate(steps);
  const firstFailing = sorted.findIndex((step) => !isHealthy(step));
  if (firstFailing <= 0) return undefined;
  return { healthyRate: sorted[firstFailing - 1].offeredRate, failingRate: sorted[firstFailing].offeredRate };
}

/**
 * The offered rate to measure next to narrow the bracket, or `undefined` once it is within `tolerance`.
 * The geometric mean, because the rates and the chart's axes are on a log scale: each step halves the
 * bracket's ratio in log terms, so a 1.5× gap takes three steps to get within 10%.
 */
export function nextRefinementRate(steps: readonly MeasuredRate[], tolerance: number): number | undefined {
  const bracket = peakBracket(steps);
  if (bracket === undefined) return undefined;
  const { healthyRate, failingRate } = bracket;
  if (failingRate <= healthyRate * (1 + tolerance)) return undefined;
  const rate = Math.round(Math.sqrt(healthyRate * failingRate));
  // Whole requests per second: a bracket of adjacent integers cannot be split further.
  return rate > healthyRate && rate < failingRate ? rate : undefined;
}

/**
 * Bisects on offered load between the last healthy step and the first failing one, measuring with `measure`,
 * until the bracket is within `tolerance` or `maxSteps` extra steps have run.
 *
 * @param coarse - the steps the coarse ramp measured.
 * @param measure - runs one step at the given offered rate (real load in the demos, a stand-in in tests).
 * @returns every step, coarse and refined, in order of offered rate.
 */
export async function refinePeak<Step extends MeasuredRate>(
  coarse: readonly Step[],
  measure: (offeredRate: number) => Promise<Step>,
  { tolerance, maxSteps }: RefinementOptions,
): Promise<Step[]> {
  const steps = [...coarse];
  for (let extra = 0; extra < maxSteps; extra++) {
    const rate = nextRefinementRate(steps, tolerance);
    if (rate === undefined) break;
    steps.push(await measure(rate));
  }
  return byOfferedRate(steps);
}
