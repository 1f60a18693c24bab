import { isObservable, type SchedulerLike, type Subscription } from 'rxjs';
import type { LazyBatchContext } from './batchContext.js';
import { TimeoutError } from './errors.js';
import type { BatchFunction } from './batchFunction.js';

/** What one batch function call came to: its output, or the reason it failed. `items` travel along untouched. */
export type BatchOutcome<T> =
  | { readonly items: readonly T[]; readonly ok: true; readonly output: unknown }
  | { readonly items: readonly T[]; readonly ok: false; readonly error: unknown };

/**
 * Calls the batch function once and reports exactly one `BatchOutcome` to `done`. A throw, a rejection, an
 * erroring Observable, a timeout or the batcher giving up on `context` all become `{ ok: false }`: one bad
 * batch can never tear down the pipeline every other caller depends on. An `abort` of `context` alone (every
 * caller left) reports nothing: the call is over only when the batch function returns, so its concurrency
 * slot stays taken while the backend is still busy.
 *
 * A synchronous result is reported synchronously and schedules no timer. The first value of an Observable is
 * the output; later values and errors are ignored, since every caller has already been answered. A callback
 * rather than an Observable per call, because this runs once per batch on the hot path.
 *
 * @returns Cancels the call — stops listening to it and aborts its signal —, or `undefined` if it is over.
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
    context.onGiveUp = undefined;
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

  // Given up on — by `timeoutMs`, or a `close` deadline — the call is over and its slot is free again.
  context.onGiveUp = fail;
  if (timeoutMs !== undefined) {
    timer = scheduler.schedule(() => {
      context.giveUp(new TimeoutError(`The batch function did not settle within \`timeoutMs\` (${timeoutMs} ms)`, timeoutMs));
    }, timeoutMs);
  }
  return () => {
    stopListening();
    context.abort(new Error('The batch was cancelled: its subscriber unsubscribed before the batch function returned'));
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
