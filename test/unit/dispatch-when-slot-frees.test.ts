import { createBatcher } from '../../src/index.js';
import { heldBatchFunction } from '../support/heldBatchFunction.js';

describe('while every concurrency slot is busy, requests keep gathering until a slot frees', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function heldBatcher({ maxSize = 10, concurrency = 1 } = {}) {
    const { batchFunction, calls } = heldBatchFunction();
    const batcher = createBatcher(batchFunction, { maxSize, maxDelayMs: 10, concurrency });
    return { batcher, calls };
  }

  it('sends what arrived during a long call as one batch when it ends, not one half-full batch per maxDelayMs', async () => {
    const { batcher, calls } = heldBatcher();
    void batcher.submit(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(calls.map((c) => c.requests)).toEqual([[1]]);
    for (const n of [2, 3, 4]) {
      void batcher.submit(n);
      await jest.advanceTimersByTimeAsync(15); // each one's maxDelayMs passes while the model is busy
    }
    expect(calls).toHaveLength(1);
    calls[0].answer.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.requests)).toEqual([[1], [2, 3, 4]]);
  });

  it('still cuts a full batch at once, queued behind the busy call', async () => {
    const { batcher, calls } = heldBatcher({ maxSize: 2 });
    [1, 2, 3, 4, 5].forEach((n) => void batcher.submit(n));
    expect(batcher.stats).toMatchObject({ inFlight: 1, queued: 3 });
    calls[0].answer.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.requests)).toEqual([[1, 2], [3, 4]]);
    await jest.advanceTimersByTimeAsync(50);
    calls[1].answer.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.requests)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('waits out maxDelayMs as usual when a slot is free', async () => {
    const { batcher, calls } = heldBatcher();
    void batcher.submit(1);
    await jest.advanceTimersByTimeAsync(9);
    expect(calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.requests)).toEqual([[1]]);
  });

  it('a batch begun while a slot was free still waits out maxDelayMs for company when another slot frees', async () => {
    const { batcher, calls } = heldBatcher({ concurrency: 2 });
    void batcher.submit(1);
    await jest.advanceTimersByTimeAsync(10); // [1] is running; one slot is still free
    void batcher.submit(2);
    calls[0].answer.resolve();
    await jest.advanceTimersByTimeAsync(5);
    expect(calls.map((c) => c.requests)).toEqual([[1]]);
    void batcher.submit(3);
    await jest.advanceTimersByTimeAsync(5);
    expect(calls.map((c) => c.requests)).toEqual([[1], [2, 3]]);
  });

  it('close() sends the gathered requests without waiting for the busy call to free its slot first', async () => {
    const { batcher, calls } = heldBatcher();
    void batcher.submit(1);
    await jest.advanceTimersByTimeAsync(10);
    void batcher.submit(2);
    await jest.advanceTimersByTimeAsync(15);
    const closed = batcher.close();
    calls[0].answer.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.requests)).toEqual([[1], [2]]);
    calls[1].answer.resolve();
    await expect(closed).resolves.toBeUndefined();
  });
});
