// `retry` in createBatcher, in virtual time: what only a batcher has — callers that leave between attempts,
// `close()` with a retry pending, `stats` — on top of the call stage that retry.test.ts covers.
import { of, throwError, timer, map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BatcherClosedError, createBatcher, TimeoutError } from '../../src/index.js';

interface Call {
  readonly frame: number;
  readonly requests: number[];
}

/** Records each call; answers it with `answers[n]` for the n-th call (the last one for every call after). */
function scripted(testScheduler: TestScheduler, calls: Call[], answers: Array<(requests: number[]) => Observable<Array<number | Error>>>) {
  return (requests: number[]) => {
    calls.push({ frame: testScheduler.now(), requests: [...requests] });
    return answers[Math.min(calls.length - 1, answers.length - 1)](requests);
  };
}

const tenTimes = (requests: number[]) => of(requests.map((n) => n * 10));
const failWith = (error: unknown) => () => throwError(() => error);

describe('retry in createBatcher (virtual time)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('rejects a request whose own timeoutMs runs out between attempts with a TimeoutError, and does not re-send it', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [failWith(new Error('down')), tenTimes]);
      const batcher = createBatcher(fn, { maxDelayMs: 0, retry: { count: 1, delayMs: 10 } });
      expectObservable(batcher.submit$(1, { timeoutMs: 7 })).toBe('-------#', undefined,
        new TimeoutError('The request timed out after `timeoutMs` (7 ms) while its batch was running', 7));
      expectObservable(batcher.submit$(2)).toBe('----------(a|)', { a: 20 });
      flush();
      expect(calls).toEqual([{ frame: 0, requests: [1, 2] }, { frame: 10, requests: [2] }]);
      expect(batcher.stats).toMatchObject({ batches: 2, retries: 1, resolved: 1, rejected: 1 });
    });
  });

  it('ends the backoff at once when every caller of the call has left: its slot frees for the next batch', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [failWith(new Error('down')), tenTimes]);
      const batcher = createBatcher(fn, { maxSize: 1, concurrency: 1, retry: { count: 3, delayMs: 100 } });
      expectObservable(batcher.submit$(1, { timeoutMs: 3 })).toBe('---#', undefined,
        new TimeoutError('The request timed out after `timeoutMs` (3 ms) while its batch was running', 3));
      expectObservable(batcher.submit$(2), '-^').toBe('---(a|)', { a: 20 });
      flush();
      expect(calls).toEqual([{ frame: 0, requests: [1] }, { frame: 3, requests: [2] }]);
      expect(batcher.stats).toMatchObject({ inFlight: 0, retries: 0 });
    });
  });

  it('re-sends only the plain submits whose error `when` accepts, and resolves every promise in its place', async () => {
    const throttled = new Error('throttled');
    let answered = 0;
    const fn = (requests: number[]) => requests.map((n) => (answered++ < 4 && n % 2 === 0 ? throttled : n * 10));
    const sent: number[][] = [];
    const batcher = createBatcher((requests: number[]) => (sent.push([...requests]), fn(requests)), {
      maxDelayMs: 0, retry: { count: 1, delayMs: 0, when: (error) => error === throttled },
    });
    await expect(Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)))).resolves.toEqual([10, 20, 30, 40]);
    expect(sent).toEqual([[1, 2, 3, 4], [2, 4]]);
    expect(batcher.stats).toMatchObject({ batches: 2, retries: 1, resolved: 4, rejected: 0 });
  });

  it('settles every caller exactly once across retries, plain and cancellable alike', async () => {
    const throttled = new Error('throttled');
    const batcher = createBatcher((requests: number[]) => requests.map((n) => (n % 3 === 0 ? throttled : n)), { maxSize: 4, maxDelayMs: 0, retry: { count: 1, delayMs: 0, when: (error) => error === throttled } });
    const settles = new Array<number>(12).fill(0);
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => {
      const submitted = i % 2 === 0 ? batcher.submit(i) : batcher.submit(i, { timeoutMs: 10_000 });
      return submitted.then((value) => (settles[i]++, value), (error: unknown) => (settles[i]++, error));
    }));
    expect(settles).toEqual(new Array<number>(12).fill(1));
    // Multiples of 3 fail in their first call and in its retry: their callers get the error itself.
    expect(outcomes).toEqual(Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? throttled : i)));
    expect(batcher.stats.resolved + batcher.stats.rejected).toBe(12);
    await batcher.close();
  });

  describe('close()', () => {
    it('fails a retry waiting out its backoff with BatcherClosedError, the last error as its cause', async () => {
      const down = new Error('down');
      const calls: Call[] = [];
      let closed: Promise<void> | undefined;
      testScheduler.run(({ cold, flush }) => {
        const batcher = createBatcher(scripted(testScheduler, calls, [failWith(down), tenTimes]), {
          maxDelayMs: 0, retry: { count: 2, delayMs: 10 },
        });
        const outcome: unknown[] = [];
        batcher.submit$(1).subscribe({ next: (value) => outcome.push(value), error: (error: unknown) => outcome.push([testScheduler.now(), error]) });
        cold('--x').subscribe(() => {
          closed = batcher.close();
        });
        flush();
        expect(outcome).toHaveLength(1);
        const [frame, error] = outcome[0] as [number, BatcherClosedError];
        expect(frame).toBe(2);
        expect(error).toBeInstanceOf(BatcherClosedError);
        expect(error.message).toBe('The batcher closed before the request was tried again (`retry`): its last attempt failed with the `cause`');
        expect(error.cause).toBe(down);
        expect(batcher.stats).toMatchObject({ batches: 1, retries: 0, inFlight: 0 });
      });
      expect(calls).toHaveLength(1);
      await expect(closed).resolves.toBeUndefined();
    });

    it('starts no retry after close(): a call that fails later rejects with BatcherClosedError, its error as cause', () => {
      testScheduler.run(({ cold, flush }) => {
        const calls: Call[] = [];
        const down = new Error('down');
        const slowFailure = () => timer(5).pipe(map(() => { throw down; }));
        const batcher = createBatcher(scripted(testScheduler, calls, [slowFailure, tenTimes]), {
          maxDelayMs: 0, retry: { count: 2, delayMs: 1 },
        });
        const errors: unknown[] = [];
        batcher.submit$(1).subscribe({ error: (error: unknown) => errors.push(error) });
        cold('--x').subscribe(() => void batcher.close());
        flush();
        expect(calls).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(BatcherClosedError);
        expect((errors[0] as Error).cause).toBe(down);
      });
    });

    it('sends what is queued but not the pending retry, and still resolves', async () => {
      const down = new Error('down');
      let call = 0;
      const batcher = createBatcher((requests: number[]) => {
        if (call++ === 0) throw down;
        return requests;
      }, { maxSize: 1, concurrency: 1, retry: { count: 5, delayMs: 60_000 } });
      // A full batch goes out at once, and its batch function throws at once: the retry waits its 60 s backoff.
      const first = batcher.submit(1);
      const second = batcher.submit(2);
      expect(batcher.stats).toMatchObject({ batches: 1, queued: 1 });
      await batcher.close();
      await expect(second).resolves.toBe(2);
      await expect(first).rejects.toBeInstanceOf(BatcherClosedError);
    });
  });
});
