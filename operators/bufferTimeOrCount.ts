import { OperatorSubscriber, subscribeToSource, subscribeToSourceWith, type SourceHandlers } from './internal/operatorSubscriber.js';
import { validateBufferArguments } from './internal/validateOptions.js';
import { scheduleAtEndOfTick } from './internal/endOfTick.js';
import { asyncScheduler, Observable, type ObservableInput, type OperatorFunction, type SchedulerLike, type Subscription, from } from 'rxjs';

/** Bounds on the room a batch's array is made with; past them it grows by `push`. */
const smallestCapacity = 16;
const largestCapacity = 1024;

const hasMonotonicClock = typeof performance !== 'undefined' && typeof performance.now === 'function';

/** The long form of `bufferTimeOrCount`'s arguments. */
export interface BufferTimeOrCountConfig {
  /** Emit a batch the moment it holds this many items. */
  maxSize: number;
  /** Emit a batch this many milliseconds after its first item arrived. */
  maxDelayMs: number;
  /** Runs the timer. @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Each emission closes the current batch at once, if it holds anything (a `flush()` button). */
  flush?: ObservableInput<unknown>;
  /**
   * The stage after this one, when it can be busy (workers, a concurrency limit). While `canTake()` is false,
   * a batch is not cut on time: it keeps filling, up to `maxSize`, and is cut the moment `ready` emits and
   * `canTake()` holds — if its time is up, or if it began while the next stage was busy (its values have been
   * waiting for room, not for company). So batches cut while every worker is busy are as large as they can
   * be, instead of queueing half full behind the busy ones (Triton's dynamic batching).
   */
  downstream?: { canTake: () => boolean; ready: ObservableInput<unknown> };
}

/**
 * Buffers values into arrays, emitting each when it is full or when its first value has waited long enough.
 *
 * Unlike `bufferTime(span, null, max)`, the timer starts with a batch's first value (not on a fixed clock),
 * no empty array is ever emitted, and no timer runs while nothing is buffered, so an idle process can exit.
 * A full batch is emitted synchronously, in the call stack of the value that filled it. On complete, what is
 * buffered is emitted before completing; on error, the error is forwarded at once, as every RxJS buffer does.
 *
 * ## Example
 * ```ts
 * import { interval, take } from 'rxjs';
 * import { bufferTimeOrCount } from 'rx-batcher/operators';
 *
 * // [0, 1, 2], [3, 4, 5], … or fewer if 1 s passes before a batch fills
 * interval(100).pipe(take(10), bufferTimeOrCount(3, 1000)).subscribe(console.log);
 * ```
 *
 * @param maxSize The most items in one batch, an integer from 1 and up.
 * @param maxDelayMs The longest the first item of a batch waits, in milliseconds.
 * @param scheduler Runs the timer; defaults to `asyncScheduler`.
 * @returns An operator emitting non-empty arrays of the source's values, in order.
 */
export function bufferTimeOrCount<T>(maxSize: number, maxDelayMs: number, scheduler?: SchedulerLike): OperatorFunction<T, T[]>;
export function bufferTimeOrCount<T>(config: BufferTimeOrCountConfig): OperatorFunction<T, T[]>;
export function bufferTimeOrCount<T>(
  maxSizeOrConfig: number | BufferTimeOrCountConfig,
  maxDelayMsArgument?: number,
  schedulerArgument?: SchedulerLike,
): OperatorFunction<T, T[]> {
  const config: Partial<BufferTimeOrCountConfig> = typeof maxSizeOrConfig === 'object' && maxSizeOrConfig !== null
    ? maxSizeOrConfig
    : { maxSize: maxSizeOrConfig, maxDelayMs: maxDelayMsArgument, scheduler: schedulerArgument };
  const { maxSize, maxDelayMs, scheduler } = validateBufferArguments(config.maxSize, config.maxDelayMs, config.scheduler);
  const { flush, downstream } = config;

  return (source) =>
    new Observable<T[]>((subscriber) => {
      // A batch's array is made at the size of the batch before it and filled by index, rather than grown by
      // `push` (about 3× faster for batches of 100, bench/README.md); sizing it by the last batch rather than
      // by `maxSize` keeps small batches (a batcher per incoming request) from allocating room they never use.
      let capacity = Math.min(maxSize, smallestCapacity);
      let timer: Subscription | null = null;
      let timerArmedAt = 0;
      let firstValueAt = 0;
      let realTime = false;
      let spareTimerCheckQueued = false;
      /** The current batch's time is up, but the next stage could not take it yet. */
      let due = false;
      /** The current batch began while the next stage was busy. */
      let startedBlocked = false;

      const cancelTimer = () => {
        const pendingTimer = timer;
        timer = null;
        pendingTimer?.unsubscribe();
      };

      // Takes the batch out of state before emitting, so a subscriber that feeds the source re-entrantly
      // starts a fresh batch instead of mutating the one being delivered.
      // A batch cut before it filled its array gives back the unused room.
      const takeBatch = (): T[] => {
        const batch = upstream.buffer!;
        upstream.buffer = null;
        due = false;
        startedBlocked = false;
        const { size } = upstream;
        if (size < batch.length) batch.length = size;
        capacity = Math.min(maxSize, largestCapacity, Math.max(smallestCapacity, size));
        return batch;
      };

      const emit = () => {
        const batch = upstream.buffer === null ? null : takeBatch();
        cancelTimer();
        if (batch !== null) subscriber.next(batch);
      };

      const emitOnTimer = () => {
        timer = null; // this action is finishing; it must not be cancelled from inside itself
        // Node fires a timer up to a millisecond early as a monotonic clock sees it (libuv counts whole
        // milliseconds from a cached loop time). A batch must not leave before its first value has waited
        // `maxDelayMs`, so on a real clock the timer checks, and re-arms for what is left.
        if (realTime && upstream.buffer !== null) {
          const left = maxDelayMs - (performance.now() - firstValueAt);
          if (left > 0) {
            timerArmedAt = scheduler.now();
            timer = scheduler.schedule(emitOnTimer, left);
            return;
          }
        }
        if (upstream.buffer !== null && downstream !== undefined && !downstream.canTake()) {
          due = true;
          return;
        }
        emit();
      };

      // A batch cut by count leaves its timer armed for a moment: in a synchronous burst the next batch starts
      // at the same scheduler instant and needs exactly that deadline, so thousands of batches share one timer
      // instead of arming and cancelling one each. Before anything else can run — the end of the current
      // job — a timer left with nothing to send is cancelled, so no timer outlives the queue.
      const emitFullBatch = () => {
        const batch = takeBatch();
        if (timer !== null && !spareTimerCheckQueued) {
          spareTimerCheckQueued = true;
          Promise.resolve().then(cancelSpareTimer);
        }
        subscriber.next(batch);
      };

      const cancelSpareTimer = () => {
        spareTimerCheckQueued = false;
        if (upstream.buffer === null) cancelTimer();
      };

      const startTimer = () => {
        const now = scheduler.now();
        // A timer armed at this very instant is this batch's timer too, and its clock is already known.
        if (timer === null || timerArmedAt !== now) {
          // A scheduler whose clock is the wall clock is real time; TestScheduler's virtual frames are not, and
          // are exact already.
          realTime = hasMonotonicClock && Math.abs(now - Date.now()) <= 1;
          // A batch due at once has nothing to wait out, so it needs no reading of the monotonic clock.
          if (realTime && maxDelayMs > 0) firstValueAt = performance.now();
          cancelTimer();
          timerArmedAt = now;
          // On the default scheduler's real clock, a delay of 0 means "what this tick submits" (dataloader's
          // schedule) rather than a 1 ms timer; a virtual clock keeps its own zero delay, so tests stay exact.
          const armed = maxDelayMs === 0 && realTime && scheduler === asyncScheduler
            ? scheduleAtEndOfTick(emitOnTimer)
            : scheduler.schedule(emitOnTimer, maxDelayMs);
          // A synchronous scheduler (`queueScheduler` with a delay of 0) has already fired it: nothing is armed.
          if (upstream.buffer !== null) timer = armed;
        } else if (realTime && maxDelayMs > 0) {
          firstValueAt = performance.now();
        }
      };

      // The batch being filled, and how many values it holds, live on the subscriber to the source (see
      // `BufferingSubscriber`). Made before anything is subscribed: a `flush` that emits at once (a
      // BehaviorSubject) already reads it.
      const upstream: BufferingSubscriber<T> = new BufferingSubscriber<T>(maxSize, {
        // The first value of a batch, one that needs more room, or the one that fills the batch.
        next(value) {
          let buffer = upstream.buffer;
          const startsBatch = buffer === null;
          if (buffer === null) {
            buffer = upstream.buffer = new Array<T>(capacity);
            upstream.size = 0;
            startedBlocked = downstream !== undefined && !downstream.canTake();
          }
          if (upstream.size < buffer.length) buffer[upstream.size] = value;
          else buffer.push(value);
          // The timer starts once the value is in: a synchronous scheduler may fire it inside `startTimer`.
          if (++upstream.size >= maxSize) emitFullBatch();
          else if (startsBatch) startTimer();
        },
        error(error) {
          upstream.buffer = null;
          subscriber.error(error);
        },
        complete() {
          emit();
          subscriber.complete();
        },
      });
      // The signals are linked to the subscriber like the source: unsubscribing ends them, and an error in one
      // errors the stream, as a closing notifier's does in RxJS's `buffer`.
      const forwardError = (error: unknown) => subscriber.error(error);
      const ignoreComplete = () => {};
      if (flush !== undefined) subscribeToSource(from(flush), subscriber, { next: emit, error: forwardError, complete: ignoreComplete });
      if (downstream !== undefined) {
        const onReady = () => {
          if ((due || startedBlocked) && downstream.canTake()) emit();
        };
        subscribeToSource(from(downstream.ready), subscriber, { next: onReady, error: forwardError, complete: ignoreComplete });
      }

      subscribeToSourceWith(source, subscriber, upstream);

      return () => {
        upstream.buffer = null;
        cancelTimer();
      };
    });
}

/**
 * The buffer's subscriber to its source. Most values only join the batch being filled, so that path is this
 * class's own `next`: one monomorphic call per value, where a shared subscriber calling back into a handler
 * object would be two, the second megamorphic in any process with several operators. Everything else — the
 * first value of a batch, growing its array, the value that fills it — goes to `handlers.next`.
 */
class BufferingSubscriber<T> extends OperatorSubscriber<T> {
  /** The batch being filled, made at its first value; `null` between batches. */
  buffer: T[] | null = null;
  /** How many values `buffer` holds. */
  size = 0;

  constructor(
    private readonly maxSize: number,
    handlers: SourceHandlers<T>,
  ) {
    super(handlers);
  }

  override next(value: T): void {
    if (this.isStopped) return;
    const { buffer, size } = this;
    if (buffer !== null && size + 1 < this.maxSize && size < buffer.length) {
      buffer[size] = value;
      this.size = size + 1;
    } else {
      this.handle(value);
    }
  }
}
