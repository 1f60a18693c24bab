import { config, Observable } from 'rxjs';
import { BatcherClosedError, createBatcher } from '../../src/index.js';
import { deferred, observe, settleMicrotasks } from '../support/observe.js';

/** Fault injection: the batch function, user callbacks and callers misbehave; every caller still settles once. */
describe('faults', () => {
  it('a thenable that resolves twice, or resolves then rejects, settles each caller once, with the first answer', async () => {
    const twice = createBatcher((requests: number[]) => ({
      then(onFulfilled: (value: number[]) => void, onRejected: (reason: unknown) => void) {
        onFulfilled(requests.map((n) => n + 1));
        onFulfilled(requests.map(() => -1));
        onRejected(new Error('too late'));
      },
    }) as PromiseLike<number[]>, { maxSize: 2 });
    const answers = [observe(twice.submit(1)), observe(twice.submit(2))];
    await settleMicrotasks();
    expect(answers).toEqual([{ status: 'fulfilled', value: 2 }, { status: 'fulfilled', value: 3 }]);
    expect(twice.stats).toMatchObject({ resolved: 2, rejected: 0 });
  });

  it('a caller aborting from inside the batch function rejects at once; the others still get their results', async () => {
    const controller = new AbortController();
    const batcher = createBatcher((requests: number[]) => {
      controller.abort(new Error('left mid-call'));
      return requests.map((n) => n * 2);
    }, { maxSize: 2 });
    const leaving = batcher.submit(1, { signal: controller.signal });
    const staying = batcher.submit(2);
    await expect(leaving).rejects.toThrow('left mid-call');
    await expect(staying).resolves.toBe(4);
    expect(batcher.stats).toMatchObject({ resolved: 1, rejected: 1, submitted: 2 });
  });

  it('close() called from inside the batch function drains and resolves', async () => {
    let closing: Promise<void> | undefined;
    const batcher = createBatcher(async (requests: number[]) => {
      closing ??= batcher.close();
      return requests;
    }, { maxSize: 2 });
    const answers = Promise.all([batcher.submit(1), batcher.submit(2)]); // fills the batch: the call closes
    const tooLate = batcher.submit(3);
    await expect(answers).resolves.toEqual([1, 2]);
    await expect(tooLate).rejects.toBeInstanceOf(BatcherClosedError);
    await expect(closing).resolves.toBeUndefined();
  });

  it('a submit re-entering from the batch function after close() is refused, not lost', async () => {
    const reentrant: Array<Promise<number>> = [];
    const batcher = createBatcher((requests: number[]) => {
      if (requests[0] === 1) {
        void batcher.close();
        reentrant.push(batcher.submit(99));
      }
      return requests;
    }, { maxSize: 1 });
    await expect(batcher.submit(1)).resolves.toBe(1);
    await expect(reentrant[0]).rejects.toBeInstanceOf(BatcherClosedError);
  });

  it('a submit from a caller’s own .then, while close() is draining, is refused with BatcherClosedError', async () => {
    const backend = deferred<void>();
    const batcher = createBatcher(async (requests: number[]) => {
      await backend.promise;
      return requests;
    }, { maxSize: 10, maxDelayMs: 1000 });
    const followUp = batcher.submit(1).then(() => batcher.submit(2));
    const closed = batcher.close();
    backend.resolve();
    await expect(followUp).rejects.toBeInstanceOf(BatcherClosedError);
    await closed;
  });

  it('close() twice, before and after it resolved, returns the same settled promise', async () => {
    const batcher = createBatcher((r: number[]) => r);
    const first = batcher.close();
    await first;
    expect(batcher.close()).toBe(first);
  });

  it('a subscriber of submit$ that throws does not keep the rest of its batch from being answered', async () => {
    const reported: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (error) => reported.push(error);
    try {
      const batcher = createBatcher((r: number[]) => r, { maxSize: 3 });
      batcher.submit$(1).subscribe(() => { throw new Error('subscriber bug'); });
      const others = Promise.all([batcher.submit(2), batcher.submit(3)]);
      await expect(others).resolves.toEqual([2, 3]);
      await new Promise((resolve) => setTimeout(resolve, 0)); // RxJS reports subscriber errors on a timer
      expect(reported).toEqual([new Error('subscriber bug')]);
    } finally {
      config.onUnhandledError = previous;
    }
  });

  it('a key() that throws a non-Error rejects its own request with an Error that keeps it as cause', async () => {
    const batcher = createBatcher((r: number[]) => new Map(r.map((n) => [n, n])), {
      maxSize: 2,
      key: (n) => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a key() that throws a non-Error is the case under test
        if (n === 2) throw 'no key for 2';
        return n;
      },
    });
    const [one, two] = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(one).toEqual({ status: 'fulfilled', value: 1 });
    const reason = (two as PromiseRejectedResult).reason as Error;
    expect(reason.message).toBe('`key` threw `"no key for 2"` (string)');
    expect(reason.cause).toBe('no key for 2');
  });

  it('a thenable whose `then` throws fails only its own batch; the batcher keeps working', async () => {
    let call = 0;
    const batcher = createBatcher((ids: number[]) => {
      call++;
      if (call === 1) return { then() { throw new Error('broken thenable'); } };
      return ids;
    }, { maxSize: 1 });
    await expect(batcher.submit(1)).rejects.toThrow('broken thenable');
    await expect(batcher.submit(2)).resolves.toBe(2);
    await expect(batcher.close()).resolves.toBeUndefined();
  });

  it('an Observable whose subscribe throws fails only its own batch', async () => {
    let call = 0;
    const batcher = createBatcher((ids: number[]) => {
      call++;
      if (call === 1) return new Observable<number[]>(() => { throw new Error('broken subscribe'); });
      return ids;
    }, { maxSize: 1 });
    await expect(batcher.submit(1)).rejects.toThrow('broken subscribe');
    await expect(batcher.submit(2)).resolves.toBe(2);
  });

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('holds the slot of a call whose every caller left while it was still running, until its timeoutMs', async () => {
      const controller = new AbortController();
      let signal: AbortSignal | undefined;
      const batcher = createBatcher((ids: number[], context) => {
        if (ids[0] === 1) {
          signal = context.signal;
          controller.abort(new Error('gone'));
          return new Promise<number[]>(() => {}); // ignores its signal and never answers
        }
        return ids;
      }, { maxSize: 1, concurrency: 1, timeoutMs: 50 });
      const left = observe(batcher.submit(1, { signal: controller.signal }));
      const next = observe(batcher.submit(2));
      await jest.advanceTimersByTimeAsync(0);
      expect(left.reason).toEqual(new Error('gone'));
      expect(signal?.aborted).toBe(true);
      expect(next.status).toBe('pending');
      expect(batcher.stats.inFlight).toBe(1);
      await jest.advanceTimersByTimeAsync(49);
      expect(next.status).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      expect(next).toEqual({ status: 'fulfilled', value: 2 });
      expect(batcher.stats.inFlight).toBe(0);
    });
  });
});

