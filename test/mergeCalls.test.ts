import { from, Subject, take, toArray, lastValueFrom } from 'rxjs';
import { mergeCalls } from '../operators/mergeCalls.js';

describe('mergeCalls (the dispatch stage)', () => {
  it('runs at most `concurrency` calls at once, the rest in arrival order', () => {
    const running: Array<(result: string) => void> = [];
    const started: number[] = [];
    const results: string[] = [];
    const source = new Subject<number>();
    source.pipe(mergeCalls<number, string>((n, done) => {
      started.push(n);
      running.push((result) => done(result));
      return undefined;
    }, 2)).subscribe((result) => results.push(result));
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
    const running: Array<(result: string | undefined) => void> = [];
    const results: string[] = [];
    let completed = false;
    const source = new Subject<number>();
    source.pipe(mergeCalls<number, string>((n, done) => {
      running.push(done);
      return undefined;
    }, 3, 'start')).subscribe({ next: (result) => results.push(result), complete: () => (completed = true) });
    [1, 2, 3, 4].forEach((n) => source.next(n));
    running[2]('three');
    running[1](undefined); // a call with nothing to emit still keeps its place
    expect(results).toEqual([]);
    running[0]('one');
    expect(results).toEqual(['one', 'three']);
    source.complete();
    expect(completed).toBe(false);
    running[3]('four');
    expect(results).toEqual(['one', 'three', 'four']);
    expect(completed).toBe(true);
  });

  it("in 'start' order, still emits every held result when a subscriber completes the source on an earlier one", () => {
    const running: Array<(result: string) => void> = [];
    const results: string[] = [];
    let completed = false;
    const source = new Subject<number>();
    source.pipe(mergeCalls<number, string>((n, done) => {
      running.push(done);
      return undefined;
    }, 2, 'start')).subscribe({
      next(result) {
        results.push(result);
        if (result === 'one') source.complete();
      },
      complete: () => (completed = true),
    });
    source.next(1);
    source.next(2);
    running[1]('two');
    running[0]('one');
    expect(results).toEqual(['one', 'two']);
    expect(completed).toBe(true);
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
    source.pipe(mergeCalls<number, number>(() => undefined, 1)).subscribe({ error: (e) => (error = e) });
    source.error(new Error('broken'));
    expect(error).toEqual(new Error('broken'));
  });
});
