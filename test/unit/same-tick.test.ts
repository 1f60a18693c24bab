/**
 * `maxDelayMs: 0` means "what this tick submits", as dataloader's default schedule: the current job and the
 * promise jobs it queues, dispatched before any timer or I/O callback. On real time these tests wait on events
 * (a `setImmediate`), never on a clock; under a virtual clock 0 is that clock's zero delay.
 */
import { TestScheduler } from 'rxjs/testing';
import { Subject, Subscription, type SchedulerLike } from 'rxjs';
import { batchRequests, createBatcher } from '../../src/index.js';

function recordingBatcher(options: Parameters<typeof createBatcher<number, number>>[1] = { maxDelayMs: 0 }) {
  const batches: number[][] = [];
  const batcher = createBatcher((requests: number[]) => {
    batches.push([...requests]);
    return requests.map((n) => n * 10);
  }, options);
  return { batcher, batches };
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('maxDelayMs: 0 on the default scheduler (real time)', () => {
  it('gathers the current job and the promise jobs it queues into one batch', async () => {
    const { batcher, batches } = recordingBatcher();
    const answers = Promise.all([
      batcher.submit(1),
      Promise.resolve().then(() => batcher.submit(2)),
      Promise.resolve().then(() => Promise.resolve()).then(() => batcher.submit(3)),
      batcher.submit(4).then((ten) => batcher.submit(ten)), // a load made from an answer goes in the next batch
    ]);
    await expect(answers).resolves.toEqual([10, 20, 30, 400]);
    expect(batches).toEqual([[1, 4, 2, 3], [40]]);
  });

  it('dispatches before any timer or I/O callback of the same turn', async () => {
    const { batcher, batches } = recordingBatcher();
    const order: string[] = [];
    const timerRan = new Promise<void>((resolve) => setTimeout(() => resolve(void order.push(`timer: ${batches.length} batches`)), 0));
    const immediateRan = new Promise<void>((resolve) => setImmediate(() => resolve(void order.push(`immediate: ${batches.length} batches`))));
    void batcher.submit(1).then(() => order.push('answered'));
    await Promise.all([timerRan, immediateRan]);
    expect(order[0]).toBe('answered');
    expect(order.slice(1).sort()).toEqual(['immediate: 1 batches', 'timer: 1 batches']);
  });

  it('a new batcher per incoming request makes one batch of its loads (the dataloader pattern)', async () => {
    const batchSizes: number[] = [];
    for (let request = 0; request < 50; request++) {
      const loader = createBatcher((ids: number[]) => (batchSizes.push(ids.length), ids), { maxDelayMs: 0 });
      await Promise.all([1, 2, 3, 4, 5].map((id) => loader.submit(id)));
    }
    expect(batchSizes).toEqual(Array(50).fill(5));
  });

  it('leaves no timer behind once the batch is out, so an idle process can exit', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const timersBefore = timers(); // jest's own, for this test's time limit
    const { batcher } = recordingBatcher();
    await batcher.submit(1);
    expect(timers()).toBe(timersBefore);
  });

  it('applies to batchRequests too', async () => {
    const batches: number[][] = [];
    const results: number[] = [];
    const requests = new Subject<number>();
    requests.pipe(batchRequests((ids: number[]) => (batches.push([...ids]), ids), { maxDelayMs: 0 }))
      .subscribe((n) => results.push(n));
    requests.next(1);
    requests.next(2);
    void Promise.resolve().then(() => requests.next(3));
    expect(batches).toEqual([]); // not in the same call stack: at the end of the tick
    await nextMacrotask();
    expect(batches).toEqual([[1, 2, 3]]);
    expect(results).toEqual([1, 2, 3]);
  });
});

describe('maxDelayMs: 0 on a virtual clock is that clock\'s zero delay', () => {
  it('under TestScheduler.run()', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('a-b--c|', { a: 1, b: 2, c: 3 });
      const doubled = source.pipe(batchRequests((ns: number[]) => ns.map((n) => n * 2), { maxDelayMs: 0 }));
      expectObservable(doubled).toBe('a-b--c|', { a: 2, b: 4, c: 6 });
    });
  });

  it('with a scheduler passed in', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const { batcher, batches } = recordingBatcher({ maxDelayMs: 0, scheduler: testScheduler });
    void batcher.submit(1);
    void batcher.submit(2);
    expect(batches).toEqual([]);
    testScheduler.flush();
    expect(batches).toEqual([[1, 2]]);
  });

  it('under jest fake timers, which fake process.nextTick too', async () => {
    jest.useFakeTimers();
    try {
      const { batcher, batches } = recordingBatcher();
      const answer = batcher.submit(1);
      void batcher.submit(2);
      await jest.advanceTimersByTimeAsync(0);
      expect(batches).toEqual([[1, 2]]);
      await expect(answer).resolves.toBe(10);
    } finally {
      jest.useRealTimers();
    }
  });
});

// Every batcher's end-of-tick run shares one promise job and one `nextTick` per tick (operators/internal/endOfTick.ts).
describe('the end of the tick, shared by every batcher', () => {
  /** Batcher `loads` records its batches; `caller`'s batch function loads 'x' from it at once and 'y' from a promise job. */
  function loadingFromABatchFunction(loadsOptions: Parameters<typeof createBatcher<string, string>>[1]) {
    const batches: string[][] = [];
    const loads = createBatcher((ids: string[]) => (batches.push([...ids]), ids), loadsOptions);
    const caller = createBatcher((ids: string[]) => {
      void loads.submit('x');
      void Promise.resolve().then(() => loads.submit('y'));
      return ids;
    }, { maxDelayMs: 0 });
    return { loads, caller, batches };
  }

  it('a batch function that loads from a batcher whose batch went out by count gets one batch for its loads', async () => {
    const { loads, caller, batches } = loadingFromABatchFunction({ maxSize: 2, maxDelayMs: 0 });
    await Promise.all([caller.submit('a'), loads.submit('b1'), loads.submit('b2')]);
    await nextMacrotask();
    expect(batches).toEqual([['b1', 'b2'], ['x', 'y']]);
  });

  it('the same after a flush', async () => {
    const { loads, caller, batches } = loadingFromABatchFunction({ maxDelayMs: 0 });
    void caller.submit('a');
    void loads.submit('b1');
    loads.flush();
    await nextMacrotask();
    await nextMacrotask();
    expect(batches).toEqual([['b1'], ['x', 'y']]);
  });

  it('a run left on a fake nextTick that was taken away strands only its own batch', async () => {
    jest.useFakeTimers();
    const stranded = recordingBatcher();
    void stranded.batcher.submit(1); // its batch goes with the fake nextTick, which never runs, as a timer would
    await Promise.resolve();
    jest.useRealTimers();
    const { batcher } = recordingBatcher();
    await expect(batcher.submit(2)).resolves.toBe(20);
  });

  it('a batcher whose last run was left on a fake nextTick sends its next batch', async () => {
    const { batcher } = recordingBatcher({ maxSize: 2, maxDelayMs: 0 });
    jest.useFakeTimers();
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).resolves.toEqual([10, 20]); // out by count
    jest.useRealTimers();
    await expect(batcher.submit(3)).resolves.toBe(30);
  });

  it('jest.clearAllTimers() between tests does not strand the next test\'s batches', async () => {
    jest.useFakeTimers();
    try {
      const first = recordingBatcher({ maxSize: 2, maxDelayMs: 0 });
      await Promise.all([first.batcher.submit(1), first.batcher.submit(2)]);
      jest.clearAllTimers();
      const second = recordingBatcher();
      const answer = second.batcher.submit(3);
      await jest.advanceTimersByTimeAsync(0);
      expect(second.batches).toEqual([[3]]);
      await expect(answer).resolves.toBe(30);
    } finally {
      jest.useRealTimers();
    }
  });

  it('loads made in a nextTick callback and its promise jobs form one batch while another batcher waits for its run', async () => {
    const loads = recordingBatcher();
    const other = recordingBatcher();
    void Promise.resolve().then(() => process.nextTick(() => {
      void loads.batcher.submit(1);
      void Promise.resolve().then(() => loads.batcher.submit(2));
    }));
    void other.batcher.submit(100);
    await nextMacrotask();
    await nextMacrotask();
    expect(loads.batches).toEqual([[1, 2]]);
  });

  it('many batchers in one tick each send their own batch', async () => {
    const recorders = Array.from({ length: 50 }, () => recordingBatcher());
    const answers = recorders.map(({ batcher }, i) => Promise.all([batcher.submit(i), batcher.submit(i + 1)]));
    await expect(Promise.all(answers)).resolves.toEqual(recorders.map((_, i) => [i * 10, (i + 1) * 10]));
    expect(recorders.map(({ batches }) => batches)).toEqual(recorders.map((_, i) => [[i, i + 1]]));
  });
});

describe('a scheduler of your own', () => {
  it('may run the work without the state RxJS passes', async () => {
    jest.useFakeTimers();
    try {
      const scheduler = {
        now: () => Date.now(),
        schedule: (work: () => void, delay = 0) => {
          const timer = setTimeout(() => work(), delay);
          return new Subscription(() => clearTimeout(timer));
        },
      };
      const { batcher, batches } = recordingBatcher({ maxDelayMs: 5, scheduler: scheduler as unknown as SchedulerLike });
      const answer = batcher.submit(1);
      await jest.advanceTimersByTimeAsync(5);
      expect(batches).toEqual([[1]]);
      await expect(answer).resolves.toBe(10);
    } finally {
      jest.useRealTimers();
    }
  });
});
