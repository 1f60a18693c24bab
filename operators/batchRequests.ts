import { Observable, type OperatorFunction } from 'rxjs';
import { RequestFailedError } from './internal/errors.js';
import type { BatchFunction, BatchOptions } from './internal/batchFunction.js';
import { validateOperatorOptions } from './internal/validateOptions.js';
import { batchInInputOrder } from './internal/batchInInputOrder.js';
import { isItemFailure } from './internal/itemResult.js';
import { failureReason } from './internal/nonErrorFailure.js';
import { subscribeToSource } from './internal/operatorSubscriber.js';

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
export function batchRequests<Req, Res>(fn: BatchFunction<Req, Res, Req>): OperatorFunction<Req, Res>;
/** `batchRequests` with options; a `Map` output keyed by anything but the requests needs a `key` that returns its keys. */
export function batchRequests<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options: [K] extends [Req] ? BatchOptions<Req, K> | undefined : BatchOptions<Req, K> & { key: (request: Req) => K },
): OperatorFunction<Req, Res>;
export function batchRequests<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options?: BatchOptions<Req, K>,
): OperatorFunction<Req, Res> {
  const batches = batchInInputOrder(fn, validateOperatorOptions(fn, options));
  return (source) =>
    new Observable<Res>((subscriber) => {
      subscribeToSource(batches(source), subscriber, {
        // Results go out straight from the batch's array: no inner Observable per batch, one call per result.
        next(batch) {
          const { items } = batch;
          if (!batch.ok) {
            subscriber.error(new RequestFailedError(items[0], batch.error));
            return;
          }
          const { results } = batch;
          for (let i = 0; i < results.length && !subscriber.closed; i++) {
            const result = results[i];
            if (isItemFailure(result)) {
              subscriber.error(new RequestFailedError(items[i], failureReason(result)));
              return;
            }
            subscriber.next(result);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
