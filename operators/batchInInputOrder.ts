import { defer, mergeMap, type OperatorFunction, tap } from 'rxjs';
import type { BatchOutcome } from '../src/invokeBatch.js';
import { LazyBatchContext } from '../src/batchContext.js';
import { invokeBatch } from '../src/invokeBatch.js';
import type { ResolvedOptions } from '../src/validateOptions.js';
import type { BatchFunction } from '../src/types.js';
import { bufferTimeOrCount } from './bufferTimeOrCount.js';
import { correlate, type CorrelatedBatch } from './correlate.js';
import { mergeCalls } from './mergeCalls.js';

/**
 * The shared engine of `batchRequests` and `batchRequestsSettled`: groups requests, calls the batch function
 * with at most `concurrency` calls at once, and emits each correlated batch in the order its requests arrived,
 * holding back a batch that finished before an earlier one.
 *
 * Built from RxJS's own operators end to end, so an unsubscribe downstream (`take(n)`) reaches the source at
 * once, even in the middle of a synchronous burst.
 */
export function batchInInputOrder<Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  options: ResolvedOptions<Req, K>,
): OperatorFunction<Req, CorrelatedBatch<Req, Res>> {
  const { maxSize, maxDelayMs, concurrency, key, timeoutMs, scheduler } = options;
  const callBatch = (requests: Req[], done: (outcome: BatchOutcome<Req>) => void) =>
    invokeBatch(fn, requests, requests, new LazyBatchContext(), timeoutMs, scheduler, done);

  // One call at a time finishes in order by construction.
  if (concurrency === 1) {
    return (source) =>
      source.pipe(bufferTimeOrCount<Req>(maxSize, maxDelayMs, scheduler), mergeCalls(callBatch, 1), correlate<Req, Res, K>(key));
  }

  return (source) =>
    defer(() => {
      const awaitedInOrder: (readonly Req[])[] = [];
      const finishedEarly = new Map<readonly Req[], CorrelatedBatch<Req, Res>>();

      // Returns the batches that can go out now: this one if it is the oldest awaited, and any that finished
      // early and were waiting only for it.
      const releaseInOrder = (batch: CorrelatedBatch<Req, Res>): CorrelatedBatch<Req, Res>[] => {
        if (batch.items !== awaitedInOrder[0]) {
          finishedEarly.set(batch.items, batch);
          return [];
        }
        awaitedInOrder.shift();
        const ready = [batch];
        let next: CorrelatedBatch<Req, Res> | undefined;
        while (awaitedInOrder.length > 0 && (next = finishedEarly.get(awaitedInOrder[0])) !== undefined) {
          finishedEarly.delete(awaitedInOrder.shift()!);
          ready.push(next);
        }
        return ready;
      };

      return source.pipe(
        bufferTimeOrCount<Req>(maxSize, maxDelayMs, scheduler),
        tap((requests) => awaitedInOrder.push(requests)),
        mergeCalls(callBatch, concurrency),
        correlate<Req, Res, K>(key),
        mergeMap(releaseInOrder),
      );
    });
}
