import type { RampOutcome } from './ramp.js';
import { GENERATOR_SENT_SHARE } from './ramp-plan.js';
import { peakBracket } from './ramp-refinement.js';

/** Whether the endpoint's peak is only a lower bound: its ramp stopped while it still held. */
export function isPeakLowerBound({ end }: RampOutcome): boolean {
  return end.kind !== 'failed';
}

/** The offered rate that ended the endpoint's ramp: its first failing step, or its top step if none failed. */
export function limitingRate({ steps, end }: RampOutcome): number {
  if (end.kind !== 'failed') return end.offeredRate;
  return peakBracket(steps)?.failingRate ?? steps[0].offeredRate;
}

/**
 * One line saying what bounds the endpoint's peak: the bracket the refinement narrowed it to, or, when it
 * never failed, the generator's limit or the ramp's hard top (then the peak is at least what it answered).
 */
export function describePeakBound(path: string, { steps, end }: RampOutcome): string {
  if (end.kind === 'generator-limit') {
    return `${path} held at every step; at ${end.offeredRate}/s offered the load generator sent only ${end.sentRate.toFixed(0)}/s, so the generator is the limit: the peak is at least what was answered there`;
  }
  if (end.kind === 'upper-bound') return `${path} held up to the ramp's hard top, ${end.offeredRate}/s offered: the peak is at least what was answered there`;
  const bracket = peakBracket(steps);
  if (bracket === undefined) return `${path} failed from its lowest step, ${steps[0].offeredRate}/s offered`;
  const failing = steps.find((step) => step.offeredRate === bracket.failingRate)!;
  const width = ((bracket.failingRate / bracket.healthyRate - 1) * 100).toFixed(0);
  const generatorNote =
    failing.sentRate < failing.offeredRate * GENERATOR_SENT_SHARE ? `; the generator sent only ${failing.sentRate.toFixed(0)}/s there` : '';
  return (
    `${path} peak bracketed: held at ${bracket.healthyRate}/s offered, failed at ${bracket.failingRate}/s ` +
    `(${(failing.failureRatio * 100).toFixed(2)}% failed${generatorNote}), ${width}% apart`
  );
}
