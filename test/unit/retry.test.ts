// `retry` in the operators, in virtual time: a batch that fails as a whole is tried again after a backoff that
// runs on the scheduler, and with `when`, so are the requests that fail on their own. The batcher's side
// (callers that leave, `close`, `stats`) is in retry-batcher.test.ts.
import { Observable, of, throwError, timer, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  BatchResultError,
  batchRequests,
  batchRequestsSettled,
  RequestFailedError,
  TimeoutError,
  type BatchContext,
} from '../../src/index.js';

/** One batch function call as the test saw it. */
interface Call {
  readonly frame: number;
  readonly requests: number[];
  readonly attempt: number;
}

/**
 * A batch function that records its calls and answers the n-th with `answers[n]` (the last one for every call
 * after), given the requests: what it returns is what the batch function returns.
 */
function scripted(testScheduler: TestScheduler, calls: Call[], answers: Array<(requests: number[], context: BatchContext) => unknown>) {
  return (requests: number[], context: BatchContext) => {
    calls.push({ frame: testScheduler.now(), requests: [...requests], attempt: context.attempt });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return answer(requests, context) as Observable<number[]>;
  };
}

const tenTimes = (requests: number[]) => of(requests.map((n) => n * 10));
const failWith = (error: unknown) => () => throwError(() => error);

/** A fixed list of "random" numbers, so jitter is the same every run. */
function seeded(...values: number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length];
}

describe('retry in batchRequests and batchRequestsSettled (virtual time)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('retries a failed batch after an exponential backoff, capped at maxBackoffMs, shortened by seeded jitter', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const calls: Call[] = [];
      const down = new Error('backend down');
      const fn = scripted(testScheduler, calls, [failWith(down), failWith(down), failWith(down), tenTimes]);
      const retry = { count: 3, delayMs: 10, maxBackoffMs: 25, jitter: 0.5, random: seeded(0, 0.5, 0.4) };
      // Waits: 10 × (1 − 0.5 × 0) = 10; 20 × (1 − 0.5 × 0.5) = 15; min(40, 25) × (1 − 0.5 × 0.4) = 20.
      expectObservable(cold('(ab|)', { a: 1, b: 2 }).pipe(batchRequests(fn, { maxDelayMs: 0, retry }))).toBe(
        '-'.repeat(45) + '(xy|)', { x: 10, y: 20 },
      );
      flush();
      expect(calls).toEqual([
        { frame: 0, requests: [1, 2], attempt: 1 },
        { frame: 10, requests: [1, 2], attempt: 2 },
        { frame: 25, requests: [1, 2], attempt: 3 },
        { frame: 45, requests: [1, 2], attempt: 4 },
      ]);
    });
  });

  it("waits delayMs every time with backoff: 'fixed'", () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [failWith(new Error('x')), failWith(new Error('x')), tenTimes]);
      cold('a|', { a: 1 }).pipe(batchRequests(fn, { maxDelayMs: 0, retry: { count: 2, delayMs: 7, backoff: 'fixed' } })).subscribe();
      flush();
      expect(calls.map((call) => call.frame)).toEqual([0, 7, 14]);
    });
  });

  it('gives the caller the last error itself, unchanged, once count retries have failed', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const calls: Call[] = [];
      const errors = [new Error('first'), new Error('second'), new Error('third')];
      const fn = scripted(testScheduler, calls, errors.map(failWith));
      const settled = cold('a|', { a: 1 }).pipe(batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 2, delayMs: 1 } }));
      expectObservable(settled).toBe('---(s|)', { s: { request: 1, status: 'rejected', reason: errors[2] } });
      flush();
      expect(calls).toHaveLength(3);
    });
  });

  it('gives the caller a thrown non-Error value unchanged when every attempt fails with it', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const fn = () => throwError(() => 'plain string');
      const settled = cold('a|', { a: 1 }).pipe(batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 1, delayMs: 1 } }));
      expectObservable(settled).toBe('-(s|)', { s: { request: 1, status: 'rejected', reason: 'plain string' } });
    });
  });

  it('without `when`, retries whole-batch failures and not per-request ones', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const calls: Call[] = [];
      const notFound = new Error('not found');
      const fn = scripted(testScheduler, calls, [(requests) => of(requests.map((n) => (n === 2 ? notFound : n * 10)))]);
      const settled = cold('(ab|)', { a: 1, b: 2 }).pipe(batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 3, delayMs: 5 } }));
      expectObservable(settled).toBe('(xy|)', {
        x: { request: 1, status: 'fulfilled', value: 10 },
        y: { request: 2, status: 'rejected', reason: notFound },
      });
      flush();
      expect(calls).toHaveLength(1);
    });
  });

  it('with `when`, retries a whole-batch failure only where when(error) says so, with no request', () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: Call[] = [];
      const seen: unknown[][] = [];
      const fatal = new Error('fatal');
      const fn = scripted(testScheduler, calls, [failWith(new Error('throttled')), failWith(fatal)]);
      const when = (error: unknown, ...rest: unknown[]) => {
        seen.push([(error as Error).message, ...rest]);
        return (error as Error).message === 'throttled';
      };
      const results: unknown[] = [];
      cold('a|', { a: 1 }).pipe(batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 5, delayMs: 3, when } })).subscribe((r) => results.push(r));
      flush();
      expect(calls.map((call) => call.frame)).toEqual([0, 3]);
      expect(seen).toEqual([['throttled'], ['fatal']]);
      expect(results).toEqual([{ request: 1, status: 'rejected', reason: fatal }]);
    });
  });

  it('with `when`, re-sends only the requests whose own error it accepts, and puts their results back in place', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const calls: Call[] = [];
      const unprocessed = new Error('unprocessed');
      const invalid = new Error('invalid');
      const fn = scripted(testScheduler, calls, [
        (requests) => of(requests.map((n) => (n === 2 || n === 4 ? unprocessed : n === 3 ? invalid : n * 10))),
        tenTimes,
      ]);
      const when = (error: unknown, request?: number) => error === unprocessed && request !== undefined;
      const settled = cold('(abcd|)', { a: 1, b: 2, c: 3, d: 4 }).pipe(
        batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 1, delayMs: 4, when } }),
      );
      // Every result goes out when the call ends, after the retry: in request order.
      expectObservable(settled).toBe('----(wxyz|)', {
        w: { request: 1, status: 'fulfilled', value: 10 },
        x: { request: 2, status: 'fulfilled', value: 20 },
        y: { request: 3, status: 'rejected', reason: invalid },
        z: { request: 4, status: 'fulfilled', value: 40 },
      });
      flush();
      expect(calls).toEqual([
        { frame: 0, requests: [1, 2, 3, 4], attempt: 1 },
        { frame: 4, requests: [2, 4], attempt: 2 },
      ]);
    });
  });

  it('puts retried results back by key when the batch function returns a Map', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      let call = 0;
      const throttled = new Error('throttled');
      const fn = (ids: string[]) => of(new Map(ids.map((id) => [id, call === 0 && id === 'b' ? throttled : id.toUpperCase()] as const)))
        .pipe(map((output) => (call++, output)));
      const retry = { count: 1, delayMs: 2, when: (error: unknown) => error === throttled };
      expectObservable(cold('(abc|)').pipe(batchRequests(fn, { maxDelayMs: 0, retry }))).toBe('--(ABC|)', { A: 'A', B: 'B', C: 'C' });
    });
  });

  it('with concurrency 1, keeps the slot through the backoff: the retry goes before the next batch', () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [failWith(new Error('busy')), tenTimes]);
      cold('a-b|', { a: 1, b: 2 }).pipe(batchRequests(fn, { maxSize: 1, concurrency: 1, retry: { count: 1, delayMs: 10 } })).subscribe();
      flush();
      expect(calls).toEqual([
        { frame: 0, requests: [1], attempt: 1 },
        { frame: 10, requests: [1], attempt: 2 },
        { frame: 10, requests: [2], attempt: 1 },
      ]);
    });
  });

  it('retries a call that ran past timeoutMs, with a fresh, live signal for the next attempt', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const signals: AbortSignal[] = [];
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [
        (_requests, context) => (signals.push(context.signal), timer(100).pipe(map(() => [0]))),
        (requests, context) => (signals.push(context.signal), tenTimes(requests)),
      ]);
      expectObservable(cold('a|', { a: 1 }).pipe(batchRequests(fn, { maxDelayMs: 0, timeoutMs: 5, retry: { count: 1, delayMs: 1 } }))).toBe(
        '------(x|)', { x: 10 },
      );
      flush();
      expect(calls.map((call) => [call.frame, call.attempt])).toEqual([[0, 1], [6, 2]]);
      expect(signals[0].aborted).toBe(true);
      expect(signals[0].reason).toBeInstanceOf(TimeoutError);
      expect(signals[1].aborted).toBe(false);
    });
  });

  it('does not retry a BatchResultError (a wrong-shaped output) unless `when` says so', () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [() => of([1, 2, 3])]);
      const reasons: unknown[] = [];
      cold('a|', { a: 1 }).pipe(batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 2, delayMs: 1 } }))
        .subscribe((settled) => reasons.push(settled.status === 'rejected' ? settled.reason : settled));
      flush();
      expect(calls).toHaveLength(1);
      expect(reasons[0]).toBeInstanceOf(BatchResultError);
    });
  });

  it('rejects with what `when` threw, and does not retry', () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [failWith(new Error('down'))]);
      const when = () => {
        throw new Error('bug in when');
      };
      const reasons: unknown[] = [];
      cold('a|', { a: 1 }).pipe(batchRequestsSettled(fn, { maxDelayMs: 0, retry: { count: 2, delayMs: 1, when } }))
        .subscribe((settled) => reasons.push(settled.status === 'rejected' ? settled.reason : settled));
      flush();
      expect(calls).toHaveLength(1);
      expect((reasons[0] as Error).message).toBe('`retry.when` threw: bug in when');
    });
  });

  it('errors batchRequests with the last error as the cause, after its retries', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const last = new Error('still down');
      const fn = scripted(testScheduler, [], [failWith(new Error('down')), failWith(last)]);
      expectObservable(cold('a|', { a: 1 }).pipe(batchRequests(fn, { maxDelayMs: 0, retry: { count: 1, delayMs: 2 } }))).toBe(
        '--#', undefined, new RequestFailedError(1, last),
      );
    });
  });

  it('cancels the backoff timer on unsubscribe: no retry runs after it', () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: Call[] = [];
      const fn = scripted(testScheduler, calls, [failWith(new Error('down')), tenTimes]);
      const subscription = cold('a', { a: 1 }).pipe(batchRequests(fn, { maxDelayMs: 0, retry: { count: 1, delayMs: 10 } })).subscribe();
      cold('-----x').subscribe(() => subscription.unsubscribe());
      flush();
      expect(calls).toHaveLength(1);
      expect(testScheduler.now()).toBe(5);
    });
  });
});
