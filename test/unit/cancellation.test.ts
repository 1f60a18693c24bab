import { createBatcher, TimeoutError, type BatchContext } from '../../src/index.js';
import { deferred, observe } from '../support/observe.js';

describe('cancellation: an AbortSignal or timeoutMs on one request', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function heldBatcher(options: { maxSize: number; maxDelayMs: number }) {
    const seen: number[][] = [];
    const contexts: BatchContext[] = [];
    const backend = deferred<void>();
    const batcher = createBatcher(async (requests: number[], context) => {
      seen.push([...requests]);
      contexts.push(context);
      await backend.promise;
      return requests.map((n) => n * 2);
    }, options);
    return { batcher, seen, contexts, backend };
  }

  it('withdraws a request aborted before dispatch: its caller rejects at once with the reason, the batch function never sees it', async () => {
    const { batcher, seen, backend } = heldBatcher({ maxSize: 10, maxDelayMs: 50 });
    const controller = new AbortController();
    const kept = observe(batcher.submit(1));
    const withdrawn = observe(batcher.submit(2, { signal: controller.signal }));
    const reason = new Error('user navigated away');
    controller.abort(reason);
    await jest.advanceTimersByTimeAsync(0);
    expect(withdrawn).toEqual({ status: 'rejected', reason });
    expect(batcher.stats.queued).toBe(1);
    await jest.advanceTimersByTimeAsync(50);
    expect(seen).toEqual([[1]]);
    backend.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(kept).toEqual({ status: 'fulfilled', value: 2 });
  });

  it('calls nothing when every request of a batch was withdrawn (no empty batch)', async () => {
    const { batcher, seen } = heldBatcher({ maxSize: 10, maxDelayMs: 50 });
    const controller = new AbortController();
    const answers = [1, 2].map((n) => observe(batcher.submit(n, { signal: controller.signal })));
    controller.abort();
    await jest.advanceTimersByTimeAsync(50);
    expect(seen).toEqual([]);
    expect(answers.map((a) => (a.reason as Error).name)).toEqual(['AbortError', 'AbortError']);
    expect(batcher.stats).toMatchObject({ queued: 0, batches: 0, rejected: 2 });
  });

  it('rejects at once, and leaves the rest of the batch alone, when aborted after dispatch', async () => {
    const { batcher, seen, contexts, backend } = heldBatcher({ maxSize: 2, maxDelayMs: 50 });
    const controller = new AbortController();
    const leaving = observe(batcher.submit(1, { signal: controller.signal }));
    const staying = observe(batcher.submit(2));
    expect(seen).toEqual([[1, 2]]);
    controller.abort(new Error('gave up'));
    await jest.advanceTimersByTimeAsync(0);
    expect(leaving).toEqual({ status: 'rejected', reason: new Error('gave up') });
    expect(staying.status).toBe('pending');
    expect(contexts[0].signal.aborted).toBe(false); // someone still waits for this call
    backend.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(staying).toEqual({ status: 'fulfilled', value: 4 });
    expect(batcher.stats).toMatchObject({ resolved: 1, rejected: 1 });
  });

  it('aborts the batch function’s signal once every caller of the call has left', async () => {
    const { batcher, contexts } = heldBatcher({ maxSize: 2, maxDelayMs: 50 });
    const first = new AbortController();
    const second = new AbortController();
    batcher.submit(1, { signal: first.signal }).catch(() => {});
    batcher.submit(2, { signal: second.signal }).catch(() => {});
    first.abort();
    expect(contexts[0].signal.aborted).toBe(false);
    second.abort('both gone');
    expect(contexts[0].signal.aborted).toBe(true);
    expect(contexts[0].signal.reason).toBe('both gone');
  });

  it('keeps the call’s concurrency slot until the batch function returns, though every caller has left', async () => {
    const log: string[] = [];
    const backend = deferred<number[]>();
    const batcher = createBatcher((requests: number[]) => {
      log.push(`start ${requests.join()}`);
      return requests[0] === 1 ? backend.promise.then((r) => (log.push('end 1'), r)) : requests;
    }, { maxSize: 1, concurrency: 1 });
    const controller = new AbortController();
    const left = observe(batcher.submit(1, { signal: controller.signal }));
    const next = observe(batcher.submit(2));
    controller.abort(new Error('client left'));
    await Promise.resolve();
    expect(left.reason).toEqual(new Error('client left')); // the caller is answered at once
    expect(log).toEqual(['start 1']); // but [2] does not start beside the running call
    expect(batcher.stats.inFlight).toBe(1);
    expect(next.status).toBe('pending');
    backend.resolve([10]);
    await jest.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
    expect(next).toEqual({ status: 'fulfilled', value: 2 });
    expect(batcher.stats).toMatchObject({ inFlight: 0, resolved: 1, rejected: 1 });
  });

  it('rejects an already-aborted signal at once without queueing', async () => {
    const { batcher, seen } = heldBatcher({ maxSize: 1, maxDelayMs: 0 });
    const reason = new Error('too late');
    await expect(batcher.submit(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(seen).toEqual([]);
    expect(batcher.stats.queued).toBe(0);
  });

  it('times a request out while queued with a TimeoutError, and the batch function never sees it', async () => {
    const { batcher, seen } = heldBatcher({ maxSize: 10, maxDelayMs: 100 });
    const impatient = observe(batcher.submit(1, { timeoutMs: 30 }));
    void batcher.submit(2);
    await jest.advanceTimersByTimeAsync(30);
    expect(impatient.reason).toEqual(new TimeoutError('The request timed out after `timeoutMs` (30 ms) while queued', 30));
    expect((impatient.reason as TimeoutError).timeoutMs).toBe(30);
    await jest.advanceTimersByTimeAsync(70);
    expect(seen).toEqual([[2]]);
  });

  it('times a request out while its batch runs, leaving the others waiting', async () => {
    const { batcher, backend } = heldBatcher({ maxSize: 2, maxDelayMs: 100 });
    const impatient = observe(batcher.submit(1, { timeoutMs: 30 }));
    const patient = observe(batcher.submit(2));
    await jest.advanceTimersByTimeAsync(30);
    expect((impatient.reason as Error).message).toBe('The request timed out after `timeoutMs` (30 ms) while its batch was running');
    expect(patient.status).toBe('pending');
    backend.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(patient).toEqual({ status: 'fulfilled', value: 4 });
  });

  it('removes its abort listener and timer once the request settles', async () => {
    const batcher = createBatcher((r: number[]) => r, { maxSize: 1 });
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, 'removeEventListener');
    await batcher.submit(1, { signal: controller.signal, timeoutMs: 1000 });
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each([
    ['a signal that is not an AbortSignal', { signal: 'stop' }, 'Expected `signal` to be an AbortSignal, got `"stop"` (string)'],
    ['a negative timeoutMs', { timeoutMs: -1 }, 'Expected `timeoutMs` to be a number above 0, up to 2147483647, got `-1` (number)'],
    ['options that are not an object', 7, 'Expected `submit` options to be an object, got `7` (number)'],
  ])('rejects submit with %s', async (_name, submitOptions, message) => {
    const batcher = createBatcher((r: number[]) => r);
    await expect(batcher.submit(1, submitOptions as never)).rejects.toThrow(message);
    expect(batcher.stats.submitted).toBe(0);
  });
});
