// `dedupe: true` on the call side, in virtual time: requests with the same key in one batch are sent once and
// share one result, whatever shape the output has; a caller who leaves does not take the result from the others.
import { timer, map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createBatcher, type BatchContext } from '../../src/index.js';

describe('dedupe in createBatcher (virtual time)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  /** Answers with each request in upper case, 10 frames after the call, and records each call. */
  function slowUpper(testScheduler: TestScheduler, sent: string[][], signals: AbortSignal[]) {
    return (requests: string[], context: BatchContext): Observable<string[]> => {
      sent.push([...requests]);
      signals.push(context.signal);
      return timer(10).pipe(map(() => requests.map((r) => r.toUpperCase())));
    };
  }

  it('sends one of two duplicates; when one caller aborts, the other still gets the result and the call goes on', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const sent: string[][] = [];
      const signals: AbortSignal[] = [];
      const batcher = createBatcher(slowUpper(testScheduler, sent, signals), { maxDelayMs: 0, dedupe: true });
      const controller = new AbortController();
      const reason = new Error('the first caller gave up');
      expectObservable(batcher.submit$('a', { signal: controller.signal })).toBe('---#', undefined, reason);
      expectObservable(batcher.submit$('a')).toBe('----------(a|)', { a: 'A' });
      expectObservable(batcher.submit$('b')).toBe('----------(b|)', { b: 'B' });
      cold('---x').subscribe(() => controller.abort(reason));
      flush();
      expect(sent).toEqual([['a', 'b']]);
      expect(signals[0].aborted).toBe(false);
      expect(batcher.stats).toMatchObject({ batches: 1, resolved: 2, rejected: 1 });
    });
  });

  it('aborts the call only when every caller of the shared request has left', () => {
    testScheduler.run(({ cold, flush }) => {
      const sent: string[][] = [];
      const signals: AbortSignal[] = [];
      const batcher = createBatcher(slowUpper(testScheduler, sent, signals), { maxDelayMs: 0, dedupe: true });
      const first = batcher.submit$('a').subscribe({ error: () => {} });
      const second = batcher.submit$('a').subscribe({ error: () => {} });
      cold('--x').subscribe(() => first.unsubscribe());
      cold('----x').subscribe(() => second.unsubscribe());
      const abortedAt: number[] = [];
      cold('---x').subscribe(() => signals[0].addEventListener('abort', () => abortedAt.push(testScheduler.now())));
      flush();
      expect(sent).toEqual([['a']]);
      expect(abortedAt).toEqual([4]);
    });
  });

  it('does not send a duplicate withdrawn before dispatch, and answers the one left', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const sent: string[][] = [];
      const batcher = createBatcher(slowUpper(testScheduler, sent, []), { maxDelayMs: 5, dedupe: true });
      const withdrawn = batcher.submit$('a').subscribe();
      cold('--x').subscribe(() => withdrawn.unsubscribe());
      expectObservable(batcher.submit$('a')).toBe('---------------(a|)', { a: 'A' });
      flush();
      expect(sent).toEqual([['a']]);
    });
  });

  it('gives duplicates one result from a Map output keyed by `key`', async () => {
    const sent: number[][] = [];
    const batcher = createBatcher(
      (requests: Array<{ id: number }>) => (sent.push(requests.map((r) => r.id)), new Map(requests.map((r) => [r.id, r.id * 100]))),
      { maxDelayMs: 0, dedupe: true, key: (request: { id: number }) => request.id },
    );
    await expect(Promise.all([{ id: 1 }, { id: 2 }, { id: 1 }].map((request) => batcher.submit(request)))).resolves.toEqual([100, 200, 100]);
    expect(sent).toEqual([[1, 2]]);
  });
});
