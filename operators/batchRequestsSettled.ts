import { mergeMap, type OperatorFunction } from 'rxjs';
import type { BatchFunction, BatchOptions } from './internal/batchFunction.js';
import type { CorrelatedBatch } from './correlate.js';
import { validateOperatorOptions } from './internal/validateOptions.js';
import { batchInInputOrder } from './internal/batchInInputOrder.js';
import { isItemFailure } from './internal/itemResult.js';
import { failureReason } from './internal/nonErrorFailure.js';

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
export function batchRequestsSettled<Req, Res>(fn: BatchFunction<Req, Res, Req>): OperatorFunction<Req, SettledRequest<Req, Res>>;
/** `batchRequestsSettled` with options; a `Map` output keyed by anything but the requests needs a `key` that returns its keys. */
export function batchRequestsSettled<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options: [K] extends [Req] ? BatchOptions<Req, K> | undefined : BatchOptions<Req, K> & { key: (request: Req) => K },
): OperatorFunction<Req, SettledRequest<Req, Res>>;
export function batchRequestsSettled<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options?: BatchOptions<Req, K>,
): OperatorFunction<Req, SettledRequest<Req, Res>> {
  const batches = batchInInputOrder(fn, validateOperatorOptions(fn, options), true);
  return (source) => batches(source).pipe(mergeMap(settledOf<Req, Res>));
}

function settledOf<Req, Res>(batch: CorrelatedBatch<Req, Res>): SettledRequest<Req, Res>[] {
  if (!batch.ok) return batch.items.map((request) => ({ request, status: 'rejected', reason: batch.error }));
  const { results } = batch;
  return batch.items.map((request, i) => {
    const result = results[i];
    return isItemFailure(result)
      ? { request, status: 'rejected', reason: failureReason(result) }
      : { request, status: 'fulfilled', value: result };
  });
}
