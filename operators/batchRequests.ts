import { mergeMap, type ObservableInput, Observable, type OperatorFunction } from 'rxjs';
import { RequestFailedError } from '../src/errors.js';
import type { BatchFunction, BatchOptions } from '../src/types.js';
import type { CorrelatedBatch } from './correlate.js';
import { operatorOptions } from './operatorOptions.js';
import { batchInInputOrder } from './batchInInputOrder.js';

/**
 * Turns a stream of requests into a stream of their results, calling the batch function once per batch.
 *
 * Results come out in the order the requests went in, whatever order the batches finish in. No promise is made
 * per request, so this is the fastest way to batch a stream. The first failed request errors the stream with a
 * `RequestFailedError` that carries the request and, as `cause`, the batch function's error; use
 * `batchRequestsSettled` to keep going past failures.
 *
 * ## Example
 * ```ts
 * import { from } from 'rxjs';
 * import { batchRequests } from 'rx-batcher/operators';
 *
 * from(userIds)
 *   .pipe(batchRequests((ids) => db.users.findMany(ids), { maxSize: 100, maxDelayMs: 5, concurrency: 4 }))
 *   .subscribe((user) => console.log(user.name));
 * ```
 *
 * @param fn Called with each batch of requests; returns their results (array in order, or a Map keyed by `key`).
 * @param options `maxSize`, `maxDelayMs`, `concurrency`, `key`, `timeoutMs`, `scheduler`, as for `createBatcher`.
 * @returns An operator emitting one result per request, in request order.
 */
export function batchRequests<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options?: BatchOptions<Req, K>,
): OperatorFunction<Req, Res> {
  const batches = batchInInputOrder(fn, operatorOptions(fn, options));
  return (source) => batches(source).pipe(mergeMap(resultsOf<Req, Res>));
}

// A batch that fully succeeded is emitted as its results array as is; one with a failure emits the results
// before it, then errors with the failed request attached.
function resultsOf<Req, Res>(batch: CorrelatedBatch<Req, Res>): ObservableInput<Res> {
  const { items } = batch;
  if (!batch.ok) return failAt(items[0], batch.error, []);
  const { results } = batch;
  for (let i = 0; i < results.length; i++) {
    if (results[i] instanceof Error) return failAt(items[i], results[i], results.slice(0, i) as Res[]);
  }
  return results as Res[];
}

function failAt<Req, Res>(request: Req, cause: unknown, before: Res[]): Observable<Res> {
  return new Observable<Res>((subscriber) => {
    for (const result of before) subscriber.next(result);
    subscriber.error(new RequestFailedError(request, cause));
  });
}
