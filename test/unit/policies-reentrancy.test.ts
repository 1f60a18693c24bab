// Found in review: what a subscriber that feeds the source, a Map output, a failing `random` or a throwing
// iterator did to the policies, each settled once now.
import { from, lastValueFrom, Subject, toArray, VirtualTimeScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createBatcher } from '../../src/index.js';
import { batchRequests, batchRequestsSettled, bufferTimeOrCount } from '../../operators/index.js';

describe('a subscriber that feeds the source while a batch is delivered', () => {
  it('loses no value pushed in while a batch is cut by weight', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ flush }) => {
      const source = new Subject<number>();
      const out: number[][] = [];
      let completed = false;
      let fedBack = false;
      source.pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 5, weigh: (n) => n, maxWeight: 10 })).subscribe({
        next: (batch) => {
          out.push(batch);
          if (!fedBack) { fedBack = true; source.next(1); }
        },
        complete: () => { completed = true; },
      });
      source.next(6);
      source.next(5);
      source.complete();
      flush();
      expect(completed).toBe(true);
      expect(out.flat().sort()).toEqual([1, 5, 6]);
    });
  });

  it('leaves no timer behind after it unsubscribes', () => {
    const scheduler = new VirtualTimeScheduler();
    const source = new Subject<number>();
    let fedBack = false;
    const subscription = source.pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 5, scheduler, weigh: (n) => n, maxWeight: 10 }))
      .subscribe(() => { if (!fedBack) { fedBack = true; source.next(1); } });
    source.next(6);
    source.next(5);
    subscription.unsubscribe();
    expect(scheduler.actions.filter((action) => !action.closed)).toHaveLength(0);
  });

  it('sends a batch filled during a flush once', () => {
    const scheduler = new VirtualTimeScheduler();
    const source = new Subject<string>();
    const flush = new Subject<void>();
    const out: string[][] = [];
    let fedBack = false;
    source.pipe(bufferTimeOrCount<string>({ maxSize: 2, maxDelayMs: 5, scheduler, flush, partitionBy: (s) => s[0] }))
      .subscribe((batch) => { out.push(batch); if (!fedBack) { fedBack = true; source.next('q2'); } });
    source.next('p1');
    source.next('q1');
    flush.next();
    scheduler.flush();
    expect(out).toEqual([['p1'], ['q1', 'q2']]);
  });
});

describe('a batch waiting for room', () => {
  it.each([undefined, (s: string) => s])('goes out once when its timer fires after room freed but before `ready` (partitionBy %p)', (partitionBy) => {
    const scheduler = new VirtualTimeScheduler();
    const source = new Subject<string>();
    const ready = new Subject<void>();
    const out: string[][] = [];
    let room = false;
    source.pipe(bufferTimeOrCount<string>({ maxSize: 5, maxDelayMs: 5, scheduler, downstream: { canTake: () => room, ready }, ...(partitionBy ? { partitionBy } : {}) }))
      .subscribe((batch) => out.push(batch));
    source.next('a');
    room = true;
    scheduler.flush();
    ready.next();
    expect(out).toEqual([['a']]);
  });
});

describe('the operators with policies and a Map output', () => {
  const upperById = (ids: string[]) => new Map(ids.map((id) => [id, id.toUpperCase()]));

  it('batchRequests looks results up by the request itself, as without policies', async () => {
    await expect(lastValueFrom(from(['a', 'b']).pipe(batchRequests(upperById, { maxDelayMs: 0, partitionBy: () => 'p' }), toArray())))
      .resolves.toEqual(['A', 'B']);
  });

  it('batchRequestsSettled with weigh does too', async () => {
    const out = await lastValueFrom(from(['a', 'b']).pipe(batchRequestsSettled(upperById, { maxDelayMs: 0, weigh: () => 1, maxWeight: 5 }), toArray()));
    expect(out).toEqual([{ request: 'a', status: 'fulfilled', value: 'A' }, { request: 'b', status: 'fulfilled', value: 'B' }]);
  });
});

describe('a retry.random that fails', () => {
  it.each([
    ['throws', () => { throw new Error('rng broke'); }, '`retry.random` threw: rng broke'],
    ['returns 1', () => 1, 'Expected `retry.random` to return a number from 0 up to (not including) 1, got `1` (number)'],
  ])('%s: the request is rejected with an error naming it, and the slot frees', async (_name, random, message) => {
    const batcher = createBatcher(async (): Promise<number[]> => { throw new Error('backend down'); },
      { maxDelayMs: 0, retry: { count: 1, delayMs: 10, jitter: 0.5, random } });
    await expect(batcher.submit(1)).rejects.toThrow(message);
    expect(batcher.stats.inFlight).toBe(0);
    await batcher.close();
  });
});

describe('submitMany with an iterator that throws part-way', () => {
  it('rejects with the iterator’s error, and the requests already submitted are observed', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const batcher = createBatcher((): number[] => { throw new Error('backend down'); }, { maxDelayMs: 0 });
      function* requests() { yield 1; yield 2; throw new Error('iterator broke'); }
      await expect(batcher.submitMany(requests())).rejects.toThrow('iterator broke');
      await batcher.close();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('a retry nobody waits for', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends when the callers of the retried requests leave, while others still wait for their results', async () => {
    class Busy extends Error {}
    const calls: number[][] = [];
    const batcher = createBatcher((ids: number[]) => { calls.push([...ids]); return ids.map((id) => (id === 2 ? new Busy('busy') : id)); },
      { maxDelayMs: 0, retry: { count: 3, delayMs: 1000, when: (error) => error instanceof Busy } });
    const leaving = new AbortController();
    let first: number | undefined;
    void batcher.submit(1).then((value) => (first = value));
    const second = batcher.submit(2, { signal: leaving.signal }).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([[1, 2]]);
    expect(batcher.stats.inFlight).toBe(1); // waiting out the backoff before retrying 2
    leaving.abort(new Error('client left'));
    await jest.advanceTimersByTimeAsync(0);
    expect(first).toBe(1); // not 1,000 ms later
    expect(await second).toEqual(new Error('client left'));
    expect(batcher.stats.inFlight).toBe(0);
    expect(calls).toEqual([[1, 2]]);
  });
});
