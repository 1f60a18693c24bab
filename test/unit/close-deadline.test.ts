import { BatcherClosedError, createBatcher, type BatchContext } from '../../src/index.js';
import { deferred, observe } from '../support/observe.js';

const stillRunning = new BatcherClosedError(
  "The batcher closed while its batch was still running: `close({ deadlineMs })`'s deadline (100 ms) passed",
);
const notStarted = new BatcherClosedError(
  "The batcher closed before its batch started: `close({ deadlineMs })`'s deadline (100 ms) passed",
);

describe('close({ deadlineMs }): a shutdown with a grace period', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A batcher with one call slot whose batch function answers only when told to, and records its signals. */
  function slowBatcher(options: { timeoutMs?: number } = {}) {
    const signals: AbortSignal[] = [];
    const started: number[][] = [];
    const answers = [deferred<number[]>(), deferred<number[]>()];
    const batcher = createBatcher((requests: number[], context: BatchContext) => {
      signals.push(context.signal);
      started.push([...requests]);
      return answers[started.length - 1].promise;
    }, { maxSize: 1, concurrency: 1, ...options });
    return { batcher, signals, started, answers };
  }

  it('waits for a running call to return when it returns before the deadline', async () => {
    const { batcher, answers } = slowBatcher();
    const answer = observe(batcher.submit(1));
    const closed = observe(batcher.close({ deadlineMs: 100 }));
    await jest.advanceTimersByTimeAsync(50);
    expect(closed.status).toBe('pending');
    answers[0].resolve([10]);
    await jest.advanceTimersByTimeAsync(0);
    expect(answer).toEqual({ status: 'fulfilled', value: 10 });
    expect(closed.status).toBe('fulfilled');
    expect(jest.getTimerCount()).toBe(0); // the deadline's timer does not outlive the close
  });

  it('gives up at the deadline: aborts running calls, rejects their callers and those not sent, resolves', async () => {
    const { batcher, signals, started } = slowBatcher();
    const running = observe(batcher.submit(1));
    const notSent = observe(batcher.submit(2)); // waits for the one slot
    const closed = observe(batcher.close({ deadlineMs: 100 }));
    await jest.advanceTimersByTimeAsync(99);
    expect(closed.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(running.reason).toEqual(stillRunning);
    expect(signals[0].aborted).toBe(true);
    expect(signals[0].reason).toEqual(stillRunning);
    expect(notSent.reason).toEqual(notStarted);
    expect(started).toEqual([[1]]); // nothing is sent after the deadline
    expect(closed.status).toBe('fulfilled');
    expect(batcher.stats).toMatchObject({ queued: 0, inFlight: 0, submitted: 2, resolved: 0, rejected: 2, batches: 1 });
  });

  it('a later close() may set the deadline, and returns the same promise', async () => {
    const { batcher } = slowBatcher();
    const running = observe(batcher.submit(1));
    const first = batcher.close();
    const second = batcher.close({ deadlineMs: 100 });
    expect(second).toBe(first);
    await jest.advanceTimersByTimeAsync(100);
    expect(running.reason).toEqual(stillRunning);
    await expect(first).resolves.toBeUndefined();
  });

  it('without a deadline, close() waits for a call whose callers all left', async () => {
    const { batcher, answers } = slowBatcher();
    const controller = new AbortController();
    batcher.submit(1, { signal: controller.signal }).catch(() => {});
    controller.abort(new Error('client left'));
    const closed = observe(batcher.close());
    await jest.advanceTimersByTimeAsync(60_000);
    expect(closed.status).toBe('pending');
    expect(batcher.stats.inFlight).toBe(1);
    answers[0].resolve([10]);
    await jest.advanceTimersByTimeAsync(0);
    expect(closed.status).toBe('fulfilled');
  });

  it('timeoutMs bounds the wait too', async () => {
    const { batcher } = slowBatcher({ timeoutMs: 30 });
    batcher.submit(1).catch(() => {});
    const closed = observe(batcher.close());
    await jest.advanceTimersByTimeAsync(30);
    expect(closed.status).toBe('fulfilled');
  });

  it.each([
    [{ deadlineMs: -1 }, new RangeError('Expected `deadlineMs` to be a number from 0 to 2147483647, got `-1` (number)')],
    [{ deadlineMs: '5' }, new TypeError('Expected `deadlineMs` to be a number from 0 to 2147483647, got `"5"` (string)')],
    [{ deadlineMs: NaN }, new RangeError('Expected `deadlineMs` to be a number from 0 to 2147483647, got `NaN` (number)')],
    [{ deadline: 5 }, new TypeError('Unknown `close` option `deadline`; the options are `deadlineMs`')],
    [5, new TypeError('Expected `close` options to be an object, got `5` (number)')],
  ])('rejects close(%p) with an exact error and stays open', async (options, expected) => {
    const batcher = createBatcher((r: number[]) => r);
    const error = await batcher.close(options as never).catch((e: unknown) => e);
    expect(error).toEqual(expected);
    expect(error).toBeInstanceOf(expected.constructor);
    const answer = observe(batcher.submit(1));
    await jest.advanceTimersByTimeAsync(10);
    expect(answer).toEqual({ status: 'fulfilled', value: 1 });
  });
});
