import { Observable, type OperatorFunction } from 'rxjs';
import type { BatchFunction, BatchOptions } from '../src/types.js';
import { operatorOptions } from './operatorOptions.js';
import { batchInInputOrder } from './batchInInputOrder.js';

/** The fate of one request in `batchRequestsSettled`, shaped like `Promise.allSettled`'s entries. */
export type SettledRequest<Req, Res> =
  | { readonly request: Req; readonly status: 'fulfilled'; readonly value: Res }
  | { readonly request: Req; readonly status: 'rejected'; readonly reason: unknown };

/**
 * Like `batchRequests`, but a failed request does not end the stream: every request comes out, in request
 * order, as `{ request, status: 'fulfilled', value }` or `{ request, status: 'rejected', reason }`.
 *
 * ## Example
 * ```ts
 * import { from } from 'rxjs';
 * import { batchRequestsSettled } from 'rx-batcher/operators';
 *
 * from(urls)
 *   .pipe(batchRequestsSettled((batch) => fetchAll(batch), { maxSize: 20 }))
 *   .subscribe((s) => (s.status === 'fulfilled' ? save(s.value) : log(s.request, s.reason)));
 * ```
 *
 * @param fn Called with each batch of requests; returns their results (array in order, or a Map keyed by `key`).
 * @param options `maxSize`, `maxDelayMs`, `concurrency`, `key`, `timeoutMs`, `scheduler`, as for `createBatcher`.
 * @returns An operator emitting one `SettledRequest` per request, in request order.
 */
export function batchRequestsSettled<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options?: BatchOptions<Req, K>,
): OperatorFunction<Req, SettledRequest<Req, Res>> {
  const batches = batchInInputOrder(fn, operatorOptions(fn, options));
  return (source) =>
    new Observable<SettledRequest<Req, Res>>((subscriber) =>
      batches(source).subscribe({
        next(batch) {
          const { items } = batch;
          for (let i = 0; i < items.length; i++) {
            const request = items[i];
            if (!batch.ok) {
              subscriber.next({ request, status: 'rejected', reason: batch.error });
              continue;
            }
            const result = batch.results[i];
            subscriber.next(result instanceof Error
              ? { request, status: 'rejected', reason: result }
              : { request, status: 'fulfilled', value: result });
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
