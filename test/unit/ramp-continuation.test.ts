import { continueRamp, nextContinuation, type ContinuationOptions, type SentRate } from '../../examples/model-serving/ramp-continuation.js';
import { HEALTHY_FAILURE_RATIO } from '../../examples/model-serving/ramp-plan.js';
import { peakBracket, refinePeak } from '../../examples/model-serving/ramp-refinement.js';
import { countingCallsAtOnce } from '../support/callsAtOnce.js';

const options: ContinuationOptions = { factor: 1.5, maxOfferedRate: 16_000, generatorSentShare: 0.9 };

const held = (offeredRate: number, sentRate = offeredRate): SentRate => ({ offeredRate, failureRatio: 0, sentRate });
const failed = (offeredRate: number, failureRatio = 0.0059): SentRate => ({ offeredRate, failureRatio, sentRate: offeredRate });

/**
 * An endpoint that holds up to `capacity` requests/s, measured by a generator that can send at most
 * `generatorLimit`; records the rates it was asked for.
 */
function simulatedEndpoint(capacity: number, generatorLimit = Infinity) {
  const asked: number[] = [];
  const step = (offeredRate: number): SentRate => ({
    offeredRate,
    sentRate: Math.min(offeredRate, generatorLimit),
    failureRatio: Math.min(offeredRate, generatorLimit) <= capacity ? 0 : 0.05,
  });
  const measure = async (offeredRate: number) => {
    asked.push(offeredRate);
    return step(offeredRate);
  };
  return { asked, measure, step };
}

describe('nextContinuation', () => {
  test('raises the top rate by the factor, rounded to whole requests per second, while every step held', () => {
    expect(nextContinuation([held(3200), held(9600), held(800)], options)).toEqual({ kind: 'measure', offeredRate: 14_400 });
    expect(nextContinuation([held(1300)], options)).toEqual({ kind: 'measure', offeredRate: 1950 });
    expect(nextContinuation([held(1)], options)).toEqual({ kind: 'measure', offeredRate: 2 });
  });

  test('stops once any step failed, even one below a step that held: the refinement has a bracket to narrow', () => {
    expect(nextContinuation([held(800), failed(1600)], options)).toEqual({ kind: 'failed' });
    expect(nextContinuation([held(800), failed(1600), held(3200)], options)).toEqual({ kind: 'failed' });
  });

  test('counts a step at exactly 0.1% failures as held, and one just above as failed', () => {
    const at = (failureRatio: number): SentRate => ({ offeredRate: 9600, failureRatio, sentRate: 9600 });
    expect(nextContinuation([held(4800), at(HEALTHY_FAILURE_RATIO)], options)).toEqual({ kind: 'measure', offeredRate: 14_400 });
    expect(nextContinuation([held(4800), at(HEALTHY_FAILURE_RATIO + 1e-9)], options)).toEqual({ kind: 'failed' });
  });

  test('stops at the generator limit when the top step sent less than 90% of what it offered', () => {
    expect(nextContinuation([held(9600), held(14_400, 12_000)], options)).toEqual({ kind: 'generator-limit', offeredRate: 14_400, sentRate: 12_000 });
    expect(nextContinuation([held(9600), held(14_400, 14_400 * 0.9)], options)).toEqual({ kind: 'measure', offeredRate: 16_000 });
  });

  test('reads only the top step for the generator limit: a lower step that lagged does not stop the ramp', () => {
    expect(nextContinuation([held(800, 500), held(1600)], options)).toEqual({ kind: 'measure', offeredRate: 2400 });
  });

  test('offers the hard top instead of a rate past it, and stops once the hard top held', () => {
    expect(nextContinuation([held(14_400)], options)).toEqual({ kind: 'measure', offeredRate: 16_000 });
    expect(nextContinuation([held(16_000)], options)).toEqual({ kind: 'upper-bound', offeredRate: 16_000 });
    expect(nextContinuation([held(20_000)], options)).toEqual({ kind: 'upper-bound', offeredRate: 20_000 });
  });

  test('has nothing to continue from with no steps', () => {
    expect(nextContinuation([], options)).toEqual({ kind: 'failed' });
  });
});

describe('continueRamp', () => {
  test('keeps going past a plan the endpoint held, until a step fails, and leaves the bracket to the refinement', async () => {
    // /optimized_predict held every planned step to 1,300/s (npm run demo, issue 12) but holds to ~5,000/s.
    const { asked, measure, step } = simulatedEndpoint(5_000);
    const planned = [50, 100, 150, 200, 300, 500, 700, 900, 1100, 1300].map(step);

    const { steps, end } = await continueRamp(planned, measure, options);

    expect(asked).toEqual([1950, 2925, 4388, 6582]);
    expect(end).toEqual({ kind: 'failed' });
    expect(peakBracket(steps)).toEqual({ healthyRate: 4388, failingRate: 6582 });
    expect(steps.map((s) => s.offeredRate)).toEqual([...planned.map((s) => s.offeredRate), ...asked]);
  });

  test('with the refinement after it, brackets capacities past the plan within 10%', async () => {
    for (let capacity = 1400; capacity < 15_000; capacity += 613) {
      const { measure, step } = simulatedEndpoint(capacity);
      const { steps } = await continueRamp([400, 800, 1300].map(step), measure, options);
      const bracket = peakBracket(await refinePeak(steps, measure, { tolerance: 0.1, maxSteps: 4 }))!;
      expect(bracket.healthyRate).toBeLessThanOrEqual(capacity);
      expect(bracket.failingRate).toBeGreaterThan(capacity);
      expect(bracket.failingRate / bracket.healthyRate).toBeLessThanOrEqual(1.1);
    }
  });

  test('stops where the generator cannot send what it offers, and says what it sent', async () => {
    const { asked, measure, step } = simulatedEndpoint(1_000_000, 11_000);
    const { end } = await continueRamp([4800, 9600].map(step), measure, options);
    expect(asked).toEqual([14_400]);
    expect(end).toEqual({ kind: 'generator-limit', offeredRate: 14_400, sentRate: 11_000 });
  });

  test('stops after the hard top held, so an endpoint that never fails cannot keep the ramp going', async () => {
    const { asked, measure, step } = simulatedEndpoint(Infinity);
    const { end } = await continueRamp([9600].map(step), measure, options);
    expect(asked).toEqual([14_400, 16_000]);
    expect(end).toEqual({ kind: 'upper-bound', offeredRate: 16_000 });
  });

  test('measures nothing when a planned step already failed', async () => {
    const measure = jest.fn(async (offeredRate: number) => held(offeredRate));
    const { steps, end } = await continueRamp([held(50), failed(100, 0.2)], measure, options);
    expect(measure).not.toHaveBeenCalled();
    expect(end).toEqual({ kind: 'failed' });
    expect(steps).toEqual([held(50), failed(100, 0.2)]);
  });

  test('measures one step at a time: the next rate depends on the last answer', async () => {
    const { call: measure, mostAtOnce } = countingCallsAtOnce((offeredRate: number) => held(offeredRate));
    await continueRamp([held(9600)], measure, options);
    expect(mostAtOnce()).toBe(1);
  });
});
