import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { CallSlots } from './callSlots.js';
import { FifoQueue } from './fifoQueue.js';
import { blankInstance } from './blankInstance.js';
import { OperatorSubscriber, subscribeToSourceWith } from './operatorSubscriber.js';

/** Keeps `CallRunner`'s hidden class (see `blankInstance`). */
let blankRunner: CallRunner<unknown, unknown, unknown> | undefined;

/**
 * Starts one call for `value`, which reports its single result to `done` (`undefined`: the call had nothing to
 * do, and nothing is emitted); returns how to cancel it, if it is still running.
 */
export type StartCall<T, R> = (value: T, done: (result: R | undefined) => void) => (() => void) | undefined;

/**
 * Starts calls whose input is fixed the moment their value arrives, though the call may wait for a slot: the
 * batcher pairs each batch with its callers as the buffer sends it. An object rather than two closures, since a
 * batcher made per incoming request subscribes this stage each time.
 */
export interface CallStarter<T, R, C> {
  /** Called for each value as it arrives, in order: what its call starts from. */
  arrive(value: T): C;
  /** Starts the call (a `StartCall`). */
  start(input: C, done: (result: R | undefined) => void): (() => void) | undefined;
}

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
 * @param start Starts a call; must call `done` exactly once, synchronously or later. Or a `CallStarter`.
 * @param concurrency The most calls in flight, an integer from 1 and up or `Infinity`; or the `CallSlots` to
 *   count them in, for a stage before this one that needs to know whether a slot is free.
 * @param order `'finish'` (the default) or `'start'`; see `ResultOrder`.
 * @returns An operator emitting one result per source value.
 */
export function mergeCalls<T, R, C = T>(
  start: StartCall<T, R> | CallStarter<T, R, C>,
  concurrency: number | CallSlots,
  order: ResultOrder = 'finish',
): OperatorFunction<T, R> {
  const starter = typeof start === 'function' ? new StartEach<T, R>(start) : start;
  return (source) =>
    new Observable<R>((subscriber) => {
      const slots = typeof concurrency === 'number' ? new CallSlots(concurrency) : concurrency;
      const runner = new CallRunner<T, R, C>(subscriber, starter as CallStarter<T, R, C>, slots, order);
      subscribeToSourceWith(source, subscriber, runner);
      return () => runner.cancelAll();
    });
}

/**
 * One subscription of `mergeCalls`, subscribed to its source: the values waiting for a slot, the running calls,
 * the results held back. What only some subscriptions need (a queue for values, the results kept in start order)
 * is made the first time it is needed.
 */
class CallRunner<T, R, C> extends OperatorSubscriber<T> {
  private waiting: FifoQueue<C> | undefined = undefined;
  private draining = false;
  private sourceComplete = false;
  // The running calls that can be cancelled, as a list threaded through the calls: a long-lived Set with an
  // entry added and deleted per call makes V8 promote short-lived objects (bench/README.md).
  private cancellable: RunningCall | undefined = undefined;
  /** In start order: each started call's result, or `notYet`, until every earlier one has gone out. */
  private held: FifoQueue<R | undefined | typeof notYet> | undefined = undefined;

  constructor(
    private readonly results: Subscriber<R>,
    private readonly starter: CallStarter<T, R, C>,
    private readonly slots: CallSlots,
    private readonly order: ResultOrder,
  ) {
    super();
    blankRunner ??= blankInstance(() => new CallRunner(undefined as never, undefined as never, undefined as never, order));
  }

  protected onValue(value: T): void {
    const { slots } = this;
    const input = this.starter.arrive(value);
    // A free slot and nobody ahead: the call starts at once, without passing through the queue.
    if (!this.draining && this.waiting?.isEmpty !== false && slots.running < slots.limit && !this.results.closed) {
      this.draining = true;
      this.run(input);
      this.draining = false;
      this.drain();
      return;
    }
    slots.waiting++;
    (this.waiting ??= new FifoQueue<C>()).push(input);
    this.drain();
  }

  protected onError(error: unknown): void {
    this.results.error(error);
  }

  protected onComplete(): void {
    this.sourceComplete = true;
    this.drain();
  }

  cancelAll(): void {
    if (this.waiting !== undefined) {
      this.slots.waiting -= this.waiting.length;
      this.waiting.clear();
    }
    this.held?.clear();
    // Oldest first, the order the calls started in: the list has the newest at its head.
    let oldest = this.cancellable;
    while (oldest?.next !== undefined) oldest = oldest.next;
    for (let call = oldest; call !== undefined; ) {
      const { cancel, previous } = call;
      this.unlink(call);
      call.cancel = undefined; // out of the list: a cancel that reports the call must not unlink it again
      cancel!();
      call = previous;
    }
  }

  // A loop rather than recursion: a synchronous call finishes inside `run`, and with thousands queued the
  // stack would grow by one frame per batch.
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const { slots, waiting, results } = this;
    if (waiting !== undefined) {
      while (slots.running < slots.limit && !waiting.isEmpty && !results.closed) {
        slots.waiting--;
        this.run(waiting.shift()!);
      }
    }
    this.draining = false;
    // Not while results are still being handed out in start order: a subscriber that completes the source on
    // an earlier result must not cut off the later ones.
    if (this.sourceComplete && slots.running === 0 && this.waiting?.isEmpty !== false && this.held?.isEmpty !== false) {
      results.complete();
    }
  }

  private run(input: C): void {
    this.slots.running++;
    const position = this.order === 'start' ? (this.held ??= new FifoQueue()).push(notYet) : 0;
    const call: RunningCall = { finished: false, position, cancel: undefined, previous: undefined, next: undefined };
    const cancel = this.starter.start(input, (result) => this.callDone(call, result));
    if (!call.finished && cancel !== undefined) {
      call.cancel = cancel;
      call.next = this.cancellable;
      if (this.cancellable !== undefined) this.cancellable.previous = call;
      this.cancellable = call;
    }
  }

  private callDone(call: RunningCall, result: R | undefined): void {
    if (call.finished) return;
    call.finished = true;
    this.slots.running--;
    if (call.cancel !== undefined) this.unlink(call);
    if (this.order === 'start') this.emitInStartOrder(call.position, result);
    else if (result !== undefined) this.results.next(result);
    this.drain();
    this.slots.notifyFreed();
  }

  private unlink(call: RunningCall): void {
    const { previous, next } = call;
    if (previous === undefined) this.cancellable = next;
    else previous.next = next;
    if (next !== undefined) next.previous = previous;
    call.previous = call.next = undefined;
  }

  private emitInStartOrder(position: number, result: R | undefined): void {
    const held = this.held!;
    held.set(position, result);
    while (!held.isEmpty && held.peek() !== notYet) {
      const next = held.shift() as R | undefined;
      if (next !== undefined) this.results.next(next);
    }
  }
}

/** A call started and not yet reported. A record made by an object literal, as `OpenBatch` is (see there). */
interface RunningCall {
  finished: boolean;
  /** Its place in the results kept in start order. */
  readonly position: number;
  /** How to cancel it, once its start returned that; then it is in its runner's list. */
  cancel: (() => void) | undefined;
  previous: RunningCall | undefined;
  next: RunningCall | undefined;
}

/** A `StartCall` as a `CallStarter`: each call starts from its value. */
class StartEach<T, R> implements CallStarter<T, R, T> {
  constructor(readonly start: StartCall<T, R>) {}

  arrive(value: T): T {
    return value;
  }
}
