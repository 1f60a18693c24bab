/**
 * The operators' own error contract: arguments are checked when the operator is created, with the batcher's
 * exact messages, and an error inside an operator's per-value path reaches the subscriber's `error` (as in
 * RxJS's `OperatorSubscriber`), never the producer that called `next()`.
 */
import { Subject } from 'rxjs';
import { batchRequests, bufferTimeOrCount } from '../../operators/index.js';

describe('bufferTimeOrCount validates its arguments when it is created', () => {
  it.each([
    [() => bufferTimeOrCount(-5, 10), new RangeError('Expected `maxSize` to be an integer from 1 and up, got `-5` (number)')],
    [() => bufferTimeOrCount(0, 10), new RangeError('Expected `maxSize` to be an integer from 1 and up, got `0` (number)')],
    [() => bufferTimeOrCount(2.5, 10), new RangeError('Expected `maxSize` to be an integer from 1 and up, got `2.5` (number)')],
    [() => bufferTimeOrCount('10' as never, 10), new TypeError('Expected `maxSize` to be an integer from 1 and up, got `"10"` (string)')],
    [() => bufferTimeOrCount(undefined as never, 10), new TypeError('Expected `maxSize` to be an integer from 1 and up, got `undefined` (undefined)')],
    [() => bufferTimeOrCount(10, -1), new RangeError('Expected `maxDelayMs` to be a number from 0 to 2147483647, got `-1` (number)')],
    [() => bufferTimeOrCount(10, NaN), new RangeError('Expected `maxDelayMs` to be a number from 0 to 2147483647, got `NaN` (number)')],
    [() => bufferTimeOrCount(10, 5, {} as never), new TypeError('Expected `scheduler` to be a SchedulerLike (an object with `schedule` and `now` methods), got `Object` (object)')],
    [() => bufferTimeOrCount({ maxSize: 0, maxDelayMs: 5 }), new RangeError('Expected `maxSize` to be an integer from 1 and up, got `0` (number)')],
    [() => bufferTimeOrCount({ maxSize: 5, maxDelayMs: Infinity }), new RangeError('Expected `maxDelayMs` to be a number from 0 to 2147483647, got `Infinity` (number)')],
  ])('%#: throws an exact error', (create, expected) => {
    expect(create).toThrow(expected);
    try {
      create();
    } catch (error) {
      expect(error).toBeInstanceOf(expected.constructor);
    }
  });

  it('does not throw out of the source’s next() for a bad maxSize (it used to: Invalid array length)', () => {
    const source = new Subject<number>();
    expect(() => source.pipe(bufferTimeOrCount(-5, 10))).toThrow(RangeError);
    expect(() => source.next(1)).not.toThrow();
  });
});

describe('an error in an operator’s per-value path errors the stream, not the producer', () => {
  it('a Map key that throws errors batchRequests’ subscriber, and the source’s next() returns', () => {
    const source = new Subject<{ id: number }>();
    const failure = new Error('no id');
    const errors: unknown[] = [];
    source
      .pipe(batchRequests((requests: { id: number }[]) => new Map(requests.map((r) => [r.id, r.id])), {
        maxSize: 1,
        key: () => { throw failure; },
      }))
      .subscribe({ error: (error: unknown) => errors.push(error) });
    expect(() => source.next({ id: 1 })).not.toThrow();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).cause).toBe(failure);
  });

  it('a user callback that throws inside bufferTimeOrCount reaches error and unsubscribes from the source', () => {
    const source = new Subject<number>();
    const failure = new Error('canTake broke');
    const errors: unknown[] = [];
    const ready = new Subject<void>();
    source
      .pipe(bufferTimeOrCount({ maxSize: 10, maxDelayMs: 5, downstream: { canTake: () => { throw failure; }, ready } }))
      .subscribe({ error: (error: unknown) => errors.push(error) });
    expect(() => source.next(1)).not.toThrow();
    expect(errors).toEqual([failure]);
    expect(source.observed).toBe(false);
  });
});

describe('bufferTimeOrCount’s signals are linked to its subscriber', () => {
  it('an error from the flush notifier errors the stream', () => {
    const flush = new Subject<void>();
    const errors: unknown[] = [];
    new Subject<number>().pipe(bufferTimeOrCount({ maxSize: 10, maxDelayMs: 5, flush })).subscribe({ error: (e) => errors.push(e) });
    const failure = new Error('flush broke');
    flush.error(failure);
    expect(errors).toEqual([failure]);
  });

  it('unsubscribing stops listening to the flush notifier', () => {
    const flush = new Subject<void>();
    const subscription = new Subject<number>().pipe(bufferTimeOrCount({ maxSize: 10, maxDelayMs: 5, flush })).subscribe();
    expect(flush.observed).toBe(true);
    subscription.unsubscribe();
    expect(flush.observed).toBe(false);
  });
});

describe('batchRequests: calls hold their slot until they return; unsubscribing aborts them', () => {
  it('aborts the signal of every running call when the subscriber unsubscribes', () => {
    const signals: AbortSignal[] = [];
    const source = new Subject<number>();
    const subscription = source
      .pipe(batchRequests((requests: number[], context) => {
        signals.push(context.signal);
        return new Promise<number[]>(() => {});
      }, { maxSize: 1 }))
      .subscribe();
    source.next(1);
    source.next(2);
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
    subscription.unsubscribe();
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    expect((signals[0].reason as Error).message).toBe(
      'The batch was cancelled: its subscriber unsubscribed before the batch function returned',
    );
  });
});
