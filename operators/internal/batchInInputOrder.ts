import type { OperatorFunction } from 'rxjs';
import type { BatchOutcome } from './invokeBatch.js';
import { LazyBatchContext } from './batchContext.js';
import { invokeBatch } from './invokeBatch.js';
import type { ResolvedOptions } from './validateOptions.js';
import type { BatchFunction } from './batchFunction.js';
import { bufferTimeOrCount } from '../bufferTimeOrCount.js';
import { correlate, type CorrelatedBatch } from '../correlate.js';
import { mergeCalls } from './mergeCalls.js';

/**
 * The shared engine of `batchRequests` and `batchRequestsSettled`: groups requests, calls the batch function
 * with at most `concurrency` calls at once, and emits each correlated batch in the order its requests arrived,
 * holding back a batch that finished before an earlier one.
 *
 * Built from RxJS operators end to end, so an unsubscribe downstream (`take(n)`) reaches the source at once,
 * even in the middle of a synchronous burst.
 */
export function batchInInputOrder<Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  options: ResolvedOptions<Req, K>,
): OperatorFunction<Req, CorrelatedBatch<Req, Res>> {
  const { maxSize, maxDelayMs, concurrency, key, timeoutMs, scheduler } = options;
  // The batch function gets a copy: one that sorts or splices what it is given must not move the positions
  // results are matched by.
  const callBatch = (requests: Req[], done: (outcome: BatchOutcome<Req>) => void) =>
    invokeBatch(fn, requests, requests.slice(), new LazyBatchContext(), timeoutMs, scheduler, done);

  return (source) =>
    source.pipe(
      bufferTimeOrCount<Req>(maxSize, maxDelayMs, scheduler),
      mergeCalls(callBatch, concurrency, 'start'),
      correlate<Req, Res, K>(key),
    );
}
