import { Observable, type OperatorFunction } from 'rxjs';
import { subscribeLinked } from './subscribeLinked.js';

/**
 * Starts one call for `value`, which reports its single result to `done` (`undefined`: the call had nothing to
 * do, and nothing is emitted); returns how to cancel it, if it is still running.
 */
export type StartCall<T, R> = (value: T, done: (result: R | undefined) => void) => (() => void) | undefined;

/**
 * `mergeMap` for calls that settle once: runs `start` for each source value with at most `concurrency` calls in
 * flight, queues the rest in arrival order, and emits each call's result as it comes. Completes when the
 * source has completed and every call has reported; unsubscribing cancels the calls still running.
 *
 * The batcher's dispatch stage. RxJS's `mergeMap` would need an inner Observable and subscriber per batch,
 * and removes finished ones with a linear search over every running one; with thousands of batches in flight
 * that was a tenth of a closed loop's time. A call here is one callback.
 *
 * ## Example
 * ```ts
 * batches$.pipe(mergeCalls((batch, done) => { backend(batch).then(done); return undefined; }, 4));
 * ```
 *
 * @param start Starts a call; must call `done` exactly once, synchronously or later.
 * @param concurrency The most calls in flight, an integer from 1 and up or `Infinity`.
 * @returns An operator emitting one result per source value, in the order calls finish.
 */
export function mergeCalls<T, R>(start: StartCall<T, R>, concurrency: number): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const waiting: T[] = [];
      let nextWaiting = 0;
      let active = 0;
      let draining = false;
      let sourceComplete = false;
      const cancels = new Set<() => void>();

      const run = (value: T) => {
        active++;
        let finished = false;
        let cancel: (() => void) | undefined;
        cancel = start(value, (result) => {
          if (finished) return;
          finished = true;
          active--;
          if (cancel !== undefined) cancels.delete(cancel);
          if (result !== undefined) subscriber.next(result);
          drain();
        });
        if (!finished && cancel !== undefined) cancels.add(cancel);
      };

      // A loop rather than recursion: a synchronous call finishes inside `run`, and with thousands queued the
      // stack would grow by one frame per batch.
      const drain = () => {
        if (draining) return;
        draining = true;
        while (active < concurrency && nextWaiting < waiting.length && !subscriber.closed) {
          const value = waiting[nextWaiting];
          waiting[nextWaiting++] = undefined as T;
          run(value);
        }
        if (nextWaiting === waiting.length) {
          waiting.length = 0;
          nextWaiting = 0;
        }
        draining = false;
        if (sourceComplete && active === 0 && nextWaiting === waiting.length) subscriber.complete();
      };

      subscribeLinked(source, subscriber, {
        next(value) {
          waiting.push(value);
          drain();
        },
        error: (error) => subscriber.error(error),
        complete() {
          sourceComplete = true;
          drain();
        },
      });

      return () => {
        waiting.length = 0;
        for (const cancel of cancels) cancel();
        cancels.clear();
      };
    });
}
