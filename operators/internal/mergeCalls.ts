import { Observable, type OperatorFunction } from 'rxjs';
import { CallSlots } from './callSlots.js';
import { FifoQueue } from './fifoQueue.js';
import { subscribeToSource } from './operatorSubscriber.js';

/**
 * Starts one call for `value`, which reports its single result to `done` (`undefined`: the call had nothing to
 * do, and nothing is emitted); returns how to cancel it, if it is still running.
 */
export type StartCall<T, R> = (value: T, done: (result: R | undefined) => void) => (() => void) | undefined;

/**
 * Which order results go out in: as calls finish (`mergeMap`'s), or in the order the calls were started,
 * a result that finished early being held back until every earlier one has gone out.
 */
export type ResultOrder = 'finish' | 'start';

/** Marks a call, started in `'start'` order, whose result is not in yet. */
const notYet: unique symbol = Symbol('not yet');

/**
 * `mergeMap` for calls that settle once: runs `start` for each source value with at most `concurrency` calls in
 * flight, queues the rest in arrival order, and emits each call's result as it comes, or in start order.
 * Completes when the source has completed and every call has reported; unsubscribing cancels the calls still
 * running.
 *
 * The batcher's dispatch stage. RxJS's `mergeMap` needs an inner Observable and subscriber per batch, and
 * removes a finished one with a linear search over every running one, which thousands of batches in flight
 * feel; a call here is one callback, and keeping results in start order is a queue of the ones held back
 * rather than a second `mergeMap` to re-order them.
 *
 * ## Example
 * ```ts
 * batches$.pipe(mergeCalls((batch, done) => { backend(batch).then(done); return undefined; }, 4));
 * ```
 *
 * @param start Starts a call; must call `done` exactly once, synchronously or later.
 * @param concurrency The most calls in flight, an integer from 1 and up or `Infinity`; or the `CallSlots` to
 *   count them in, for a stage before this one that needs to know whether a slot is free.
 * @param order `'finish'` (the default) or `'start'`; see `ResultOrder`.
 * @returns An operator emitting one result per source value.
 */
export function mergeCalls<T, R>(
  start: StartCall<T, R>,
  concurrency: number | CallSlots,
  order: ResultOrder = 'finish',
): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const slots = typeof concurrency === 'number' ? new CallSlots(concurrency) : concurrency;
      const waiting = new FifoQueue<T>();
      let draining = false;
      let sourceComplete = false;
      // The cancel functions of running calls, by slot, and the slots free for reuse: a long-lived Set with an
      // entry added and deleted per call makes V8 promote short-lived objects (bench/README.md).
      const cancels: Array<(() => void) | undefined> = [];
      const freeSlots: number[] = [];
      /** In start order: each started call's result, or `notYet`, until every earlier one has gone out. */
      const held = new FifoQueue<R | undefined | typeof notYet>();

      const emitInStartOrder = (position: number, result: R | undefined) => {
        held.set(position, result);
        while (!held.isEmpty && held.peek() !== notYet) {
          const next = held.shift() as R | undefined;
          if (next !== undefined) subscriber.next(next);
        }
      };

      const run = (value: T) => {
        slots.running++;
        let finished = false;
        let slot = -1;
        const position = order === 'start' ? held.push(notYet) : 0;
        const cancel = start(value, (result) => {
          if (finished) return;
          finished = true;
          slots.running--;
          if (slot >= 0) {
            cancels[slot] = undefined;
            freeSlots.push(slot);
          }
          if (order === 'start') emitInStartOrder(position, result);
          else if (result !== undefined) subscriber.next(result);
          drain();
          slots.notifyFreed();
        });
        if (!finished && cancel !== undefined) {
          slot = freeSlots.length > 0 ? freeSlots.pop()! : cancels.length;
          cancels[slot] = cancel;
        }
      };

      // A loop rather than recursion: a synchronous call finishes inside `run`, and with thousands queued the
      // stack would grow by one frame per batch.
      const drain = () => {
        if (draining) return;
        draining = true;
        while (slots.running < slots.limit && !waiting.isEmpty && !subscriber.closed) {
          slots.waiting--;
          run(waiting.shift()!);
        }
        draining = false;
        // Not while results are still being handed out in start order: a subscriber that completes the source
        // on an earlier result must not cut off the later ones.
        if (sourceComplete && slots.running === 0 && waiting.isEmpty && held.isEmpty) subscriber.complete();
      };

      subscribeToSource(source, subscriber, {
        next(value) {
          slots.waiting++;
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
        slots.waiting -= waiting.length;
        waiting.clear();
        held.clear();
        for (const cancel of cancels.splice(0)) cancel?.();
        freeSlots.length = 0;
      };
    });
}
