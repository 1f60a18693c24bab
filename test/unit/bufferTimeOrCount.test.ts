import { asyncScheduler, BehaviorSubject, from, NEVER, Observable, of, queueScheduler, Subject, take, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { bufferTimeOrCount } from '../../operators/index.js';

describe('bufferTimeOrCount', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('emits a batch the moment it holds maxSize items', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('  -a-b-c-d-e-f-|');
      const expected = '    -----x-----y-|';
      expectObservable(source.pipe(bufferTimeOrCount(3, 100))).toBe(expected, {
        x: ['a', 'b', 'c'],
        y: ['d', 'e', 'f'],
      });
    });
  });

  it('emits a synchronous burst in full batches, in the same frame', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(of(1, 2, 3, 4, 5).pipe(bufferTimeOrCount(2, 100))).toBe('(xyz|)', {
        x: [1, 2],
        y: [3, 4],
        z: [5],
      });
    });
  });

  it('emits maxDelayMs after the first item of each batch, not on a fixed clock', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('  -a--b---c--d---------|');
      const expected = '    ------x------y-------|';
      expectObservable(source.pipe(bufferTimeOrCount(10, 5))).toBe(expected, {
        x: ['a', 'b'],
        y: ['c', 'd'],
      });
    });
  });

  it('with maxDelayMs 0 emits each item in the frame it arrived', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('-a--b|').pipe(bufferTimeOrCount(10, 0))).toBe('-x--y|', { x: ['a'], y: ['b'] });
    });
  });

  it('with maxSize 1 emits every item alone, at once', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b|').pipe(bufferTimeOrCount(1, 50))).toBe('-x-y|', { x: ['a'], y: ['b'] });
    });
  });

  it('never emits an empty batch: an empty source just completes', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('------|').pipe(bufferTimeOrCount(3, 2))).toBe('------|');
    });
  });

  it('never emits for a source that never emits', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(NEVER.pipe(bufferTimeOrCount(3, 2))).toBe('-');
    });
  });

  it('on complete, emits what is buffered at once, then completes', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b|').pipe(bufferTimeOrCount(10, 100))).toBe('----(x|)', { x: ['a', 'b'] });
    });
  });

  it('forwards an error at once and drops the buffer', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b#', undefined, 'boom').pipe(bufferTimeOrCount(10, 100))).toBe('----#', undefined, 'boom');
    });
  });

  it('stops emitting when unsubscribed early', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-----b-----|');
      expectObservable(source.pipe(bufferTimeOrCount(10, 5)), '^---!').toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('works with take(n) downstream, unsubscribing from the source', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-e-f-g-|');
      expectObservable(source.pipe(bufferTimeOrCount(2, 100), take(2))).toBe('---x---(y|)', {
        x: ['a', 'b'],
        y: ['c', 'd'],
      });
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });

  it('stops at take(n) on a synchronous source', () => {
    const batches: number[][] = [];
    from([1, 2, 3, 4, 5, 6, 7]).pipe(bufferTimeOrCount(2, 100), take(2)).subscribe((batch) => batches.push(batch));
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it('closes the current batch whenever the flush notifier emits', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      const source = cold('-a-b----c---|');
      const flush = hot('  ----f--f-----f');
      const expected = '   ----x-------(y|)';
      expectObservable(source.pipe(bufferTimeOrCount({ maxSize: 10, maxDelayMs: 100, flush }))).toBe(expected, {
        x: ['a', 'b'],
        y: ['c'],
      });
    });
  });

  it('takes a flush notifier that emits the moment it is subscribed to, with nothing buffered yet', () => {
    const batches: number[][] = [];
    from([1, 2, 3]).pipe(bufferTimeOrCount({ maxSize: 2, maxDelayMs: 100, flush: new BehaviorSubject<void>(undefined) }))
      .subscribe((batch) => batches.push(batch));
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('with a synchronous scheduler and no delay, sends each value at once and loses none', () => {
    const batches: number[][] = [];
    from([1, 2, 3]).pipe(bufferTimeOrCount(2, 0, queueScheduler)).subscribe((batch) => batches.push(batch));
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('keeps filling a batch whose time is up until the next stage can take it', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      const source = cold('-a--b-----c|');
      const ready = hot('  -------r---');
      const expected = '   -------x---(y|)';
      const downstream = { canTake: () => testScheduler.now() >= 7, ready };
      expectObservable(source.pipe(bufferTimeOrCount({ maxSize: 10, maxDelayMs: 2, downstream }))).toBe(expected, {
        x: ['a', 'b'],
        y: ['c'],
      });
    });
  });

  it('keeps full batches while the next stage is busy, and sends them oldest first when it has room', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      const source = cold('-(abcde)-------|');
      const ready = hot('  ---------r-r---');
      const expected = '   ---------x-y---(z|)'; // e, begun while busy, goes with the end of the source
      let room = 0;
      const downstream = { canTake: () => room > 0, ready: new Observable<void>((subscriber) => ready.subscribe(() => {
        room = 1; // each ready signal is room for one batch
        subscriber.next();
      })) };
      const sent = source.pipe(bufferTimeOrCount({ maxSize: 2, maxDelayMs: 2, downstream }), tap(() => room--));
      expectObservable(sent).toBe(expected, { x: ['a', 'b'], y: ['c', 'd'], z: ['e'] });
    });
  });

  it('sends the batches it keeps when the source completes, whatever the next stage’s state', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const downstream = { canTake: () => false, ready: cold('-') };
      expectObservable(cold('-(abc)|').pipe(bufferTimeOrCount({ maxSize: 2, maxDelayMs: 2, downstream }))).toBe('------(xy|)', {
        x: ['a', 'b'],
        y: ['c'],
      });
    });
  });

  it('lets a subscriber feed the source re-entrantly without touching the batch being delivered', () => {
    const source = new Subject<string>();
    const batches: string[][] = [];
    source.pipe(bufferTimeOrCount(2, 100)).subscribe((batch) => {
      batches.push(batch);
      if (batch[0] === 'a') source.next('c');
    });
    source.next('a');
    source.next('b');
    source.next('d');
    expect(batches).toEqual([['a', 'b'], ['c', 'd']]);
  });

  describe('timers (jest fake timers on asyncScheduler)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('runs no timer while nothing is buffered, so an idle process can exit', async () => {
      const source = new Subject<number>();
      const batches: number[][] = [];
      source.pipe(bufferTimeOrCount(2, 50, asyncScheduler)).subscribe((batch) => batches.push(batch));
      expect(jest.getTimerCount()).toBe(0);
      source.next(1);
      expect(jest.getTimerCount()).toBe(1);
      source.next(2); // fills the batch: its timer goes before anything else can run
      expect(batches).toEqual([[1, 2]]);
      await Promise.resolve();
      expect(jest.getTimerCount()).toBe(0);
      source.next(3);
      jest.advanceTimersByTime(50);
      expect(batches).toEqual([[1, 2], [3]]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('shares one timer among the batches of a synchronous burst, each keeping its own deadline', async () => {
      const source = new Subject<number>();
      const batches: number[][] = [];
      source.pipe(bufferTimeOrCount(2, 50, asyncScheduler)).subscribe((batch) => batches.push(batch));
      [1, 2, 3, 4, 5].forEach((n) => source.next(n));
      expect(batches).toEqual([[1, 2], [3, 4]]);
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(49);
      expect(batches).toHaveLength(2);
      jest.advanceTimersByTime(1);
      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('arms a fresh timer for a batch that starts at a later instant than the last one', async () => {
      const source = new Subject<number>();
      const batches: number[][] = [];
      source.pipe(bufferTimeOrCount(2, 50, asyncScheduler)).subscribe((batch) => batches.push(batch));
      source.next(1);
      jest.advanceTimersByTime(30);
      source.next(2); // full: the timer armed at 0 is left spare
      source.next(3); // a new batch at 30 must wait until 80, not fire at 50
      jest.advanceTimersByTime(20);
      expect(batches).toEqual([[1, 2]]);
      jest.advanceTimersByTime(30);
      expect(batches).toEqual([[1, 2], [3]]);
    });

    it('never emits before maxDelayMs by the monotonic clock, even when the timer fires early', () => {
      // Node's timers can fire up to 1 ms early as performance.now() sees it: simulate a timer that does.
      const readings = [1000.9, 1050.0, 1051.0];
      const now = jest.spyOn(performance, 'now').mockImplementation(() => readings.shift() ?? 2000);
      try {
        const source = new Subject<number>();
        const batches: number[][] = [];
        source.pipe(bufferTimeOrCount(10, 50)).subscribe((batch) => batches.push(batch));
        source.next(1); // first value at 1000.9
        jest.advanceTimersByTime(50); // the timer fires; only 49.1 ms have passed
        expect(batches).toEqual([]);
        jest.advanceTimersByTime(1);
        expect(batches).toEqual([[1]]);
      } finally {
        now.mockRestore();
      }
    });

    it('clears its timer on unsubscribe', () => {
      const source = new Subject<number>();
      const batches: number[][] = [];
      const subscription = source.pipe(bufferTimeOrCount(5, 50)).subscribe((batch) => batches.push(batch));
      source.next(1);
      expect(jest.getTimerCount()).toBe(1);
      subscription.unsubscribe();
      expect(jest.getTimerCount()).toBe(0);
      jest.advanceTimersByTime(100);
      expect(batches).toEqual([]);
    });
  });

  describe('its notifiers (flush, downstream.ready)', () => {
    it('a downstream without `ready` (from JavaScript) errors the stream instead of holding batches for ever', () => {
      const source = new Subject<number>();
      const errors: unknown[] = [];
      source.pipe(bufferTimeOrCount({ maxSize: 2, maxDelayMs: 5, downstream: { canTake: () => false } } as never))
        .subscribe({ error: (error: unknown) => errors.push(error) });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
    });

    it('are subscribed like the source, and unsubscribed with it', () => {
      const source = new Subject<number>();
      const flush = new BehaviorSubject<void>(undefined);
      const ready = new Subject<void>();
      let room = false;
      const batches: number[][] = [];
      const subscription = source
        .pipe(bufferTimeOrCount({ maxSize: 2, maxDelayMs: 1000, flush, downstream: { canTake: () => room, ready } }))
        .subscribe((batch) => batches.push(batch));
      source.next(1);
      source.next(2);
      source.next(3);
      expect(batches).toEqual([]);
      room = true;
      ready.next();
      expect(batches).toEqual([[1, 2], [3]]);
      source.next(4);
      flush.next();
      expect(batches).toEqual([[1, 2], [3], [4]]);
      subscription.unsubscribe();
      expect(flush.observed).toBe(false);
      expect(ready.observed).toBe(false);
    });
  });
});

