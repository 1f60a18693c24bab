import type { ModelKind } from './prediction-model.js';

/** The offered rates to step through, and how long each step lasts. */
export interface RampPlan {
  offeredRates: readonly number[];
  stepSeconds: number;
  /**
   * While an endpoint holds past the last planned rate, the ramp keeps raising it, up to this rate. Each
   * request per second offered is one open connection in the generator and one in the server, so this stays
   * under a file-descriptor limit of 20,000 with room for both.
   */
  maxOfferedRate: number;
}

/**
 * The seed's client gave up after 1 s; so does ours, so "failed" means the same thing in both experiments.
 */
export const CLIENT_TIMEOUT_SECONDS = 1;

/** An endpoint has collapsed once more than 1% of a step's requests fail; its ramp stops there. */
export const COLLAPSE_FAILURE_RATIO = 0.01;

/** A step counts towards the batched endpoint's peak only with at most 0.1% failures (the bar). */
export const HEALTHY_FAILURE_RATIO = 0.001;

/**
 * After the coarse ramp, each endpoint's peak is bracketed to within 10%: one noisy step can then cost the
 * peak at most a tenth, where a coarse gap (3,200 → 4,800) costs a third.
 */
export const PEAK_TOLERANCE = 0.1;

/** Past the plan, each step offers this much more than the last, while the endpoint holds. */
export const CONTINUATION_FACTOR = 1.5;

/**
 * A step whose generator sent less than this share of the offered rate measured the generator, not the
 * endpoint: with 2 cores shared by autocannon and the server, offering more would only send the same.
 */
export const GENERATOR_SENT_SHARE = 0.9;

/** Enough to narrow a 2× gap to within 10% (three steps) with room for one more; bounds the demo's length. */
export const MAX_REFINEMENT_STEPS = 4;

/** The plan with `extraRates` measured too, in order, each once. */
export function withOfferedRates(plan: RampPlan, extraRates: readonly number[]): RampPlan {
  const offeredRates = [...new Set([...plan.offeredRates, ...extraRates])].sort((a, b) => a - b);
  return { ...plan, offeredRates };
}

/** The ramp's hard top: see `RampPlan.maxOfferedRate`. */
export const MAX_OFFERED_RATE = 16_000;

/**
 * Offered rates per model. The plain endpoint's ceiling is ~1/(one call): ~160/s for the real model
 * (~6 ms a call) and ~90/s for the seed cost model (11 ms), so the low steps are dense enough to find its
 * collapse, and the high steps reach towards the batched endpoint's ceiling; past them the ramp continues
 * while the batched endpoint holds.
 * `full` lengthens every step and adds rates in between, for the long run.
 */
export function rampPlan(kind: ModelKind, full: boolean): RampPlan {
  if (kind === 'real') {
    return full
      ? { offeredRates: [25, 50, 75, 100, 125, 150, 175, 200, 250, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1600], stepSeconds: 10, maxOfferedRate: MAX_OFFERED_RATE }
      : { offeredRates: [50, 100, 150, 200, 300, 500, 700, 900, 1100, 1300], stepSeconds: 3, maxOfferedRate: MAX_OFFERED_RATE };
  }
  return full
    ? { offeredRates: [25, 50, 75, 100, 125, 150, 200, 400, 800, 1600, 2400, 3200, 4000, 4800, 5600, 6400, 8000, 9600, 11200], stepSeconds: 10, maxOfferedRate: MAX_OFFERED_RATE }
    : { offeredRates: [50, 100, 200, 400, 800, 1600, 3200, 4800, 5600, 6400, 8000, 9600], stepSeconds: 3, maxOfferedRate: MAX_OFFERED_RATE };
}
