import type { SchedulerLike } from 'rxjs';
import type { LazyBatchContext } from './batchContext.js';
import type { BatchFunction } from './batchFunction.js';
import { collapseDuplicates } from './dedupe.js';
import type { BatchOutcome } from './invokeBatch.js';
import type { RetryPolicy } from './retryPolicy.js';
import { RetryingCall, type CallHost } from './retryingCall.js';

/** What the call stage needs besides the batch function: the options it acts on and how to read an item. */
export interface CallStageOptions<T, Req> {
  readonly timeoutMs: number | undefined;
  readonly scheduler: SchedulerLike;
  readonly retry: RetryPolicy<Req> | undefined;
  readonly dedupe: boolean;
  /** An item's key: to look its result up in a `Map` output, and to find duplicates. `undefined`: the item. */
  readonly keyOf: ((item: T) => unknown) | undefined;
  readonly requestOf: (item: T) => Req;
  /** Whether anyone still waits for an item's result: one nobody waits for is not tried again. */
  readonly isWanted: (item: T) => boolean;
  /** Called as each retry starts, to count it. */
  readonly onRetry?: () => void;
}

/**
 * The call stage with `retry` or `dedupe` on: each batch is one `RetryingCall`, sent with its duplicates
 * collapsed, tried again as `retry` says, and reported once with every item's final result.
 *
 * The retries of a batch happen inside its call, which keeps its concurrency slot through every backoff and
 * attempt: a retry goes ahead of every batch that is not started yet, and a backend that failed (often because
 * it is overloaded) is not sent new batches while the batcher backs off from it. Reporting once, at the end,
 * keeps "every call reports exactly one outcome", which everything after this stage relies on.
 */
export class CallStage<T, Req, Res, K> {
  /** Set by `close`: no retry starts after it. */
  closed = false;
  /** The calls waiting out a backoff, for `close` to fail. */
  readonly waiting = new Set<RetryingCall<T, Req, Res, K>>();

  constructor(
    readonly fn: BatchFunction<Req, Res, K>,
    readonly options: CallStageOptions<T, Req>,
  ) {}

  /**
   * Starts the call for `items`; `done` gets its one outcome, one result per item in item order.
   *
   * @param requests The requests of `items`, if the caller has them already (they are sent when nothing collapses).
   * @param host Where the attempt running now, or the wait for the next, is kept for callers and deadlines to reach.
   * @param context The first attempt's context.
   * @returns Cancels the call, or `undefined` if it is over.
   */
  start(
    items: readonly T[],
    requests: Req[] | undefined,
    host: CallHost,
    context: LazyBatchContext,
    done: (outcome: BatchOutcome<T>) => void,
  ): (() => void) | undefined {
    const { dedupe, keyOf } = this.options;
    const batch = dedupe ? collapseDuplicates(items, keyOf ?? identity) : { unique: items, slotOf: undefined };
    const call = new RetryingCall(this, items, batch, host, done);
    return call.start(context, batch.slotOf === undefined ? requests : undefined);
  }

  /** The batcher is closing: every call in a backoff fails now, and no retry starts from here on. */
  close(): void {
    this.closed = true;
    for (const call of [...this.waiting]) call.closeBeforeRetry();
  }
}

function identity<T>(item: T): unknown {
  return item;
}
