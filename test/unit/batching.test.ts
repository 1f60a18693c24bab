import { of } from 'rxjs';
import { createBatcher } from '../../src/index.js';
import { observe } from '../support/observe.js';

describe('createBatcher: time or count, whichever comes first', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function recordingBatcher(options: { maxSize: number; maxDelayMs: number }) {
    const calls: number[][] = [];
    const batcher = createBatcher((requests: number[]) => {
      calls.push([...requests]);
      return requests.map((n) => n * 10);
    }, options);
    return { batcher, calls };
  }

  it('dispatches a full batch in the call stack of the submit that filled it', () => {
    const { batcher, calls } = recordingBatcher({ maxSize: 3, maxDelayMs: 1000 });
    void batcher.submit(1);
    void batcher.submit(2);
    expect(calls).toEqual([]);
    void batcher.submit(3);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('dispatches maxDelayMs after the batch’s first request, not its last', () => {
    const { batcher, calls } = recordingBatcher({ maxSize: 100, maxDelayMs: 50 });
    void batcher.submit(1);
    jest.advanceTimersByTime(30);
    void batcher.submit(2);
    jest.advanceTimersByTime(19);
    expect(calls).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(calls).toEqual([[1, 2]]);
  });

  it('starts the next batch’s clock at its own first request', () => {
    const { batcher, calls } = recordingBatcher({ maxSize: 100, maxDelayMs: 50 });
    void batcher.submit(1);
    jest.advanceTimersByTime(50);
    jest.advanceTimersByTime(500); // idle: nothing to send, nothing sent
    void batcher.submit(2);
    jest.advanceTimersByTime(49);
    expect(calls).toEqual([[1]]);
    jest.advanceTimersByTime(1);
    expect(calls).toEqual([[1], [2]]);
  });

  it('answers each caller with its own result', async () => {
    const { batcher } = recordingBatcher({ maxSize: 2, maxDelayMs: 10 });
    const answers = Promise.all([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);
    await jest.advanceTimersByTimeAsync(10);
    await expect(answers).resolves.toEqual([10, 20, 30]);
  });

  it('runs no timer while nothing is queued', async () => {
    const { batcher } = recordingBatcher({ maxSize: 2, maxDelayMs: 10 });
    expect(jest.getTimerCount()).toBe(0);
    const answer = batcher.submit(1);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(10);
    await answer;
    expect(jest.getTimerCount()).toBe(0);
  });

  it('flush() dispatches what is queued at once', () => {
    const { batcher, calls } = recordingBatcher({ maxSize: 100, maxDelayMs: 1000 });
    void batcher.submit(1);
    void batcher.submit(2);
    batcher.flush();
    expect(calls).toEqual([[1, 2]]);
    expect(jest.getTimerCount()).toBe(0);
    batcher.flush(); // nothing queued: no empty batch
    expect(calls).toEqual([[1, 2]]);
  });

  it('accepts a Promise, an Observable or a plain array from the batch function', async () => {
    const viaPromise = createBatcher(async (r: number[]) => r.map(String), { maxSize: 1 });
    const viaObservable = createBatcher((r: number[]) => of(r.map(String)), { maxSize: 1 });
    const viaArray = createBatcher((r: number[]) => r.map(String), { maxSize: 1 });
    await expect(Promise.all([viaPromise.submit(1), viaObservable.submit(2), viaArray.submit(3)])).resolves.toEqual(['1', '2', '3']);
  });

  it('matches a Map result by key(request)', async () => {
    const users = createBatcher(
      (requests: Array<{ id: number }>) => new Map(requests.map(({ id }) => [id, `user ${id}`])),
      { maxSize: 2, key: (request) => request.id },
    );
    await expect(Promise.all([users.submit({ id: 7 }), users.submit({ id: 3 })])).resolves.toEqual(['user 7', 'user 3']);
  });

  it('counts what it did in stats', async () => {
    const batcher = createBatcher((r: number[]) => r.map((n) => (n < 0 ? new Error('negative') : n)), { maxSize: 2, maxDelayMs: 10 });
    const answers = [1, -1, 3].map((n) => observe(batcher.submit(n)));
    // The batch function answered synchronously, so the first batch is settled already.
    expect(batcher.stats).toEqual({ waiting: 0, queued: 1, inFlight: 0, submitted: 3, resolved: 1, rejected: 1, batches: 1, retries: 0, partitions: 1 });
    await jest.advanceTimersByTimeAsync(10);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batcher.stats).toEqual({ waiting: 0, queued: 0, inFlight: 0, submitted: 3, resolved: 2, rejected: 1, batches: 2, retries: 0, partitions: 0 });
  });
});
