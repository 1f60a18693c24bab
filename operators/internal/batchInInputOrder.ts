import type { OperatorFunction } from 'rxjs';
import type { BatchOutcome } from './invokeBatch.js';
import { LazyBatchContext } from './batchContext.js';
import { invokeBatch } from './invokeBatch.js';
import type { ResolvedOptions } from './validateOptions.js';
import type { BatchFunction } from './batchFunction.js';
import { bufferTimeOrCount } from '../bufferTimeOrCount.js';
import { correlate, type CorrelatedBatch } from '../correlate.js';
import { CallStage } from './callStage.js';
import { mergeCalls, type StartCall } from './mergeCalls.js';

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
  const { concurrency, key } = options;
  return (source) =>
    source.pipe(
      batchesOf(options),
      mergeCalls(callOf(fn, options), concurrency, 'start'),
      correlate<Req, Res, K>(key),
    );
}

/** The buffer, with the cutting policies (`weigh`, `partitionBy`, `dedupe`) when there are any. */
function batchesOf<Req, K>(options: ResolvedOptions<Req, K>): OperatorFunction<Req, Req[]> {
  const { maxSize, maxDelayMs, scheduler, weigh, maxWeight, partitionBy, dedupe, key } = options;
  if (weigh === undefined && partitionBy === undefined && !dedupe) return bufferTimeOrCount<Req>(maxSize, maxDelayMs, scheduler);
  return bufferTimeOrCount<Req>({
    maxSize, maxDelayMs, scheduler, partitionBy, dedupe, key,
    ...(weigh === undefined ? {} : { weigh, maxWeight }),
  });
}

/** Starts one batch function call per batch: plainly, or through the call stage with `retry` or `dedupe`. */
function callOf<Req, Res, K>(fn: BatchFunction<Req, Res, K>, options: ResolvedOptions<Req, K>): StartCall<Req[], BatchOutcome<Req>> {
  const { timeoutMs, scheduler, retry, dedupe, key, partitionBy } = options;
  // A batch holds one partition's requests, so its first request says which.
  const contextFor = (requests: Req[]) => new LazyBatchContext(partitionBy?.(requests[0]));
  if (retry === undefined && !dedupe) {
    // The batch function gets a copy: one that sorts or splices what it is given must not move the positions
    // results are matched by.
    return (requests, done) => invokeBatch(fn, requests, requests.slice(), contextFor(requests), timeoutMs, scheduler, done);
  }
  // A stream has no caller that leaves on its own: its requests are wanted until it is unsubscribed.
  const stage = new CallStage<Req, Req, Res, K>(fn, {
    timeoutMs, scheduler, retry, dedupe, keyOf: key, requestOf: (request) => request, isWanted: () => true,
  });
  return (requests, done) => {
    const context = contextFor(requests);
    return stage.start(requests, requests.slice(), { context }, context, done);
  };
}
