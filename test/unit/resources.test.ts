import { BatcherClosedError, createBatcher, QueueFullError } from '../../src/index.js';
import { heldBatchFunction } from '../support/heldBatchFunction.js';
import { deferred, observe, type Deferred } from '../support/observe.js';

describe('bounded resources', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never runs more than `concurrency` batch function calls at once', async () => {
    const calls: Array<Deferred<void> | undefined> = [];
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
      calls[index]?.resolve();
      calls[index] = undefined;
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
      'The queue is full: `maxQueueSize` (3) requests are already waiting for dispatch. ' +
        "Raise `maxQueueSize`, pass `onQueueFull: 'wait'` to make `submit` wait for room, or shed the load (answer 503)",
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

  describe("onQueueFull: 'wait'", () => {
    function heldBatcher() {
      const { batchFunction, calls } = heldBatchFunction();
      const batcher = createBatcher(batchFunction, { maxSize: 2, maxDelayMs: 10, concurrency: 1, maxQueueSize: 2, onQueueFull: 'wait' });
      return { batcher, calls };
    }

    it('makes submit wait for room instead of rejecting, first come first served', async () => {
      const { batcher, calls } = heldBatcher();
      const answers = [1, 2, 3, 4, 5, 6].map((n) => observe(batcher.submit(n))); // 1 2 in flight, 3 4 queued, 5 6 wait
      expect(batcher.stats).toMatchObject({ inFlight: 1, queued: 2, waiting: 2 });
      calls[0].answer.resolve();
      await jest.advanceTimersByTimeAsync(0);
      expect(calls.map((call) => call.requests)).toEqual([[1, 2], [3, 4]]);
      expect(batcher.stats).toMatchObject({ queued: 2, waiting: 0 });
      calls[1].answer.resolve();
      await jest.advanceTimersByTimeAsync(0);
      calls[2].answer.resolve();
      await jest.advanceTimersByTimeAsync(0);
      expect(calls.map((call) => call.requests)).toEqual([[1, 2], [3, 4], [5, 6]]);
      expect(answers.map((a) => a.value)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('lets a waiting request time out or be aborted, with a message that says where it was', async () => {
      const { batcher, calls } = heldBatcher();
      [1, 2, 3, 4].forEach((n) => void batcher.submit(n));
      const impatient = observe(batcher.submit(5, { timeoutMs: 20 }));
      const controller = new AbortController();
      const aborted = observe(batcher.submit(6, { signal: controller.signal }));
      const patient = observe(batcher.submit(7));
      controller.abort('changed my mind');
      await jest.advanceTimersByTimeAsync(20);
      expect((impatient.reason as Error).message).toBe(
        'The request timed out after `timeoutMs` (20 ms) while waiting for room in the queue',
      );
      expect(aborted.reason).toBe('changed my mind');
      expect(batcher.stats.waiting).toBe(1);
      calls[0].answer.resolve();
      await jest.advanceTimersByTimeAsync(10);
      calls[1].answer.resolve();
      await jest.advanceTimersByTimeAsync(10);
      expect(calls.map((call) => call.requests)).toEqual([[1, 2], [3, 4], [7]]);
      calls[2].answer.resolve();
      await jest.advanceTimersByTimeAsync(0);
      expect(patient.value).toBe(7);
    });

    it('admits a newcomer when everyone ahead of it left', async () => {
      const batcher = createBatcher((r: number[]) => r, { maxSize: 10, maxDelayMs: 10, maxQueueSize: 1, onQueueFull: 'wait' });
      const controller = new AbortController();
      batcher.submit(1).catch(() => {});
      batcher.submit(2, { signal: controller.signal }).catch(() => {}); // waits behind 1
      controller.abort();
      await jest.advanceTimersByTimeAsync(10); // 1 goes out; the line is empty but for a request that left
      const newcomer = observe(batcher.submit(3));
      await jest.advanceTimersByTimeAsync(10);
      expect(newcomer).toEqual({ status: 'fulfilled', value: 3 });
    });

    it('close() rejects requests still waiting for room with BatcherClosedError, and drains the queue', async () => {
      const { batcher, calls } = heldBatcher();
      const accepted = [1, 2, 3, 4].map((n) => observe(batcher.submit(n)));
      const waiting = observe(batcher.submit(5));
      const closed = observe(batcher.close());
      await jest.advanceTimersByTimeAsync(0);
      expect(waiting.reason).toEqual(new BatcherClosedError("The batcher closed while the request waited for room in the queue (`onQueueFull: 'wait'`)"));
      calls[0].answer.resolve();
      await jest.advanceTimersByTimeAsync(0);
      calls[1].answer.resolve();
      await jest.advanceTimersByTimeAsync(0);
      expect(accepted.map((a) => a.value)).toEqual([1, 2, 3, 4]);
      expect(closed.status).toBe('fulfilled');
      expect(batcher.stats).toMatchObject({ waiting: 0, queued: 0, inFlight: 0 });
    });
  });
});
