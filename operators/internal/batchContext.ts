import type { BatchContext } from './batchFunction.js';

/**
 * What the batcher does to a call from outside, whatever stage the call is in: tell it nobody waits any more
 * (`abort`), or stop waiting for it (`giveUp`). A call that is trying again (`retry`) is reached the same way
 * while it waits for its next attempt, so its callers leaving or a `close` deadline end that wait too.
 */
export interface CallControl {
  abort(reason: unknown): void;
  giveUp(reason: unknown): void;
  /** One of the call's callers left, others may still wait: a call waiting to retry checks whether anyone waits for the retry. */
  callerLeft?(): void;
}

/**
 * The `context` handed to one batch function call. Its `AbortController` is made only when the batch function
 * reads `signal`: most batch functions never do, and one controller per batch is a measurable cost on the
 * stream path.
 *
 * Aborting and giving up are two things. `abort` tells the batch function that nobody waits for its result any
 * more (every caller left), but the call keeps its concurrency slot until the function returns: the backend is
 * still busy. `giveUp` is the batcher's own decision to stop waiting (its `timeoutMs`, a `close` deadline): it
 * aborts too, and reports the call as failed so its slot frees at once.
 */
export class LazyBatchContext implements BatchContext, CallControl {
  /** Called once, when the batcher gives up on the call: the call is reported failed with `reason`. */
  onGiveUp: ((reason: unknown) => void) | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  /** Why it was aborted; meaningful once `aborted` is true. */
  abortReason: unknown = undefined;
  aborted = false;
  givenUp = false;

  constructor(
    readonly partition: string | number | undefined = undefined,
    readonly attempt = 1,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** Tells the batch function nobody waits for this call any more. Only the first reason counts. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** Stops waiting for the call: aborts its signal and reports it failed with `reason`. Only the first counts. */
  giveUp(reason: unknown): void {
    if (this.givenUp) return;
    this.givenUp = true;
    this.abort(reason);
    this.onGiveUp?.(reason);
  }
}
