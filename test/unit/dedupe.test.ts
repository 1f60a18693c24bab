// `dedupe: true` on the call side, in virtual time: requests with the same key in one batch are sent once and
// share one result, whatever shape the output has. The batcher's side (callers that leave) is in dedupe-batcher.test.ts.
import { of, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { batchRequests, batchRequestsSettled } from '../../src/index.js';

describe('dedupe (virtual time)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  describe('in batchRequests', () => {
    it('sends each key once and gives every duplicate its result, with an array output (one per unique request)', () => {
      testScheduler.run(({ cold, expectObservable, flush }) => {
        const sent: string[][] = [];
        const upper = (requests: string[]) => (sent.push([...requests]), requests.map((r) => r.toUpperCase()));
        expectObservable(cold('(abac|)').pipe(batchRequests(upper, { maxSize: 10, maxDelayMs: 0, dedupe: true }))).toBe(
          '(ABAC|)', { A: 'A', B: 'B', C: 'C' },
        );
        flush();
        expect(sent).toEqual([['a', 'b', 'c']]);
      });
    });

    it('collapses by `key` and looks duplicates up in a Map output by that key', () => {
      testScheduler.run(({ cold, expectObservable, flush }) => {
        interface Lookup { readonly id: number; readonly from: string }
        const sent: number[][] = [];
        const byId = (requests: Lookup[]) => (sent.push(requests.map((r) => r.id)), new Map(requests.map((r) => [r.id, `user ${r.id}`])));
        const requests = { a: { id: 1, from: 'a' }, b: { id: 2, from: 'b' }, c: { id: 1, from: 'c' } };
        expectObservable(cold('(abc|)', requests).pipe(
          batchRequests(byId, { maxDelayMs: 0, dedupe: true, key: (request: Lookup) => request.id }),
        )).toBe('(xyx|)', { x: 'user 1', y: 'user 2' });
        flush();
        expect(sent).toEqual([[1, 2]]);
      });
    });

    it('retries a failed key once for all of its duplicates', () => {
      testScheduler.run(({ cold, expectObservable, flush }) => {
        const sent: string[][] = [];
        const throttled = new Error('throttled');
        const fn = (requests: string[]) => {
          sent.push([...requests]);
          return of(requests.map((r) => (sent.length === 1 && r === 'b' ? throttled : r.toUpperCase())));
        };
        const retry = { count: 1, delayMs: 3, when: (error: unknown) => error === throttled };
        expectObservable(cold('(abb|)').pipe(
          batchRequestsSettled(fn, { maxDelayMs: 0, dedupe: true, retry }),
          map((settled) => (settled.status === 'fulfilled' ? settled.value : 'failed')),
        )).toBe('---(ABB|)', { A: 'A', B: 'B' });
        flush();
        expect(sent).toEqual([['a', 'b'], ['b']]);
      });
    });
  });
});
