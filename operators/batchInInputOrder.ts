import { mergeMap, Observable, type OperatorFunction, tap } from 'rxjs';
import { LazyBatchContext } from '../src/batchContext.js';
import { invokeBatch } from '../src/invokeBatch.js';
import type { ResolvedOptions } from '../src/validateOptions.js';
import type { BatchFunction } from '../src/types.js';
import { bufferTimeOrCount } from './bufferTimeOrCount.js';
import { correlate, type CorrelatedBatch } from './correlate.js';

/**
 * The shared engine of `batchRequests` and `batchRequestsSettled`: groups requests, calls the batch function
 * with at most `concurrency` calls at once, and emits each correlated batch in the order its requests arrived,
 * holding back a batch that finished before an earlier one.
 */
export function batchInInputOrder<Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  options: ResolvedOptions<Req, K>,
): OperatorFunction<Req, CorrelatedBatch<Req, Res>> {
  const { maxSize, maxDelayMs, concurrency, key, timeoutMs, scheduler } = options;
  const callBatch = (requests: Req[]) => invokeBatch(fn, requests, requests, new LazyBatchContext(), timeoutMs, scheduler);

  // One call at a time finishes in order by construction.
  if (concurrency === 1) {
    return (source) =>
      source.pipe(bufferTimeOrCount<Req>(maxSize, maxDelayMs, scheduler), mergeMap(callBatch, 1), correlate<Req, Res, K>(key));
  }

  return (source) =>
    new Observable<CorrelatedBatch<Req, Res>>((subscriber) => {
      const awaitedInOrder: (readonly Req[])[] = [];
      const finishedEarly = new Map<readonly Req[], CorrelatedBatch<Req, Res>>();
      return source
        .pipe(
          bufferTimeOrCount<Req>(maxSize, maxDelayMs, scheduler),
          tap((requests) => awaitedInOrder.push(requests)),
          mergeMap(callBatch, concurrency),
          correlate<Req, Res, K>(key),
        )
        .subscribe({
          next(batch) {
            if (batch.items !== awaitedInOrder[0]) {
              finishedEarly.set(batch.items, batch);
              return;
            }
            awaitedInOrder.shift();
            subscriber.next(batch);
            let next: CorrelatedBatch<Req, Res> | undefined;
            while (awaitedInOrder.length > 0 && (next = finishedEarly.get(awaitedInOrder[0])) !== undefined) {
              finishedEarly.delete(awaitedInOrder.shift()!);
              subscriber.next(next);
            }
          },
          error: (error) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
    });
}
