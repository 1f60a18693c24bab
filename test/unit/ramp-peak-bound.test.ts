import type { LoadStepResult } from '../../examples/model-serving/load-step.js';
import { describePeakBound, isPeakLowerBound, limitingRate } from '../../examples/model-serving/peak-bound.js';
import type { RampOutcome } from '../../examples/model-serving/ramp.js';

const step = (offeredRate: number, failureRatio = 0, sentRate = offeredRate): LoadStepResult => ({
  offeredRate,
  achievedRate: offeredRate * (1 - failureRatio),
  sentRate,
  succeeded: 0,
  non2xx: 0,
  timeouts: 0,
  connectionErrors: 0,
  failureRatio,
  latencyMs: { p50: 1, p95: 2, p99: 3 },
});

describe('the peak bound of a ramp', () => {
  test('a ramp that failed brackets the peak between the last step that held and the first that failed', () => {
    const outcome: RampOutcome = { steps: [step(3200), step(4337), step(4563, 0.0059), step(4800, 0.02)], end: { kind: 'failed' } };
    expect(isPeakLowerBound(outcome)).toBe(false);
    expect(limitingRate(outcome)).toBe(4563);
    expect(describePeakBound('/optimized_predict', outcome)).toBe('/optimized_predict peak bracketed: held at 4337/s offered, failed at 4563/s (0.59% failed), 5% apart');
  });

  test('names a generator that sent less than 90% at the failing step', () => {
    const outcome: RampOutcome = { steps: [step(9600), step(14_400, 0.3, 8000)], end: { kind: 'failed' } };
    expect(describePeakBound('/events/batched', outcome)).toBe(
      '/events/batched peak bracketed: held at 9600/s offered, failed at 14400/s (30.00% failed; the generator sent only 8000/s there), 50% apart',
    );
  });

  test('a ramp that failed from its lowest step says so', () => {
    const outcome: RampOutcome = { steps: [step(50, 0.5)], end: { kind: 'failed' } };
    expect(limitingRate(outcome)).toBe(50);
    expect(describePeakBound('/events', outcome)).toBe('/events failed from its lowest step, 50/s offered');
  });

  test('a ramp stopped by the generator or the hard top gives only a lower bound, at its top step', () => {
    const generator: RampOutcome = { steps: [step(9600), step(14_400, 0, 11_000.4)], end: { kind: 'generator-limit', offeredRate: 14_400, sentRate: 11_000.4 } };
    expect(isPeakLowerBound(generator)).toBe(true);
    expect(limitingRate(generator)).toBe(14_400);
    expect(describePeakBound('/optimized_predict', generator)).toBe(
      '/optimized_predict held at every step; at 14400/s offered the load generator sent only 11000/s, so the generator is the limit: the peak is at least what was answered there',
    );
    const top: RampOutcome = { steps: [step(16_000)], end: { kind: 'upper-bound', offeredRate: 16_000 } };
    expect(isPeakLowerBound(top)).toBe(true);
    expect(limitingRate(top)).toBe(16_000);
    expect(describePeakBound('/events/batched', top)).toBe("/events/batched held up to the ramp's hard top, 16000/s offered: the peak is at least what was answered there");
  });
});
