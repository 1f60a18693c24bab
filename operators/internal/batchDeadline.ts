import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { runAtEndOfTick, type EndOfTickWork } from './endOfTick.js';
import { blankInstance } from './blankInstance.js';

/** Keeps `BatchDeadline`'s hidden class (see `blankInstance`). */
let blankDeadline: BatchDeadline | undefined;

const hasMonotonicClock = typeof performance !== 'undefined' && typeof performance.now === 'function';

/** The buffer a deadline works for. */
export interface DeadlineOwner {
  /** Whether a batch is being filled: the timer has something to send. */
  isFilling(): boolean;
  /** The batch being filled has waited `maxDelayMs`. */
  deadlinePassed(): void;
}

/**
 * The timer of the batch being filled, in one place: armed at a batch's first value, due `maxDelayMs` later,
 * never early, and never left running while nothing is buffered.
 *
 * - A batch cut by count leaves its timer armed for a moment: in a synchronous burst the next batch starts at
 *   the same scheduler instant and needs exactly that deadline, so thousands of batches share one timer instead
 *   of arming and cancelling one each. At the end of the current job, a timer left with nothing to send is
 *   cancelled, so no timer outlives the queue.
 * - Node fires a timer up to a millisecond early as a monotonic clock sees it (libuv counts whole milliseconds
 *   from a cached loop time), so on a real clock the timer checks `performance.now()` and re-arms for what is
 *   left. A virtual clock (TestScheduler) is exact already.
 * - On the default scheduler's real clock, a delay of 0 means "what this tick submits" (dataloader's schedule),
 *   not a 1 ms timer; a virtual clock keeps its own zero delay, so tests stay exact.
 *
 * It calls back an owner (without policies, the buffer itself) and makes its timer callback only when it first
 * needs one: a batcher made per incoming request makes one of these each time.
 */
export class BatchDeadline implements EndOfTickWork {
  private timer: Subscription | null = null;
  /** Armed for the end of this tick (a delay of 0 on the default scheduler's real clock). */
  private dueAtEndOfTick = false;
  endOfTickList: EndOfTickWork[] | undefined = undefined;
  // The two clock readings start as NaN, not 0: a field that starts as a small integer and is later given a clock
  // reading (a fraction, or a number past 2^31) moves every deadline to a new hidden class, and leaves the blank
  // instance (see `blankInstance`) on the old one, where it keeps nothing.
  /** The scheduler's clock when the timer was armed: a batch starting at that same instant shares it. */
  private armedAt = NaN;
  /** `performance.now()` at the batch's first value, on a real clock. */
  private firstValueAt = NaN;
  private realTime = false;
  private spareCheckQueued = false;
  private fireOnTimer: (() => void) | undefined = undefined;

  constructor(
    private readonly maxDelayMs: number,
    private readonly scheduler: SchedulerLike,
    private readonly owner: DeadlineOwner,
  ) {
    blankDeadline ??= blankInstance(() => new BatchDeadline(maxDelayMs, undefined as never, undefined as never));
  }

  /** A batch's first value has arrived: its deadline is `maxDelayMs` from now. */
  start(): void {
    const now = this.scheduler.now();
    if (this.isArmed && this.armedAt === now) {
      if (this.realTime && this.maxDelayMs > 0) this.firstValueAt = performance.now();
      return;
    }
    // A scheduler whose clock is the wall clock is real time; TestScheduler's virtual frames are not.
    this.realTime = hasMonotonicClock && Math.abs(now - Date.now()) <= 1;
    // A batch due at once has nothing to wait out, so it needs no reading of the monotonic clock.
    if (this.realTime && this.maxDelayMs > 0) this.firstValueAt = performance.now();
    this.cancel();
    this.armedAt = now;
    if (this.maxDelayMs === 0 && this.realTime && this.scheduler === asyncScheduler) {
      this.dueAtEndOfTick = true;
      runAtEndOfTick(this);
      return;
    }
    const timer = this.scheduler.schedule(this.fireWhenDue(), this.maxDelayMs);
    // A synchronous scheduler (`queueScheduler` with a delay of 0) has already fired it: nothing is armed.
    if (this.owner.isFilling()) this.timer = timer;
  }

  /** The batch went out before its time, by count: the timer stays for a batch starting this instant, if any. */
  keepForThisInstant(): void {
    if (!this.isArmed || this.spareCheckQueued) return;
    this.spareCheckQueued = true;
    void Promise.resolve().then(() => {
      this.spareCheckQueued = false;
      if (!this.owner.isFilling()) this.cancel();
    });
  }

  cancel(): void {
    this.dueAtEndOfTick = false;
    const timer = this.timer;
    this.timer = null;
    timer?.unsubscribe();
  }

  /** The end of the tick it was armed for (`EndOfTickWork`). */
  atEndOfTick(): void {
    if (!this.dueAtEndOfTick) return;
    this.dueAtEndOfTick = false;
    this.owner.deadlinePassed();
  }

  // Made the first time a timer is armed: a batcher that only ever dispatches at the end of the tick needs none.
  private fireWhenDue(): () => void {
    return (this.fireOnTimer ??= () => this.fire());
  }

  private fire(): void {
    this.timer = null; // this action is finishing; it must not be cancelled from inside itself
    if (this.realTime && this.owner.isFilling()) {
      const left = this.maxDelayMs - (performance.now() - this.firstValueAt);
      if (left > 0) {
        this.armedAt = this.scheduler.now();
        this.timer = this.scheduler.schedule(this.fireWhenDue(), left);
        return;
      }
    }
    this.owner.deadlinePassed();
  }

  private get isArmed(): boolean {
    return this.timer !== null || this.dueAtEndOfTick;
  }
}
