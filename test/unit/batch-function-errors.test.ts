import { NEVER, Observable, of, throwError } from 'rxjs';
import { BatchResultError, createBatcher, TimeoutError, type BatchContext } from '../../src/index.js';
import { deferred, observe } from '../support/observe.js';

/** Submits `requests` as one batch and returns how each caller's promise settled. */
async function settleAll<Req>(batcher: { submit(r: Req): Promise<unknown> }, requests: Req[]) {
  return Promise.allSettled(requests.map((request) => batcher.submit(request)));
}

describe('a misbehaving batch function rejects its callers with an error that says what happened', () => {
  it('a synchronous throw rejects every caller of the batch with that very error', async () => {
    const boom = new Error('database is down');
    const batcher = createBatcher((): number[] => { throw boom; }, { maxSize: 2 });
    const [a, b] = await settleAll(batcher, [1, 2]);
    expect(a).toEqual({ status: 'rejected', reason: boom });
    expect((b as PromiseRejectedResult).reason).toBe(boom);
  });

  it('a rejection rejects every caller of the batch with that error', async () => {
    const boom = new Error('timeout talking to the model');
    const batcher = createBatcher(async (): Promise<number[]> => { throw boom; }, { maxSize: 2 });
    expect(await settleAll(batcher, [1, 2])).toEqual([
      { status: 'rejected', reason: boom },
      { status: 'rejected', reason: boom },
    ]);
  });

  it('a thrown non-Error value reaches the callers unchanged', async () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- throwing a non-Error is what this test is about
    const batcher = createBatcher((): number[] => { throw 'plain string'; }, { maxSize: 1 });
    await expect(batcher.submit(1)).rejects.toBe('plain string');
  });

  it('an Error in place of one result rejects only that request', async () => {
    const notFound = new Error('no user 2');
    const batcher = createBatcher((ids: number[]) => ids.map((id) => (id === 2 ? notFound : `user ${id}`)), { maxSize: 3 });
    expect(await settleAll(batcher, [1, 2, 3])).toEqual([
      { status: 'fulfilled', value: 'user 1' },
      { status: 'rejected', reason: notFound },
      { status: 'fulfilled', value: 'user 3' },
    ]);
  });

  it('an array of the wrong length rejects the whole batch with a BatchResultError', async () => {
    const batcher = createBatcher((ids: number[]) => ids.slice(1), { maxSize: 3 });
    const results = await settleAll(batcher, [1, 2, 3]);
    for (const result of results) {
      const reason = (result as PromiseRejectedResult).reason as BatchResultError;
      expect(reason).toBeInstanceOf(BatchResultError);
      expect(reason.name).toBe('BatchResultError');
      expect(reason.message).toBe(
        'The batch function must return one result per request: expected an array of length 3, got an array of length 2',
      );
    }
  });

  it.each([
    ['undefined', undefined, '`undefined` (undefined)'],
    ['a plain object', { 1: 'a' }, '`Object` (object)'],
    ['a string', 'ok', '`"ok"` (string)'],
    ['a Set', new Set([1]), '`Set` (object)'],
  ])('returning %s rejects with a BatchResultError naming what came back', async (_name, output, described) => {
    const batcher = createBatcher((() => output) as never, { maxSize: 2 });
    const [first] = await settleAll(batcher, [1, 2]);
    expect((first as PromiseRejectedResult).reason).toEqual(
      new BatchResultError(`The batch function must return an array of length 2 or a Map keyed by \`key(request)\`, got ${described}`),
    );
  });

  it('a Map without a request’s key rejects only that request', async () => {
    const batcher = createBatcher((ids: string[]) => new Map(ids.filter((id) => id !== 'b').map((id) => [id, id.toUpperCase()])), { maxSize: 3 });
    const [a, b, c] = await settleAll(batcher, ['a', 'b', 'c']);
    expect(a).toEqual({ status: 'fulfilled', value: 'A' });
    expect(c).toEqual({ status: 'fulfilled', value: 'C' });
    const reason = (b as PromiseRejectedResult).reason as BatchResultError;
    expect(reason).toBeInstanceOf(BatchResultError);
    // Keys of the request's type: the entry is just missing, and no option would find it.
    expect(reason.message).toBe('The batch function returned a Map with no entry for key `"b"` (string); its keys include `"a"` (string), `"c"` (string)');
  });

  describe('a Map keyed by something other than the requests says so, shows what it has, and names `key` as the fix', () => {
    /** The message each request is rejected with, for a batch function typed loosely (as in JavaScript). */
    async function messagesFor<Req>(requests: Req[], output: (requests: Req[]) => Map<unknown, unknown>, key?: (request: Req) => unknown) {
      const batcher = createBatcher(output as never, { maxSize: requests.length, key: key as never });
      const settled = await settleAll(batcher, requests);
      return settled.map((result) => {
        const reason = (result as PromiseRejectedResult).reason as BatchResultError;
        expect(reason).toBeInstanceOf(BatchResultError);
        return reason.message;
      });
    }

    it('number requests, a Map keyed by strings', async () => {
      const messages = await messagesFor([1, 2], (ids) => new Map(ids.map((id) => [String(id), id])));
      expect(messages).toEqual([
        'The batch function returned a Map with no entry for key `1` (number); its keys include `"1"` (string), `"2"` (string). ' +
          'Use the `key` option to map each request to its key in the Map',
        'The batch function returned a Map with no entry for key `2` (number); its keys include `"1"` (string), `"2"` (string). ' +
          'Use the `key` option to map each request to its key in the Map',
      ]);
    });

    it('object requests show their contents, not `Object`', async () => {
      const [first] = await messagesFor([{ id: 1 }, { id: 2 }], (requests) => new Map(requests.map((r) => [r.id, r])));
      expect(first).toBe(
        'The batch function returned a Map with no entry for key `{"id":1}` (object); its keys include `1` (number), `2` (number). ' +
          'Use the `key` option to map each request to its key in the Map',
      );
    });

    it('a long key is cut after 60 characters, and a Map with many keys shows three of them', async () => {
      const request = { query: 'a'.repeat(100) };
      const [message] = await messagesFor([request], () => new Map([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5]]));
      expect(message).toBe(
        `The batch function returned a Map with no entry for key \`{"query":"${'a'.repeat(50)}…\` (object); ` +
          'its keys include `"a"` (string), `"b"` (string), `"c"` (string) and 2 more. Use the `key` option to map each request to its key in the Map',
      );
    });

    it('a class instance is named, so it is not taken for a plain object', async () => {
      class UserId {
        constructor(readonly id: number) {}
      }
      const [message] = await messagesFor([new UserId(7)], () => new Map([[7, 'ok']]));
      expect(message).toBe(
        'The batch function returned a Map with no entry for key `UserId {"id":7}` (object); its keys include `7` (number). ' +
          'Use the `key` option to map each request to its key in the Map',
      );
    });

    it('a `key` that returns the wrong type gets the same advice', async () => {
      const [message] = await messagesFor([{ id: 1 }], (requests) => new Map(requests.map((r) => [String(r.id), r])), (r) => r.id);
      expect(message).toBe(
        'The batch function returned a Map with no entry for key `1` (number); its keys include `"1"` (string). ' +
          'Use the `key` option to map each request to its key in the Map',
      );
    });

    it('an empty Map says so', async () => {
      expect(await messagesFor([1], () => new Map())).toEqual(['The batch function returned a Map with no entry for key `1` (number); the Map is empty']);
    });
  });

  it('a batch function that reorders the array it was given cannot mix up whose result is whose', async () => {
    for (const watched of [false, true]) {
      const batcher = createBatcher((ids: string[]) => new Map(ids.reverse().splice(0).map((id) => [id, id.toUpperCase()])), { maxSize: 3 });
      const submitOptions = watched ? { timeoutMs: 1000 } : undefined;
      const answers = await Promise.all(['a', 'b', 'c'].map((id) => batcher.submit(id, submitOptions)));
      expect(answers).toEqual(['A', 'B', 'C']);
    }
  });

  it('a key() that throws rejects only its own request, with that error', async () => {
    const badKey = new Error('request has no id');
    const batcher = createBatcher(
      (requests: Array<{ id?: number }>) => new Map(requests.filter((r) => r.id !== undefined).map((r) => [r.id!, r.id! * 2])),
      {
        maxSize: 2,
        key: (request) => {
          if (request.id === undefined) throw badKey;
          return request.id;
        },
      },
    );
    expect(await settleAll(batcher, [{ id: 4 }, {}])).toEqual([
      { status: 'fulfilled', value: 8 },
      { status: 'rejected', reason: badKey },
    ]);
  });

  it('an Observable that errors rejects the batch’s callers with its error', async () => {
    const boom = new Error('stream broke');
    const batcher = createBatcher(() => throwError(() => boom) as Observable<number[]>, { maxSize: 1 });
    await expect(batcher.submit(1)).rejects.toBe(boom);
  });

  it('an Observable that completes without a value is a clear error', async () => {
    const batcher = createBatcher(() => of<number[]>(), { maxSize: 1 });
    await expect(batcher.submit(1)).rejects.toEqual(
      new TypeError('The batch function returned an Observable that completed without a value'),
    );
  });

  it('an Observable’s first value is the output; what it does afterwards is ignored', async () => {
    const batcher = createBatcher(
      (r: number[]) => new Observable<number[]>((subscriber) => {
        subscriber.next(r.map((n) => n + 1));
        subscriber.next(r.map(() => -1));
        subscriber.error(new Error('too late to matter'));
      }),
      { maxSize: 2 },
    );
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).resolves.toEqual([2, 3]);
  });

  describe('timeoutMs (per batch function call)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('rejects a call that never settles with a TimeoutError, aborts its signal and frees its slot', async () => {
      const contexts: BatchContext[] = [];
      const batcher = createBatcher((requests: number[], context) => {
        contexts.push(context);
        return requests[0] === 1 ? NEVER : of(requests);
      }, { maxSize: 1, concurrency: 1, timeoutMs: 100 });
      const stuck = observe(batcher.submit(1));
      const next = observe(batcher.submit(2));
      await jest.advanceTimersByTimeAsync(99);
      expect(stuck.status).toBe('pending');
      expect(contexts).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(stuck.reason).toBeInstanceOf(TimeoutError);
      expect((stuck.reason as TimeoutError).message).toBe('The batch function did not settle within `timeoutMs` (100 ms)');
      expect((stuck.reason as TimeoutError).name).toBe('TimeoutError');
      expect(contexts[0].signal.aborted).toBe(true);
      expect(contexts[0].signal.reason).toBe(stuck.reason);
      expect(next).toEqual({ status: 'fulfilled', value: 2 });
      expect(batcher.stats.inFlight).toBe(0);
    });

    it('ignores a result that arrives after the timeout', async () => {
      const late = deferred<number[]>();
      const batcher = createBatcher(() => late.promise, { maxSize: 1, timeoutMs: 50 });
      const answer = observe(batcher.submit(1));
      await jest.advanceTimersByTimeAsync(50);
      late.resolve([42]);
      await jest.advanceTimersByTimeAsync(0);
      expect(answer.status).toBe('rejected');
      expect(answer.reason).toBeInstanceOf(TimeoutError);
      expect(batcher.stats).toMatchObject({ resolved: 0, rejected: 1 });
    });

    it('schedules no timer for a batch function that answers synchronously', () => {
      const batcher = createBatcher((r: number[]) => r, { maxSize: 1, timeoutMs: 50 });
      void batcher.submit(1);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
