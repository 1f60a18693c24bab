import { byOfferedRate, isHealthy, type MeasuredRate } from './ramp-refinement.js';

/** The part of a measured step the continuation reads: the refinement's, and what the generator really sent. */
export interface SentRate extends MeasuredRate {
  sentRate: number;
}

/** Why an endpoint's ramp stopped rising, which says what bounds its peak. */
export type RampEnd =
  /** A step failed: the peak lies below it, and the refinement brackets it. */
  | { kind: 'failed' }
  /** The top step held, but the generator sent less than was offered: the peak is at least what was answered. */
  | { kind: 'generator-limit'; offeredRate: number; sentRate: number }
  /** The top step held at the ramp's hard top: the peak is at least what was answered. */
  | { kind: 'upper-bound'; offeredRate: number };

export type Continuation = { kind: 'measure'; offeredRate: number } | RampEnd;

export interface ContinuationOptions {
  /** Each continued step offers this multiple of the top step's rate. */
  factor: number;
  /** The hard top: the ramp offers no more than this. */
  maxOfferedRate: number;
  /** A step that sent less than this share of its offered rate measured the generator, not the endpoint. */
  generatorSentShare: number;
}

/**
 * What the ramp does after the steps so far: measure a higher rate while every step held and the generator
 * kept up, or stop and say why. A failure anywhere ends it, as the refinement then has a bracket to narrow.
 */
export function nextContinuation(steps: readonly SentRate[], { factor, maxOfferedRate, generatorSentShare }: ContinuationOptions): Continuation {
  const sorted = byOfferedRate(steps);
  if (sorted.length === 0 || !sorted.every(isHealthy)) return { kind: 'failed' };
  const top = sorted[sorted.length - 1];
  if (top.sentRate < top.offeredRate * generatorSentShare) return { kind: 'generator-limit', offeredRate: top.offeredRate, sentRate: top.sentRate };
  if (top.offeredRate >= maxOfferedRate) return { kind: 'upper-bound', offeredRate: top.offeredRate };
  return { kind: 'measure', offeredRate: Math.min(maxOfferedRate, Math.round(top.offeredRate * factor)) };
}

/**
 * Raises the offered rate past the planned steps, measuring with `measure`, until a step fails, the generator
 * falls behind, or the hard top has been measured. The hard top bounds the number of extra steps too.
 *
 * @param planned - the steps the planned ramp measured.
 * @param measure - runs one step at the given offered rate (real load in the demos, a stand-in in tests).
 * @returns every step, planned and continued, in order of offered rate, and why the ramp stopped.
 */
export async function continueRamp<Step extends SentRate>(
  planned: readonly Step[],
  measure: (offeredRate: number) => Promise<Step>,
  options: ContinuationOptions,
): Promise<{ steps: Step[]; end: RampEnd }> {
  const steps = [...planned];
  for (;;) {
    const next = nextContinuation(steps, options);
    if (next.kind !== 'measure') return { steps: byOfferedRate(steps), end: next };
    steps.push(await measure(next.offeredRate));
  }
}
