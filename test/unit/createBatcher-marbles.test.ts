// createBatcher in virtual time, with RxJS marbles — copy these to test your own code that uses rx-batcher.
//
// How it works: inside `testScheduler.run(...)` RxJS runs `asyncScheduler` (createBatcher's default scheduler) in
// virtual time, so `maxDelayMs` and `timeoutMs` pass in frames, not in real milliseconds.
// - Submit at a frame by subscribing `batcher.submit$(request)` there: `expectObservable(submit$, '--^')`
//   subscribes at frame 2 (or drive submits from a `cold(...)` timeline).
// - Let the batch function return an Observable: `of(results)` answers at once, `cold('5ms (r|)', ...)` answers
//   5 frames after the call. A returned Promise settles outside virtual time, after `run()` has finished.
// - Record each call with `testScheduler.now()`, and compare after `flush()`.
import { of, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BatcherClosedError, createBatcher, TimeoutError } from '../../src/index.js';

/** One batch function call as the test saw it: the frame it was called at and the requests it got. */
interface Call {
  readonly frame: number;
  readonly requests: number[];
}

/** A batch function that records its calls and answers each request `n` with `n * 10`, `answerAfter` later. */
function recordingBatchFunction(testScheduler: TestScheduler, calls: Call[], answerAfter = '') {
  return (requests: number[]): Observable<number[]> => {
    calls.push({ frame: testScheduler.now(), requests: [...requests] });
    const results = requests.map((n) => n * 10);
    return answerAfter === '' ? of(results) : testScheduler.createColdObservable(`${answerAfter} (r|)`, { r: results });
  };
}

describe('createBatcher in virtual time (TestScheduler.run)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  describe('time or count, whichever comes first', () => {
    it('sends a batch in the frame it reaches maxSize', () => {
      testScheduler.run(({ expectObservable, flush }) => {
        const calls: Call[] = [];
        const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxSize: 3, maxDelayMs: 50 });
        expectObservable(batcher.submit$(1)).toBe('     --(a|)', { a: 10 });
        expectObservable(batcher.submit$(2), ' -^       ').toBe('--(a|)', { a: 20 });
        expectObservable(batcher.submit$(3), ' --^      ').toBe('--(a|)', { a: 30 });
        flush();
        expect(calls).toEqual([{ frame: 2, requests: [1, 2, 3] }]);
      });
    });

    it('sends maxDelayMs after the batch’s first item, not on a fixed clock', () => {
      testScheduler.run(({ expectObservable, flush }) => {
        const calls: Call[] = [];
        const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxSize: 10, maxDelayMs: 5 });
        // First item at frame 3: its batch goes out at 3 + 5 = 8, whatever happened before.
        expectObservable(batcher.submit$(1), '---^        ').toBe('--------(a|)', { a: 10 });
        expectObservable(batcher.submit$(2), '------^     ').toBe('--------(a|)', { a: 20 });
        // The next batch starts its own window at frame 10.
        expectObservable(batcher.submit$(3), '----------^ ').toBe('---------------(a|)', { a: 30 });
        flush();
        expect(calls).toEqual([
          { frame: 8, requests: [1, 2] },
          { frame: 15, requests: [3] },
        ]);
      });
    });

    it('takes submits from a marble timeline', () => {
      testScheduler.run(({ cold, flush }) => {
        const calls: Call[] = [];
        const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxSize: 2, maxDelayMs: 4 });
        const answers: string[] = [];
        cold('a-b---c', { a: 1, b: 2, c: 3 }).subscribe((n) =>
          batcher.submit$(n).subscribe((result) => answers.push(`${testScheduler.now()}: ${result}`)),
        );
        flush();
        expect(calls).toEqual([
          { frame: 2, requests: [1, 2] },
          { frame: 10, requests: [3] },
        ]);
        expect(answers).toEqual(['2: 10', '2: 20', '10: 30']);
      });
    });
  });

  it('flush() sends what is queued in the frame it is called', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const calls: Call[] = [];
      const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxSize: 10, maxDelayMs: 50 });
      expectObservable(batcher.submit$(1)).toBe('     ---(a|)', { a: 10 });
      expectObservable(batcher.submit$(2), ' -^        ').toBe('---(a|)', { a: 20 });
      timer(3).subscribe(() => batcher.flush());
      flush();
      expect(calls).toEqual([{ frame: 3, requests: [1, 2] }]);
    });
  });

  it('close() sends the queue at once, completes its callers, and refuses later submits', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const calls: Call[] = [];
      const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxSize: 10, maxDelayMs: 50 });
      expectObservable(batcher.submit$(1)).toBe('     ----(a|)', { a: 10 });
      expectObservable(batcher.submit$(2), ' --^         ').toBe('----(a|)', { a: 20 });
      timer(4).subscribe(() => void batcher.close());
      expectObservable(batcher.submit$(3), ' ------^     ').toBe('------#', undefined, expect.any(BatcherClosedError));
      flush();
      expect(calls).toEqual([{ frame: 4, requests: [1, 2] }]);
      expect(batcher.stats).toMatchObject({ queued: 0, inFlight: 0, resolved: 2 });
    });
  });

  describe('callers that leave', () => {
    it('withdraws a submit$ unsubscribed before dispatch: the batch function never sees it', () => {
      testScheduler.run(({ expectObservable, flush }) => {
        const calls: Call[] = [];
        const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxSize: 10, maxDelayMs: 5 });
        expectObservable(batcher.submit$(1)).toBe('     -----(a|)', { a: 10 });
        expectObservable(batcher.submit$(2), ' ^--!         ').toBe('-');
        flush();
        expect(calls).toEqual([{ frame: 5, requests: [1] }]);
      });
    });

    it('answers a caller whose signal aborts after dispatch at once; the others still get their results', () => {
      testScheduler.run(({ expectObservable, flush }) => {
        const calls: Call[] = [];
        const batcher = createBatcher(recordingBatchFunction(testScheduler, calls, '10ms'), { maxSize: 2 });
        const controller = new AbortController();
        const reason = new Error('the caller left');
        timer(4).subscribe(() => controller.abort(reason));
        expectObservable(batcher.submit$(1, { signal: controller.signal })).toBe('----#', undefined, reason);
        expectObservable(batcher.submit$(2)).toBe('                         10ms (a|)', { a: 20 });
        flush();
        expect(calls).toEqual([{ frame: 0, requests: [1, 2] }]);
      });
    });

    it('rejects a request with TimeoutError after its timeoutMs', () => {
      testScheduler.run(({ expectObservable, flush }) => {
        const calls: Call[] = [];
        const batcher = createBatcher(recordingBatchFunction(testScheduler, calls, '10ms'), { maxSize: 1 });
        expectObservable(batcher.submit$(1, { timeoutMs: 3 })).toBe('---#', undefined, expect.any(TimeoutError));
        flush();
        expect(calls).toEqual([{ frame: 0, requests: [1] }]);
      });
    });
  });

  it('with concurrency 1, sends the next batch when the running call returns', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const calls: Call[] = [];
      const batcher = createBatcher(recordingBatchFunction(testScheduler, calls, '5ms'), { maxSize: 2, concurrency: 1 });
      expectObservable(batcher.submit$(1)).toBe('          -----(a|)', { a: 10 });
      expectObservable(batcher.submit$(2)).toBe('          -----(a|)', { a: 20 });
      // Full at frame 1, but the only slot is busy until frame 5: the batch goes out then and answers at 10.
      expectObservable(batcher.submit$(3), ' -^               ').toBe('----------(a|)', { a: 30 });
      expectObservable(batcher.submit$(4), ' -^               ').toBe('----------(a|)', { a: 40 });
      flush();
      expect(calls).toEqual([
        { frame: 0, requests: [1, 2] },
        { frame: 5, requests: [3, 4] },
      ]);
    });
  });
});

describe('submit$ in virtual time', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('emits the result, then completes, in the frame of the dispatch', () => {
    testScheduler.run(({ expectObservable }) => {
      const batcher = createBatcher((requests: number[]) => of(requests.map((n) => n + 1)), { maxDelayMs: 7 });
      expectObservable(batcher.submit$(41)).toBe('7ms (a|)', { a: 42 });
    });
  });

  it('submits only when subscribed, and withdraws when unsubscribed early', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const calls: Call[] = [];
      const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), { maxDelayMs: 3 });
      const early = batcher.submit$(1);
      expect(batcher.stats.submitted).toBe(0);
      expectObservable(early, '            ^-!       ').toBe('-');
      expectObservable(batcher.submit$(2), '-----^    ').toBe('--------(a|)', { a: 20 });
      flush();
      expect(calls).toEqual([{ frame: 8, requests: [2] }]);
      expect(batcher.stats).toMatchObject({ submitted: 2, resolved: 1 });
    });
  });
});

describe('createBatcher with a TestScheduler passed as its `scheduler` option (no run mode)', () => {
  it('runs maxDelayMs and timeoutMs on that scheduler', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const calls: Call[] = [];
    const batcher = createBatcher(recordingBatchFunction(testScheduler, calls), {
      maxSize: 10,
      maxDelayMs: 30,
      scheduler: testScheduler,
    });
    const answers: string[] = [];
    const submitAt = (frame: number, request: number, timeoutMs?: number) =>
      testScheduler.schedule(() => {
        batcher.submit$(request, { timeoutMs }).subscribe({
          next: (result) => answers.push(`${testScheduler.now()}: ${result}`),
          error: (error: Error) => answers.push(`${testScheduler.now()}: ${error.name}`),
        });
      }, frame);
    submitAt(10, 1);
    submitAt(20, 2);
    submitAt(25, 3, 5);
    submitAt(50, 4);
    testScheduler.flush();
    expect(calls).toEqual([
      { frame: 40, requests: [1, 2] },
      { frame: 80, requests: [4] },
    ]);
    expect(answers).toEqual(['30: TimeoutError', '40: 10', '40: 20', '80: 40']);
  });
});
