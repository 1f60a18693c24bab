// The per-request bench case (bench/cases/per-request.ts) is there to show a batcher that splits a request's
// loads into several batch calls; these cases show it reports one, and passes one that does not.
import { perRequestZeroDelayCase } from '../../bench/cases/per-request.js';
import type { Contender, NumberBatchFunction } from '../../bench/contenders/contender.js';
import { smokeSizes } from '../../bench/sizes.js';

/** A per-request loader that sends its loads in batches of `batchSize`, at the end of the current job. */
function batchingEvery(batchSize: number): Contender {
  const createLoader = (batchFunction: NumberBatchFunction) => {
    const queued: Array<{ request: number; resolve: (result: number) => void }> = [];
    const dispatch = () => {
      const batch = queued.splice(0, batchSize);
      if (queued.length > 0) dispatch();
      void batchFunction(batch.map(({ request }) => request)).then((results) =>
        batch.forEach(({ resolve }, index) => resolve(results[index])),
      );
    };
    return {
      submit: (request: number) =>
        new Promise<number>((resolve) => {
          if (queued.push({ request, resolve }) === 1) queueMicrotask(dispatch);
        }),
    };
  };
  return {
    name: `batches of ${batchSize}`,
    description: 'a test double',
    createStream: () => ({ operator: (items) => items }),
    createPerRequestLoader: createLoader,
  };
}

describe('the per-request bench case', () => {
  const sizes = { ...smokeSizes, perRequest: { ...smokeSizes.perRequest, zeroDelay: { iterations: 20, warmupIterations: 0 } } };
  const realGc = globalThis.gc;
  beforeAll(() => {
    // The case runs a full gc first; jest runs without --expose-gc. A no-op stands in (its overloads need the cast).
    globalThis.gc = (() => undefined) as unknown as NodeJS.GCFunction;
  });
  afterAll(() => {
    globalThis.gc = realGc;
  });

  it('passes a batcher that sends each iteration\'s 5 loads in one call', async () => {
    const measurement = await perRequestZeroDelayCase.measure(batchingEvery(5), sizes);
    expect(measurement.problems).toEqual([]);
    expect(measurement.settled).toBe(100);
    expect(measurement.samples.batchCallsPerIteration).toEqual([1]);
    expect(measurement.samples.itemsPerBatchCall).toEqual([5]);
    expect(measurement.samples.iterationsTimed).toEqual([20]);
  });

  it('reports a batcher that splits them, and how it split them', async () => {
    const measurement = await perRequestZeroDelayCase.measure(batchingEvery(2), sizes);
    expect(measurement.problems).toEqual(['20 of 20 iterations did not send their 5 loads in one batch call']);
    expect(measurement.settled).toBe(100);
    expect(measurement.samples.batchCallsPerIteration).toEqual([3]);
    expect(measurement.samples.itemsPerBatchCall).toEqual([5 / 3]);
  });
});
