import { isObservable, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { LazyBatchContext } from './batchContext.js';
import { TimeoutError } from './errors.js';
import type { BatchFunction } from './types.js';

/** What one batch function call came to: its output, or the reason it failed. `items` travel along untouched. */
export type BatchOutcome<T> =
  | { readonly items: readonly T[]; readonly ok: true; readonly output: unknown }
  | { readonly items: readonly T[]; readonly ok: false; readonly error: unknown };

/**
 * Calls the batch function once and emits exactly one `BatchOutcome`, then completes. It never errors: a throw,
 * a rejection, an erroring Observable, a timeout or an abort of `context` all become `{ ok: false }`, so one bad
 * batch cannot tear down the pipeline that every other caller depends on.
 *
 * A synchronous result is emitted synchronously and schedules no timer. The first value of an Observable is
 * the output; later values and errors are ignored, since every caller has already been answered.
 */
export function invokeBatch<T, Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  items: readonly T[],
  requests: Req[],
  context: LazyBatchContext,
  timeoutMs: number | undefined,
  scheduler: SchedulerLike,
): Observable<BatchOutcome<T>> {
  return new Observable<BatchOutcome<T>>((subscriber) => {
    let timer: Subscription | undefined;
    let outputSubscription: Subscription | undefined;
    const succeed = (output: unknown) => {
      subscriber.next({ items, ok: true, output });
      subscriber.complete();
    };
    const fail = (error: unknown) => {
      subscriber.next({ items, ok: false, error });
      subscriber.complete();
    };

    let output: unknown;
    try {
      output = fn(requests, context);
    } catch (error) {
      fail(error);
      return;
    }

    if (isObservable(output)) {
      outputSubscription = output.subscribe({
        next: succeed,
        error: fail,
        complete: () => fail(new TypeError('The batch function returned an Observable that completed without a value')),
      });
    } else if (isPromiseLike(output)) {
      output.then(succeed, fail);
    } else {
      succeed(output);
      return;
    }

    if (subscriber.closed) return;
    // Aborted — on timeout, or because every caller left — the call is given up: its slot is free again.
    context.onAbort = fail;
    if (timeoutMs !== undefined) {
      timer = scheduler.schedule(() => {
        context.abort(new TimeoutError(`The batch function did not settle within \`timeoutMs\` (${timeoutMs} ms)`, timeoutMs));
      }, timeoutMs);
    }
    return () => {
      context.onAbort = undefined;
      timer?.unsubscribe();
      outputSubscription?.unsubscribe();
    };
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
