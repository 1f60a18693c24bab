import type { CallControl } from '../../operators/internal/batchContext.js';

/** A batch function call as `RunningCalls` links it: the call itself is the list node. */
export interface RunningCall {
  /** The attempt running now, or the wait for the next one (`retry`): what a deadline gives up on. */
  context: CallControl;
  previousRunning: RunningCall | undefined;
  nextRunning: RunningCall | undefined;
}

/**
 * The batch function calls running now, so that a `close` deadline can give up on each of them.
 *
 * A list threaded through the calls themselves: adding and removing one is a few field writes, with no hash
 * table touched per batch (a long-lived Set or Map with an entry added and deleted per batch makes V8 promote
 * short-lived objects; see bench/README.md).
 */
export class RunningCalls {
  private first: RunningCall | undefined = undefined;

  add(call: RunningCall): void {
    call.nextRunning = this.first;
    if (this.first !== undefined) this.first.previousRunning = call;
    this.first = call;
  }

  remove(call: RunningCall): void {
    const { previousRunning, nextRunning } = call;
    if (previousRunning === undefined) {
      if (this.first === call) this.first = nextRunning;
    } else {
      previousRunning.nextRunning = nextRunning;
    }
    if (nextRunning !== undefined) nextRunning.previousRunning = previousRunning;
    call.previousRunning = call.nextRunning = undefined;
  }

  /** Gives up on every running call with the error `reasonFor` makes; each call then leaves the list. */
  giveUpAll(reasonFor: () => unknown): void {
    for (let call = this.first; call !== undefined; call = this.first) {
      this.remove(call);
      call.context.giveUp(reasonFor());
    }
  }
}
