import { from, lastValueFrom, of, Subject, toArray, timer, map, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  BatchResultError,
  batchRequests,
  batchRequestsSettled,
  correlate,
  RequestFailedError,
  type BatchOutcome,
} from '../../src/index.js';

describe('batchRequests', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('emits one result per request, in request order, calling the batch function once per batch', async () => {
    const batches: number[][] = [];
    const results = await lastValueFrom(
      from([1, 2, 3, 4, 5]).pipe(
        batchRequests((r: number[]) => (batches.push(r), r.map((n) => n * n)), { maxSize: 2 }),
        toArray(),
      ),
    );
    expect(results).toEqual([1, 4, 9, 16, 25]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('matches results to requests even when the batch function reorders the array it was given', async () => {
    const reversingLookup = (ids: string[]) => new Map(ids.reverse().splice(0).map((id) => [id, id.toUpperCase()]));
    const results = await lastValueFrom(from(['a', 'b', 'c']).pipe(batchRequests(reversingLookup, { maxSize: 3 }), toArray()));
    expect(results).toEqual(['A', 'B', 'C']);
  });

  it('keeps request order when a later batch finishes first', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      // The first batch takes 10 frames, the second 1: C and D wait for A and B.
      const slowFirst = (requests: string[]) =>
        timer(requests[0] === 'a' ? 10 : 1).pipe(map(() => requests.map((r) => r.toUpperCase())));
      const source = cold('-(ab)-(cd)|');
      expectObservable(source.pipe(batchRequests(slowFirst, { maxSize: 2, concurrency: 2 }))).toBe('-----------(ABCD|)', {
        A: 'A', B: 'B', C: 'C', D: 'D',
      });
    });
  });

  it('groups by time, from the first item, in virtual time', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b--------c|');
      const upper = (requests: string[]) => requests.map((r) => r.toUpperCase());
      expectObservable(source.pipe(batchRequests(upper, { maxSize: 10, maxDelayMs: 4 }))).toBe('-----(AB)----(C|)', {
        A: 'A', B: 'B', C: 'C',
      });
    });
  });

  it('errors the stream with a RequestFailedError that carries the failed request', async () => {
    const notFound = new Error('no such user');
    const failing = lastValueFrom(
      of(1, 2, 3).pipe(batchRequests((ids: number[]) => ids.map((id) => (id === 2 ? notFound : id)), { maxSize: 3 }), toArray()),
    );
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestFailedError);
    expect(error).toMatchObject({ name: 'RequestFailedError', request: 2, cause: notFound });
    expect((error as Error).message).toBe('A request failed in its batch: no such user');
  });

  it('emits results up to the failure, then errors', () => {
    const seen: unknown[] = [];
    of(1, 2, 3).pipe(batchRequests((ids: number[]) => ids.map((id) => (id === 2 ? new Error('x') : id)), { maxSize: 3 }))
      .subscribe({ next: (v) => seen.push(v), error: (e: RequestFailedError<number>) => seen.push(`error for ${e.request}`) });
    expect(seen).toEqual([1, 'error for 2']);
  });

  it('errors on a whole-batch failure, naming the batch’s first request', async () => {
    const boom = new Error('backend down');
    const error = await lastValueFrom(of(7, 8).pipe(batchRequests((): number[] => { throw boom; }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RequestFailedError', request: 7, cause: boom });
  });

  it('forwards a source error', async () => {
    const source = new Subject<number>();
    const result = lastValueFrom(source.pipe(batchRequests((r: number[]) => r)));
    source.error(new Error('source broke'));
    await expect(result).rejects.toThrow('source broke');
  });

  it('stops calling the batch function after take(n)', () => {
    const batches: number[][] = [];
    const seen: number[] = [];
    from([1, 2, 3, 4, 5, 6]).pipe(batchRequests((r: number[]) => (batches.push(r), r), { maxSize: 2 }), take(3)).subscribe((v) => seen.push(v));
    expect(seen).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });
});

describe('batchRequestsSettled', () => {
  it('emits every request’s fate, in order, and keeps going past failures', async () => {
    const boom = new Error('batch failed');
    const settled = await lastValueFrom(
      of(1, 2, 3, 4).pipe(
        batchRequestsSettled((ids: number[]) => {
          if (ids.includes(4)) throw boom;
          return ids.map((id) => (id === 2 ? new Error('odd one out') : `#${id}`));
        }, { maxSize: 3 }),
        toArray(),
      ),
    );
    expect(settled).toEqual([
      { request: 1, status: 'fulfilled', value: '#1' },
      { request: 2, status: 'rejected', reason: new Error('odd one out') },
      { request: 3, status: 'fulfilled', value: '#3' },
      { request: 4, status: 'rejected', reason: boom },
    ]);
  });
});

describe('correlate', () => {
  const outcomes = (outcome: BatchOutcome<string>) => lastValueFrom(of(outcome).pipe(correlate<string, number>()));

  it('passes an array of the right length through as results', async () => {
    await expect(outcomes({ items: ['a', 'b'], ok: true, output: [1, 2] })).resolves.toEqual({
      items: ['a', 'b'], ok: true, results: [1, 2],
    });
  });

  it('looks a Map up by key', async () => {
    const correlated = await lastValueFrom(
      of<BatchOutcome<{ id: string }>>({ items: [{ id: 'x' }, { id: 'y' }], ok: true, output: new Map([['y', 2], ['x', 1]]) })
        .pipe(correlate<{ id: string }, number, string>((item) => item.id)),
    );
    expect(correlated).toMatchObject({ ok: true, results: [1, 2] });
  });

  it('turns a mismatched output into a BatchResultError for the whole batch', async () => {
    const correlated = await outcomes({ items: ['a', 'b'], ok: true, output: [1] });
    expect(correlated.ok).toBe(false);
    expect(correlated.ok === false && correlated.error).toBeInstanceOf(BatchResultError);
  });

  it('passes a failure through unchanged', async () => {
    const failure: BatchOutcome<string> = { items: ['a'], ok: false, error: 'nope' };
    await expect(outcomes(failure)).resolves.toBe(failure);
  });
});
