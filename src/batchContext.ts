import type { BatchContext } from './types.js';

/**
 * The `context` handed to one batch function call. Its `AbortController` is made only when the batch function
 * reads `signal`: most batch functions never do, and one controller per batch is a measurable cost on the
 * stream path.
 */
export class LazyBatchContext implements BatchContext {
  /** Called once on abort: the batcher stops waiting for a call nobody waits for, and frees its slot. */
  onAbort: ((reason: unknown) => void) | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  /** Why it was aborted; meaningful once `aborted` is true. */
  abortReason: unknown = undefined;
  aborted = false;

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
    this.onAbort?.(reason);
  }
}
