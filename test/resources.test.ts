import { createBatcher, QueueFullError } from '../src/index.js';
import { deferred, observe, type Deferred } from './support/observe.js';

describe('bounded resources', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never runs more than `concurrency` batch function calls at once', async () => {
    const calls: Deferred<void>[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const batcher = createBatcher(async (requests: number[]) => {
      mostAtOnce = Math.max(mostAtOnce, ++running);
      const call = deferred<void>();
      calls.push(call);
      await call.promise;
      running--;
      return requests;
    }, { maxSize: 2, maxDelayMs: 5, concurrency: 3 });

    const answers = Promise.all(Array.from({ length: 20 }, (_, i) => batcher.submit(i)));
    expect(calls).toHaveLength(3);
    expect(batcher.stats).toMatchObject({ inFlight: 3, queued: 14 });
    while (calls.some((call) => call !== undefined)) {
      const index = calls.findIndex((call) => call !== undefined);
      calls[index].resolve();
      delete calls[index];
      await jest.advanceTimersByTimeAsync(0);
    }
    await expect(answers).resolves.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(mostAtOnce).toBe(3);
  });

  it('rejects past maxQueueSize with a QueueFullError, and takes requests again once there is room', async () => {
    const backend = deferred<void>();
    const batcher = createBatcher(async (requests: number[]) => {
      await backend.promise;
      return requests;
    }, { maxSize: 2, maxDelayMs: 50, concurrency: 1, maxQueueSize: 3 });

    const accepted = [1, 2, 3, 4, 5].map((n) => observe(batcher.submit(n))); // 1 and 2 are in flight, 3 4 5 wait
    expect(batcher.stats).toMatchObject({ queued: 3, inFlight: 1 });
    const refused = await batcher.submit(6).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueueFullError);
    expect((refused as QueueFullError).message).toBe(
      'The queue is full: `maxQueueSize` (3) requests are already waiting for dispatch',
    );
    expect((refused as QueueFullError).name).toBe('QueueFullError');
    expect((refused as QueueFullError).maxQueueSize).toBe(3);
    expect(batcher.stats.submitted).toBe(5);

    backend.resolve();
    await jest.advanceTimersByTimeAsync(50);
    expect(accepted.map((a) => a.value)).toEqual([1, 2, 3, 4, 5]);
    const sixth = batcher.submit(6);
    await jest.advanceTimersByTimeAsync(50);
    await expect(sixth).resolves.toBe(6);
  });

  it('frees a queue slot when a queued request is withdrawn', () => {
    const batcher = createBatcher((r: number[]) => r, { maxSize: 10, maxDelayMs: 50, maxQueueSize: 1 });
    const controller = new AbortController();
    batcher.submit(1, { signal: controller.signal }).catch(() => {});
    controller.abort();
    expect(batcher.stats.queued).toBe(0);
    return expect(Promise.race([batcher.submit(2), jest.advanceTimersByTimeAsync(50).then(() => 'timer')])).resolves.toBe(2);
  });
});
