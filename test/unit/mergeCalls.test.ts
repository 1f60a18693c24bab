import { from, Subject, take, toArray, lastValueFrom } from 'rxjs';
import { mergeCalls, type ResultOrder } from '../../operators/internal/mergeCalls.js';

/**
 * A `mergeCalls` over a Subject whose calls are finished by hand: `running[i]` reports the result of the i-th
 * call started; `started` lists the values started, `results` what came out, `onResult` runs on each.
 */
function handDrivenCalls(concurrency: number, order: ResultOrder = 'finish', onResult?: (result: string, source: Subject<number>) => void) {
  const running: Array<(result: string | undefined) => void> = [];
  const started: number[] = [];
  const results: string[] = [];
  const state = { completed: false };
  const source = new Subject<number>();
  source.pipe(mergeCalls<number, string>((n, done) => {
    started.push(n);
    running.push(done);
    return undefined;
  }, concurrency, order)).subscribe({
    next(result) {
      results.push(result);
      onResult?.(result, source);
    },
    complete: () => (state.completed = true),
  });
  return { source, running, started, results, state };
}

describe('mergeCalls (the dispatch stage)', () => {
  it('runs at most `concurrency` calls at once, the rest in arrival order', () => {
    const { source, running, started, results } = handDrivenCalls(2);
    [1, 2, 3, 4].forEach((n) => source.next(n));
    expect(started).toEqual([1, 2]);
    running[1]('two');
    expect(started).toEqual([1, 2, 3]);
    running[0]('one');
    running[2]('three');
    running[3]('four');
    expect(started).toEqual([1, 2, 3, 4]);
    expect(results).toEqual(['two', 'one', 'three', 'four']);
  });

  it("in 'start' order, holds back a result until every call started before it has been emitted", () => {
    const { source, running, results, state } = handDrivenCalls(3, 'start');
    [1, 2, 3, 4].forEach((n) => source.next(n));
    running[2]('three');
    running[1](undefined); // a call with nothing to emit still keeps its place
    expect(results).toEqual([]);
    running[0]('one');
    expect(results).toEqual(['one', 'three']);
    source.complete();
    expect(state.completed).toBe(false);
    running[3]('four');
    expect(results).toEqual(['one', 'three', 'four']);
    expect(state.completed).toBe(true);
  });

  it("in 'start' order, still emits every held result when a subscriber completes the source on an earlier one", () => {
    const { source, running, results, state } = handDrivenCalls(2, 'start', (result, calls) => {
      if (result === 'one') calls.complete();
    });
    source.next(1);
    source.next(2);
    running[1]('two');
    running[0]('one');
    expect(results).toEqual(['one', 'two']);
    expect(state.completed).toBe(true);
  });

  it('completes only when the source has completed and every call has reported', () => {
    const finish: Array<() => void> = [];
    let completed = false;
    from([1, 2]).pipe(mergeCalls<number, number>((n, done) => {
      finish.push(() => done(n));
      return undefined;
    }, Infinity)).subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(false);
    finish[0]();
    expect(completed).toBe(false);
    finish[1]();
    expect(completed).toBe(true);
  });

  it('handles thousands of synchronous calls queued behind one slot without deep recursion', async () => {
    const values = Array.from({ length: 50_000 }, (_, i) => i);
    const results = await lastValueFrom(from(values).pipe(mergeCalls<number, number>((n, done) => {
      done(n * 2);
      return undefined;
    }, 1), toArray()));
    expect(results).toEqual(values.map((n) => n * 2));
  });

  it('emits nothing for a call that reports `undefined`', async () => {
    const results = await lastValueFrom(from([1, 2, 3]).pipe(mergeCalls<number, number>((n, done) => {
      done(n === 2 ? undefined : n);
      return undefined;
    }, 1), toArray()));
    expect(results).toEqual([1, 3]);
  });

  it('ignores a second report from the same call', () => {
    const results: number[] = [];
    from([1]).pipe(mergeCalls<number, number>((n, done) => {
      done(n);
      done(n + 100);
      return undefined;
    }, 1)).subscribe((result) => results.push(result));
    expect(results).toEqual([1]);
  });

  it('cancels running calls when unsubscribed, and starts no more', () => {
    const cancelled: number[] = [];
    const started: number[] = [];
    const source = new Subject<number>();
    const subscription = source.pipe(mergeCalls<number, number>((n) => {
      started.push(n);
      return () => cancelled.push(n);
    }, 1)).subscribe();
    source.next(1);
    source.next(2);
    subscription.unsubscribe();
    source.next(3);
    expect(started).toEqual([1]);
    expect(cancelled).toEqual([1]);
  });

  it('stops after take(n) downstream', () => {
    const started: number[] = [];
    from([1, 2, 3, 4]).pipe(mergeCalls<number, number>((n, done) => {
      started.push(n);
      done(n);
      return undefined;
    }, 1), take(2)).subscribe();
    expect(started).toEqual([1, 2]);
  });

  it('forwards a source error', () => {
    const source = new Subject<number>();
    let error: unknown;
    source.pipe(mergeCalls<number, number>(() => undefined, 1)).subscribe({ error: (e: unknown) => (error = e) });
    source.error(new Error('broken'));
    expect(error).toEqual(new Error('broken'));
  });

  it('unsubscribing cancels the calls still running in the order they started, once each, and not the finished ones', () => {
    const cancelled: number[] = [];
    const finish: Array<() => void> = [];
    const source = new Subject<number>();
    const subscription = source.pipe(mergeCalls<number, number>((n, done) => {
      finish[n] = () => done(n);
      return () => {
        cancelled.push(n);
        done(undefined); // a cancel that reports its call
      };
    }, Infinity)).subscribe();
    [0, 1, 2, 3].forEach((n) => source.next(n));
    finish[2]();
    subscription.unsubscribe();
    expect(cancelled).toEqual([0, 1, 3]);
  });
});

