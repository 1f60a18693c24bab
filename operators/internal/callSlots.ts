import type { BusyDownstream } from './batchBuffer.js';
import { blankInstance } from './blankInstance.js';
import { Signal } from './signal.js';

/** Keeps `CallSlots`' hidden class (see `blankInstance`). */
let blankSlots: CallSlots | undefined;

/**
 * The concurrency limit of a `mergeCalls` stage, and the one place its calls are counted: how many run and
 * how many wait for a slot. `mergeCalls` keeps the counts and says when a call is over (`ready`); a stage before
 * it reads `canTake` to know whether a batch it sends now would start at once, and the batcher reports `running`
 * as `stats.inFlight`. One `CallSlots` belongs to one subscription of one `mergeCalls`.
 */
export class CallSlots implements BusyDownstream {
  /** Calls started and not yet reported. */
  running = 0;
  /** Values waiting for a slot. */
  waiting = 0;

  /** @param limit The most calls running at once, an integer from 1 and up or `Infinity`. */
  constructor(readonly limit: number) {
    blankSlots ??= blankInstance(() => new CallSlots(limit));
  }

  private readySignal: Signal | undefined = undefined;

  /** Emits after each call is over and its result has gone out: a slot may be free (a `BusyDownstream`'s `ready`). */
  get ready(): Signal {
    return (this.readySignal ??= new Signal());
  }

  /** Called by `mergeCalls` once a call is over. */
  notifyFreed(): void {
    this.readySignal?.emit();
  }

  /** Whether one more value would start a call at once (a `BusyDownstream`'s `canTake`). */
  canTake(): boolean {
    return this.running + this.waiting < this.limit;
  }
}
