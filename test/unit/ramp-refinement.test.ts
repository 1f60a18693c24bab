import { HEALTHY_FAILURE_RATIO, withOfferedRates } from '../../examples/model-serving/ramp-plan.js';
import {
  nextRefinementRate,
  peakBracket,
  refinePeak,
  type MeasuredRate,
} from '../../examples/model-serving/ramp-refinement.js';
import { countingCallsAtOnce } from '../support/callsAtOnce.js';

const healthy = (offeredRate: number): MeasuredRate => ({ offeredRate, failureRatio: 0 });
const failing = (offeredRate: number, failureRatio = 0.0059): MeasuredRate => ({ offeredRate, failureRatio });

/** An endpoint that holds up to `capacity` requests/s and fails past it; records the rates it was asked for. */
function simulatedEndpoint(capacity: number) {
  const asked: number[] = [];
  const measure = async (offeredRate: number): Promise<MeasuredRate> => {
    asked.push(offeredRate);
    return { offeredRate, failureRatio: offeredRate <= capacity ? 0 : 0.05 };
  };
  return { asked, measure, coarseStep: (offeredRate: number) => ({ offeredRate, failureRatio: offeredRate <= capacity ? 0 : 0.05 }) };
}

describe('peakBracket', () => {
  test('is the first failing step and the healthy step just below it, whatever order the steps come in', () => {
    expect(peakBracket([healthy(800), failing(4800), healthy(3200), healthy(1600), failing(5600, 0.2)])).toEqual({ healthyRate: 3200, failingRate: 4800 });
  });

  test('counts a step at exactly 0.1% failures as healthy, and one just above as failing', () => {
    expect(peakBracket([healthy(100), failing(200, HEALTHY_FAILURE_RATIO), failing(400, HEALTHY_FAILURE_RATIO + 1e-9)])).toEqual({ healthyRate: 200, failingRate: 400 });
  });

  test('ignores a healthy step above a failing one: the peak counts an unbroken healthy run from the lowest rate', () => {
    expect(peakBracket([healthy(100), failing(200), healthy(400), failing(800, 0.5)])).toEqual({ healthyRate: 100, failingRate: 200 });
  });

  test('is undefined when every step was healthy, when the lowest step failed, and with no steps', () => {
    expect(peakBracket([healthy(50), healthy(100)])).toBeUndefined();
    expect(peakBracket([failing(50), healthy(100)])).toBeUndefined();
    expect(peakBracket([])).toBeUndefined();
  });
});

describe('nextRefinementRate', () => {
  test('is the geometric mean of the bracket, rounded to whole requests per second', () => {
    expect(nextRefinementRate([healthy(3200), failing(4800)], 0.1)).toBe(3919);
    expect(nextRefinementRate([healthy(100), failing(200)], 0.1)).toBe(141);
  });

  test('is undefined once the bracket is within the tolerance', () => {
    expect(nextRefinementRate([healthy(1000), failing(1100)], 0.1)).toBeUndefined();
    expect(nextRefinementRate([healthy(1000), failing(1101)], 0.1)).toBe(1049);
  });

  test('is undefined when the bracket is two adjacent integers, which no whole rate splits', () => {
    expect(nextRefinementRate([healthy(1), failing(2)], 0.1)).toBeUndefined();
  });

  test('is undefined with no bracket', () => {
    expect(nextRefinementRate([healthy(50), healthy(100)], 0.1)).toBeUndefined();
  });
});

describe('refinePeak', () => {
  test("finds the seed's batched peak within 10% where the coarse ramp lost a third of it to one failing step", async () => {
    // The run in issue 12: healthy to 3,200/s, 0.59% failures at 4,800/s, the summary's peak stuck at 3,200.
    const { asked, measure, coarseStep } = simulatedEndpoint(4_600);
    const coarse = [800, 1600, 3200, 4800].map(coarseStep);

    const steps = await refinePeak(coarse, measure, { tolerance: 0.1, maxSteps: 4 });

    expect(asked).toEqual([3919, 4337, 4563]);
    expect(peakBracket(steps)).toEqual({ healthyRate: 4563, failingRate: 4800 });
    expect(steps.map((step) => step.offeredRate)).toEqual([800, 1600, 3200, 3919, 4337, 4563, 4800]);
  });

  test('brackets the capacity within 10% for capacities anywhere between two coarse steps', async () => {
    for (let capacity = 1600; capacity < 3200; capacity += 37) {
      const { measure, coarseStep } = simulatedEndpoint(capacity);
      const steps = await refinePeak([400, 800, 1600, 3200].map(coarseStep), measure, { tolerance: 0.1, maxSteps: 4 });
      const bracket = peakBracket(steps)!;
      expect(bracket.healthyRate).toBeLessThanOrEqual(capacity);
      expect(bracket.failingRate).toBeGreaterThan(capacity);
      expect(bracket.failingRate / bracket.healthyRate).toBeLessThanOrEqual(1.1);
    }
  });

  test('measures nothing when the coarse steps already bracket the peak within the tolerance, or do not bracket it', async () => {
    for (const coarse of [[healthy(1000), failing(1050)], [healthy(100), healthy(200)], [failing(50)], []]) {
      const measure = jest.fn(async (offeredRate: number) => healthy(offeredRate));
      await refinePeak(coarse, measure, { tolerance: 0.1, maxSteps: 4 });
      expect(measure).not.toHaveBeenCalled();
    }
  });

  test('stops after maxSteps extra steps even if the bracket is still wider than the tolerance', async () => {
    const { asked, measure } = simulatedEndpoint(1_000_000);
    const steps = await refinePeak([healthy(1), failing(1_000_000_000)], measure, { tolerance: 0.1, maxSteps: 3 });
    expect(asked).toHaveLength(3);
    expect(steps).toHaveLength(5);
  });

  test('measures one step at a time: the next rate depends on the last answer', async () => {
    const { call: measure, mostAtOnce } = countingCallsAtOnce((offeredRate: number) => failing(offeredRate));
    await refinePeak([healthy(100), failing(800)], measure, { tolerance: 0.1, maxSteps: 4 });
    expect(mostAtOnce()).toBe(1);
  });
});

describe('withOfferedRates', () => {
  test('adds rates to a plan in order, each once, and keeps the step length', () => {
    const plan = { offeredRates: [50, 100, 200], stepSeconds: 3, maxOfferedRate: 1000 };
    expect(withOfferedRates(plan, [141, 100, 141])).toEqual({ offeredRates: [50, 100, 141, 200], stepSeconds: 3, maxOfferedRate: 1000 });
    expect(withOfferedRates(plan, [])).toEqual(plan);
  });
});
