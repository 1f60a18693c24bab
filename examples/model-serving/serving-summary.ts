import type { LoadStepResult } from './load-step.js';
import { COLLAPSE_FAILURE_RATIO, HEALTHY_FAILURE_RATIO } from './ramp-plan.js';

/** The headline numbers the targets are stated in. */
export interface ServingSummary {
  /** The plain endpoint's best achieved rate at any step, failures or not (generous to it on purpose). */
  plainPeakRate: number;
  /** The batched endpoint's best achieved rate among steps where it, and every step below, had ≤ 0.1% failures. */
  batchedPeakRate: number;
  /** batchedPeakRate / plainPeakRate. */
  peakRatio: number;
  /** The first offered rate at which the plain endpoint had more than 1% failures, if it collapsed. */
  plainCollapseRate: number | undefined;
  /** The batched endpoint's p95 at that same offered rate. */
  batchedP95AtPlainCollapseMs: number | undefined;
  /** The batched endpoint's worst failure ratio over the steps counted in its peak. */
  batchedFailureRatioUpToPeak: number;
}

/** The first offered rate at which the endpoint had more than 1% failures, if it collapsed. */
export function collapseRate(steps: readonly LoadStepResult[]): number | undefined {
  return steps.find((step) => step.failureRatio > COLLAPSE_FAILURE_RATIO)?.offeredRate;
}

export function summarizeServing(plain: readonly LoadStepResult[], batched: readonly LoadStepResult[]): ServingSummary {
  const plainPeakRate = Math.max(0, ...plain.map((step) => step.achievedRate));
  const healthyPrefix: LoadStepResult[] = [];
  for (const step of batched) {
    if (step.failureRatio > HEALTHY_FAILURE_RATIO) break;
    healthyPrefix.push(step);
  }
  const batchedPeakRate = Math.max(0, ...healthyPrefix.map((step) => step.achievedRate));
  const plainCollapseRate = collapseRate(plain);
  const batchedAtCollapse = batched.find((step) => step.offeredRate === plainCollapseRate);
  return {
    plainPeakRate,
    batchedPeakRate,
    peakRatio: plainPeakRate === 0 ? Number.NaN : batchedPeakRate / plainPeakRate,
    plainCollapseRate,
    batchedP95AtPlainCollapseMs: batchedAtCollapse?.latencyMs.p95,
    batchedFailureRatioUpToPeak: Math.max(0, ...healthyPrefix.map((step) => step.failureRatio)),
  };
}
