import { Observable, type OperatorFunction } from 'rxjs';
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
 * The batcher's dispatch stage. RxJS's `mergeMap` would need an inner Observable and subscriber per batch,
 * and removes finished ones with a linear search over every running one; with thousands of batches in flight
 * that was a tenth of a closed loop's time. A call here is one callback, and keeping results in start order
 * is an array of the ones held back rather than a second `mergeMap` to re-order them.
 *
 * ## Example
 * ```ts
 * batches$.pipe(mergeCalls((batch, done) => { backend(batch).then(done); return undefined; }, 4));
 * ```
 *
 * @param start Starts a call; must call `done` exactly once, synchronously or later.
 * @param concurrency The most calls in flight, an integer from 1 and up or `Infinity`.
 * @param order `'finish'` (the default) or `'start'`; see `ResultOrder`.
 * @returns An operator emitting one result per source value.
 */
export function mergeCalls<T, R>(start: StartCall<T, R>, concurrency: number, order: ResultOrder = 'finish'): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const waiting: T[] = [];
      let nextWaiting = 0;
      let active = 0;
      let draining = false;
      let sourceComplete = false;
      // The cancel functions of running calls, by slot, and the slots free for reuse. Not a Set: a long-lived
      // Set (and the Map createBatcher used alike) with an entry added and deleted per call made V8 promote
      // most young objects once the batcher was in the old generation — measured over 16 closed-loop runs,
      // 635 MB promoted and 1.9M requests/s; with slots, 5 MB and 5.2M/s.
      const cancels: Array<(() => void) | undefined> = [];
      const freeSlots: number[] = [];
      // In start order: the results of calls started since the last time all had gone out, from `heldFrom` on,
      // and how many calls were started before that, so a call's sequence number finds its slot.
      const held: Array<R | undefined | typeof notYet> = [];
      let heldFrom = 0;
      let startedBeforeHeld = 0;

      const emitInStartOrder = (sequence: number, result: R | undefined) => {
        held[sequence - startedBeforeHeld] = result;
        while (heldFrom < held.length && held[heldFrom] !== notYet) {
          const next = held[heldFrom] as R | undefined;
          held[heldFrom++] = undefined;
          if (next !== undefined) subscriber.next(next);
        }
        // Under steady load some call is always running, so the released part at the front is dropped now and
        // then rather than only once everything has gone out; a slot is `sequence - startedBeforeHeld` either way.
        if (heldFrom === held.length || (heldFrom > 1024 && heldFrom * 2 > held.length)) {
          held.splice(0, heldFrom);
          startedBeforeHeld += heldFrom;
          heldFrom = 0;
        }
      };

      const run = (value: T) => {
        active++;
        let finished = false;
        let slot = -1;
        let sequence = 0;
        if (order === 'start') {
          sequence = startedBeforeHeld + held.length;
          held.push(notYet);
        }
        const cancel = start(value, (result) => {
          if (finished) return;
          finished = true;
          active--;
          if (slot >= 0) {
            cancels[slot] = undefined;
            freeSlots.push(slot);
          }
          if (order === 'start') emitInStartOrder(sequence, result);
          else if (result !== undefined) subscriber.next(result);
          drain();
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
        // Not while results are still being handed out in start order: a subscriber that completes the source
        // on an earlier result must not cut off the later ones.
        if (sourceComplete && active === 0 && nextWaiting === waiting.length && heldFrom === held.length) subscriber.complete();
      };

      subscribeToSource(source, subscriber, {
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
        held.length = 0;
        for (const cancel of cancels.splice(0)) cancel?.();
        freeSlots.length = 0;
      };
    });
}
