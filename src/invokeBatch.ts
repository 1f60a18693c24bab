import { isObservable, type SchedulerLike, type Subscription } from 'rxjs';
import type { LazyBatchContext } from './batchContext.js';
import { TimeoutError } from './errors.js';
import type { BatchFunction } from './types.js';

/** What one batch function call came to: its output, or the reason it failed. `items` travel along untouched. */
export type BatchOutcome<T> =
  | { readonly items: readonly T[]; readonly ok: true; readonly output: unknown }
  | { readonly items: readonly T[]; readonly ok: false; readonly error: unknown };

/**
 * Calls the batch function once and reports exactly one `BatchOutcome` to `done`. A throw, a rejection, an
 * erroring Observable, a timeout or an abort of `context` all become `{ ok: false }`: one bad batch can never
 * tear down the pipeline every other caller depends on.
 *
 * A synchronous result is reported synchronously and schedules no timer. The first value of an Observable is
 * the output; later values and errors are ignored, since every caller has already been answered. A callback
 * rather than an Observable per call, because this runs once per batch on the hot path.
 *
 * @returns Cancels the call (stops listening to it), or `undefined` if it is already over.
 */
export function invokeBatch<T, Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  items: readonly T[],
  requests: Req[],
  context: LazyBatchContext,
  timeoutMs: number | undefined,
  scheduler: SchedulerLike,
  done: (outcome: BatchOutcome<T>) => void,
): (() => void) | undefined {
  let over = false;
  let timer: Subscription | undefined;
  let outputSubscription: Subscription | undefined;
  const stopListening = () => {
    over = true;
    context.onAbort = undefined;
    timer?.unsubscribe();
    outputSubscription?.unsubscribe();
  };
  const succeed = (output: unknown) => {
    if (over) return;
    stopListening();
    done({ items, ok: true, output });
  };
  const fail = (error: unknown) => {
    if (over) return;
    stopListening();
    done({ items, ok: false, error });
  };

  let output: unknown;
  try {
    output = fn(requests, context);
  } catch (error) {
    fail(error);
    return undefined;
  }

  // A thenable whose `then` throws, or an Observable whose `subscribe` does, fails this batch and nothing else.
  try {
    // A native promise first: the common case, told apart more cheaply than by `isObservable`.
    if (output instanceof Promise) {
      output.then(succeed, fail);
    } else if (isObservable(output)) {
      outputSubscription = output.subscribe({
        next: succeed,
        error: fail,
        complete: () => fail(new TypeError('The batch function returned an Observable that completed without a value')),
      });
      // An Observable that answered synchronously is over before `subscribe` returned its subscription.
      if (over) outputSubscription.unsubscribe();
    } else if (isPromiseLike(output)) {
      output.then(succeed, fail);
    } else {
      succeed(output);
    }
  } catch (error) {
    fail(error);
  }
  if (over) return undefined;

  // Aborted — on timeout, or because every caller left — the call is given up: its slot is free again.
  // Every caller may have left already, while the batch function was still running synchronously.
  if (context.aborted) {
    fail(context.abortReason);
    return undefined;
  }
  context.onAbort = fail;
  if (timeoutMs !== undefined) {
    timer = scheduler.schedule(() => {
      context.abort(new TimeoutError(`The batch function did not settle within \`timeoutMs\` (${timeoutMs} ms)`, timeoutMs));
    }, timeoutMs);
  }
  return stopListening;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
