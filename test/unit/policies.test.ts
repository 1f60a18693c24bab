// The batching policies of issue 11 on the buffer side: weight limits, partitions, dedupe counting, submitMany.
import { from, lastValueFrom, of, Subject, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createBatcher } from '../../src/index.js';
import { batchRequests, batchRequestsSettled, bufferTimeOrCount } from '../../operators/index.js';

interface Message {
  readonly id: string;
  readonly bytes: number;
  readonly queue?: string;
}

const byBytes = (message: Message) => message.bytes;

describe('bufferTimeOrCount with weigh and maxWeight', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('cuts a batch before the item that would take it past maxWeight; that item starts the next', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const values = { a: 4, b: 5, c: 2, d: 1 };
      const source = cold('abcd|', values);
      const batches = source.pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 5, weigh: (n) => n, maxWeight: 10 }));
      // 4 + 5 = 9; + 2 would be 11: cut before c. c + d = 3 waits until the end.
      expectObservable(batches).toBe('--x-(y|)', { x: [4, 5], y: [2, 1] });
    });
  });

  it('sends a batch at once when it reaches maxWeight exactly', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const batches = cold('ab---|', { a: 6, b: 4 }).pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 3, weigh: (n) => n, maxWeight: 10 }));
      expectObservable(batches).toBe('-x---|', { x: [6, 4] });
    });
  });

  it('keeps maxSize: a batch is cut by count or weight, whichever comes first', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const batches = cold('abc|', { a: 1, b: 1, c: 1 }).pipe(bufferTimeOrCount<number>({ maxSize: 2, maxDelayMs: 3, weigh: (n) => n, maxWeight: 100 }));
      expectObservable(batches).toBe('-x-(y|)', { x: [1, 1], y: [1] });
    });
  });

  it('errors the stream, naming weigh, for an item heavier than maxWeight', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const batches = cold('ab|', { a: 1, b: 11 }).pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 3, weigh: (n) => n, maxWeight: 10 }));
      expectObservable(batches).toBe('-#', undefined,
        new RangeError('A request weighs 11, more than `maxWeight` (10), so no batch can hold it: `11` (number)'));
    });
  });

  it.each([
    [NaN, 'Expected `weigh` to return a finite number from 0 up, got `NaN` (number) for `1` (number)'],
    [-1, 'Expected `weigh` to return a finite number from 0 up, got `-1` (number) for `1` (number)'],
    ['3', 'Expected `weigh` to return a finite number from 0 up, got `"3"` (string) for `1` (number)'],
  ])('errors the stream when weigh returns %p', (weight, message) => {
    const errors: unknown[] = [];
    const source = new Subject<number>();
    source.pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 3, weigh: () => weight as number, maxWeight: 10 })).subscribe({ error: (e) => errors.push(e) });
    expect(() => source.next(1)).not.toThrow();
    expect(errors).toEqual([new TypeError(message)]);
  });

  it('errors the stream with an error naming weigh when weigh throws, its own error as cause', () => {
    const cause = new Error('no size');
    const errors: Error[] = [];
    const source = new Subject<number>();
    source.pipe(bufferTimeOrCount<number>({ maxSize: 10, maxDelayMs: 3, weigh: () => { throw cause; }, maxWeight: 10 })).subscribe({ error: (e: Error) => errors.push(e) });
    source.next(1);
    expect(errors[0].message).toBe('`weigh` threw for `1` (number): no size');
    expect(errors[0].cause).toBe(cause);
  });

  it.each([
    [{ weigh: byBytes }, '`weigh` needs `maxWeight`, the most weight in one batch'],
    [{ maxWeight: 10 }, '`maxWeight` needs `weigh`, the function that gives each request its weight'],
  ])('refuses %p at creation', (config, message) => {
    expect(() => bufferTimeOrCount<Message>({ maxSize: 10, maxDelayMs: 1, ...config })).toThrow(new TypeError(message));
    expect(() => createBatcher((xs: Message[]) => xs, config)).toThrow(new TypeError(message));
  });

  it.each([0, -1, NaN])('refuses maxWeight %p', (maxWeight) => {
    expect(() => createBatcher((xs: Message[]) => xs, { weigh: byBytes, maxWeight }))
      .toThrow(new RangeError(`Expected \`maxWeight\` to be a number above 0, got \`${maxWeight}\` (number)`));
  });
});

describe('bufferTimeOrCount with partitionBy', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('batches each partition on its own: its own count and its own timer', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      // a1 at 0 starts partition a's timer (due at 4); b's items fill b's batch at frame 2 by count.
      const values = { p: 'a1', q: 'b1', r: 'b2', s: 'a2', t: 'b3' };
      const batches = cold('pqr-st----|', values).pipe(
        bufferTimeOrCount<string>({ maxSize: 2, maxDelayMs: 4, partitionBy: (item) => item[0] }),
      );
      // b fills at 2; a's timer fires at 4 while b3 (frame 5) later starts b's own window, due at 9.
      expectObservable(batches).toBe('--y-x----z|', { x: ['a1', 'a2'], y: ['b1', 'b2'], z: ['b3'] });
    });
  });

  it('fires a partition’s timer while another partition is filling', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const batches = cold('a-bbb|', { a: 'x', b: 'y' }).pipe(
        bufferTimeOrCount<string>({ maxSize: 10, maxDelayMs: 3, partitionBy: (item) => item }),
      );
      expectObservable(batches).toBe('---x-(y|)', { x: ['x'], y: ['y', 'y', 'y'] });
    });
  });

  it('tells how many partitions hold items, and drops a partition once its batch is sent', () => {
    const counts: number[] = [];
    const source = new Subject<string>();
    const batches: string[][] = [];
    source.pipe(bufferTimeOrCount<string>({ maxSize: 2, maxDelayMs: 1000, partitionBy: (item) => item, onPartitionCount: (n) => counts.push(n) }))
      .subscribe((batch) => batches.push(batch));
    source.next('a');
    source.next('b');
    source.next('a');
    source.next('b');
    expect(batches).toEqual([['a', 'a'], ['b', 'b']]);
    expect(counts).toEqual([1, 2, 1, 0]);
  });

  it('errors the stream when partitionBy returns something that is not a string or a number', () => {
    const errors: unknown[] = [];
    const source = new Subject<number>();
    source.pipe(bufferTimeOrCount<number>({ maxSize: 2, maxDelayMs: 1, partitionBy: () => ({}) as string })).subscribe({ error: (e) => errors.push(e) });
    source.next(1);
    expect(errors).toEqual([new TypeError('Expected `partitionBy` to return a string or a number, got `Object` (object) for `1` (number)')]);
  });
});

describe('bufferTimeOrCount with dedupe', () => {
  it('counts items with the same key once against maxSize; the batch holds them all', () => {
    const batches: string[][] = [];
    const source = new Subject<string>();
    source.pipe(bufferTimeOrCount<string>({ maxSize: 2, maxDelayMs: 1000, dedupe: true })).subscribe((batch) => batches.push(batch));
    for (const item of ['a', 'a', 'a']) source.next(item);
    expect(batches).toEqual([]);
    source.next('b');
    expect(batches).toEqual([['a', 'a', 'a', 'b']]);
  });
});

describe('createBatcher with weigh, maxWeight and partitionBy', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  const sendBatch = (calls: string[][]) => (messages: Message[]): Observable<string[]> => {
    calls.push(messages.map((m) => m.id));
    return of(messages.map((m) => `sent ${m.id}`));
  };

  it('rejects at submit a request heavier than maxWeight, and never sends it; the others go on', async () => {
    const calls: string[][] = [];
    const batcher = createBatcher(sendBatch(calls), { maxSize: 10, maxDelayMs: 0, weigh: byBytes, maxWeight: 256 });
    const small = batcher.submit({ id: 'small', bytes: 10 });
    const huge = batcher.submit({ id: 'huge', bytes: 300 });
    await expect(huge).rejects.toThrow(new RangeError('A request weighs 300, more than `maxWeight` (256), so no batch can hold it: `{"id":"huge","bytes":300}` (object)'));
    await expect(small).resolves.toBe('sent small');
    expect(calls).toEqual([['small']]);
    expect(batcher.stats).toMatchObject({ submitted: 1, resolved: 1, rejected: 0 });
  });

  it('rejects only the request whose weigh or partitionBy throws', async () => {
    const calls: string[][] = [];
    const batcher = createBatcher(sendBatch(calls), {
      maxDelayMs: 0,
      partitionBy: (m: Message) => { if (m.queue === undefined) throw new Error('no queue'); return m.queue; },
    });
    const results = await batcher.submitMany([{ id: 'a', bytes: 1, queue: 'q' }, { id: 'b', bytes: 1 }]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'sent a' });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: '`partitionBy` threw for `{"id":"b","bytes":1}` (object): no queue' } });
    expect(calls).toEqual([['a']]);
  });

  it('cuts batches by bytes as SQS SendMessageBatch needs: 10 entries, 256 KiB', () => {
    testScheduler.run(({ flush }) => {
      const calls: string[][] = [];
      const batcher = createBatcher(sendBatch(calls), { maxSize: 10, maxDelayMs: 5, weigh: byBytes, maxWeight: 256 * 1024 });
      for (let i = 0; i < 12; i++) batcher.submit$({ id: `m${i}`, bytes: 100 * 1024 }).subscribe();
      flush();
      expect(calls).toEqual([['m0', 'm1'], ['m2', 'm3'], ['m4', 'm5'], ['m6', 'm7'], ['m8', 'm9'], ['m10', 'm11']]);
    });
  });

  it('when a slot frees, sends the partition holding the oldest waiting request', () => {
    testScheduler.run(({ cold, flush }) => {
      const calls: string[][] = [];
      const batcher = createBatcher((messages: Message[]) => {
        calls.push(messages.map((m) => m.id));
        return cold('5ms (r|)', { r: messages.map((m) => m.id) });
      }, { maxSize: 2, maxDelayMs: 1, concurrency: 1, partitionBy: (m: Message) => m.queue! });
      const submit = (id: string, queue: string) => batcher.submit$({ id, bytes: 1, queue }).subscribe();
      submit('first', 'x'); // goes out at frame 1 and keeps the only slot until frame 6
      testScheduler.schedule(() => submit('b-old', 'b'), 2);
      testScheduler.schedule(() => { submit('a-1', 'a'); submit('a-2', 'a'); }, 3); // a is full first…
      testScheduler.schedule(() => submit('b-new', 'b'), 4); // …but b holds the oldest request
      flush();
      expect(calls).toEqual([['first'], ['b-old', 'b-new'], ['a-1', 'a-2']]);
    });
  });

  it('counts live partitions in stats, and releases idle ones', async () => {
    const batcher = createBatcher((messages: Message[]) => messages.map((m) => m.id), { maxSize: 5, maxDelayMs: 0, partitionBy: (m: Message) => m.queue! });
    const pending = [batcher.submit({ id: '1', bytes: 1, queue: 'a' }), batcher.submit({ id: '2', bytes: 1, queue: 'b' })];
    expect(batcher.stats.partitions).toBe(2);
    await Promise.all(pending);
    expect(batcher.stats.partitions).toBe(0);
  });
});

describe('idle partitions', () => {
  it('holds none of 100,000 partitions used once each, once they are idle', async () => {
    const batcher = createBatcher((ids: number[]) => ids, { maxSize: 10, maxDelayMs: 0, partitionBy: (id: number) => `tenant-${id}` });
    const pending = Array.from({ length: 100_000 }, (_, id) => batcher.submit(id));
    expect(batcher.stats.partitions).toBe(100_000);
    await Promise.all(pending);
    expect(batcher.stats).toMatchObject({ partitions: 0, queued: 0, batches: 100_000, resolved: 100_000 });
  });
});

describe('submitMany', () => {
  it('submits in one call and resolves to each outcome in request order, as Promise.allSettled', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher((ns: number[]) => { calls.push([...ns]); return ns.map((n) => (n < 0 ? new Error(`negative ${n}`) : n * 2)); }, { maxDelayMs: 0 });
    await expect(batcher.submitMany([1, -2, 3])).resolves.toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('negative -2') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(calls).toEqual([[1, -2, 3]]);
  });

  it('takes any iterable, and rejects at once for bad options or a value that is not iterable', async () => {
    const batcher = createBatcher((ns: number[]) => ns, { maxDelayMs: 0 });
    await expect(batcher.submitMany(new Set([1, 2]))).resolves.toHaveLength(2);
    await expect(batcher.submitMany([1], { timeOut: 5 } as never)).rejects.toThrow('Unknown `submit` option `timeOut`');
    await expect(batcher.submitMany(5 as never)).rejects.toThrow(TypeError);
  });

  it('gives each request the options, such as one shared signal', async () => {
    const batcher = createBatcher((ns: number[]) => ns, { maxDelayMs: 10 });
    const controller = new AbortController();
    const settled = batcher.submitMany([1, 2], { signal: controller.signal });
    controller.abort(new Error('client left'));
    await expect(settled).resolves.toEqual([
      { status: 'rejected', reason: new Error('client left') },
      { status: 'rejected', reason: new Error('client left') },
    ]);
    await batcher.close();
  });
});

describe('batchRequests and batchRequestsSettled with policies', () => {
  const upper = (xs: string[]) => xs.map((x) => x.toUpperCase());

  it('keep request order across partitions, whose batches go out in another order', async () => {
    const batches: string[][] = [];
    const out = await lastValueFrom(from(['a1', 'b1', 'b2', 'a2', 'c1']).pipe(
      batchRequests((xs: string[], { partition }) => { batches.push([String(partition), ...xs]); return upper(xs); }, { maxSize: 2, maxDelayMs: 0, partitionBy: (x) => x[0] }),
      toArray(),
    ));
    expect(out).toEqual(['A1', 'B1', 'B2', 'A2', 'C1']);
    expect(batches).toEqual([['b', 'b1', 'b2'], ['a', 'a1', 'a2'], ['c', 'c1']]);
  });

  it('batchRequestsSettled rejects only the request whose weigh fails, in its place', async () => {
    const out = await lastValueFrom(from(['ok', 'bad', 'fine']).pipe(
      batchRequestsSettled(upper, { maxDelayMs: 0, weigh: (x) => { if (x === 'bad') throw new Error('cannot weigh'); return 1; }, maxWeight: 10 }),
      toArray(),
    ));
    expect(out.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(out[1]).toMatchObject({ request: 'bad', reason: { message: '`weigh` threw for `"bad"` (string): cannot weigh' } });
  });

  it('batchRequests errors the stream when partitionBy fails, naming it', async () => {
    const run = lastValueFrom(from(['a', 'b']).pipe(batchRequests(upper, { partitionBy: (x) => (x === 'b' ? (null as never) : x) })));
    await expect(run).rejects.toThrow('Expected `partitionBy` to return a string or a number, got `null` (null) for `"b"` (string)');
  });

  it('batchRequestsSettled answers each request of a batch that failed as a whole', async () => {
    const out = await lastValueFrom(from(['a', 'b']).pipe(
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a batch function that throws a non-Error value
      batchRequestsSettled(() => { throw 'down'; }, { maxDelayMs: 0, partitionBy: (x: string) => x }),
      toArray(),
    ));
    expect(out).toEqual([{ request: 'a', status: 'rejected', reason: 'down' }, { request: 'b', status: 'rejected', reason: 'down' }]);
  });
});
