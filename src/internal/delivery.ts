import { config, Subscriber } from 'rxjs';
import { correlateOutcome } from '../../operators/correlate.js';
import type { BatchOutcome } from '../../operators/internal/invokeBatch.js';
import { isItemFailure } from '../../operators/internal/itemResult.js';
import { failureReason } from '../../operators/internal/nonErrorFailure.js';
import { CancellableRequest, type QueuedRequest } from './cancellableRequest.js';
import type { Call, Dispatcher, FinishedCall } from './dispatch.js';
import type { RequestLifecycle } from './requestLifecycle.js';
import type { Shutdown } from './shutdown.js';

/**
 * The end of the pipeline: each finished call leaves the dispatcher and its results go to their callers
 * (`deliver`); when the pipeline completes, `close()` resolves. A subscriber of its own rather than an observer,
 * which RxJS would wrap in two more objects for every batcher.
 */
export class Delivery<Req, Res, K> extends Subscriber<FinishedCall<Req, Res>> {
  constructor(
    private readonly dispatcher: Dispatcher<Req, Res, K>,
    private readonly keyOf: (request: QueuedRequest<Req, Res>) => unknown,
    private readonly lifecycle: RequestLifecycle<Req, Res>,
    private readonly shutdown: Shutdown,
  ) {
    super();
  }

  protected override _next({ call, outcome }: FinishedCall<Req, Res>): void {
    this.dispatcher.finished(call);
    try {
      deliver(call, outcome, this.keyOf, this.lifecycle);
    } catch (error) {
      // A bug here must not stop the calls waiting for a slot: reported on its own, as RxJS reports an error
      // thrown by an observer's `next`.
      reportUnhandledError(error);
    }
  }

  protected override _error(error: unknown): void {
    try {
      reportUnhandledError(error);
    } finally {
      this.unsubscribe();
    }
  }

  protected override _complete(): void {
    try {
      this.shutdown.pipelineCompleted();
    } finally {
      this.unsubscribe();
    }
  }
}

/**
 * Delivery: where a result finds its caller. A finished call's output is matched to the requests it was sent
 * (`correlateOutcome`, the function behind the `correlate` operator, with `keyOf` for a `Map` output), and each
 * result goes to its caller: a cancellable request through its own resolvers (if its caller is still there), a
 * plain one through the `BatchCallers` position it took at `submit`.
 */
export function deliver<Req, Res>(
  call: Call<Req, Res>,
  batchOutcome: BatchOutcome<QueuedRequest<Req, Res>>,
  keyOf: (request: QueuedRequest<Req, Res>) => unknown,
  lifecycle: RequestLifecycle<Req, Res>,
): void {
  const { callers } = call;
  const outcome = correlateOutcome<QueuedRequest<Req, Res>, Res, unknown>(batchOutcome, keyOf);
  const sent = outcome.items;
  if (!outcome.ok) {
    for (const request of sent) {
      if (request instanceof CancellableRequest) lifecycle.settle(request, false, outcome.error);
      else lifecycle.rejected++;
    }
    callers.fail(outcome.error);
    return;
  }
  const { results } = outcome;
  let plainRequests = sent.length;
  if (callers.hasCancellableRequests) {
    for (let i = 0; i < sent.length; i++) {
      const request = sent[i];
      if (!(request instanceof CancellableRequest)) continue;
      plainRequests--;
      const result = results[i];
      const failed = isItemFailure(result);
      lifecycle.settle(request, !failed, failed ? failureReason(result) : result);
    }
  }
  const failures = callers.fulfil(sent === call.queued ? results : alignWithPositions(call, results));
  lifecycle.rejected += failures;
  lifecycle.resolved += plainRequests - failures;
}

/**
 * Spreads a call's results back over the positions of its batch, when requests withdrawn before dispatch left
 * gaps: the plain requests pick their result by the position they were given at submit.
 */
function alignWithPositions<Req, Res>(call: Call<Req, Res>, results: ReadonlyArray<Res | Error>): ReadonlyArray<Res | Error | undefined> {
  const aligned = new Array<Res | Error | undefined>(call.queued.length);
  let next = 0;
  for (let i = 0; i < call.queued.length; i++) {
    const request = call.queued[i];
    if (request instanceof CancellableRequest && request.call !== call) continue; // withdrawn before dispatch
    aligned[i] = results[next++];
  }
  return aligned;
}

// What RxJS does with an error nobody handles (its own function for it is internal): `config.onUnhandledError`,
// or a throw from a timer of its own.
function reportUnhandledError(error: unknown): void {
  setTimeout(() => {
    const { onUnhandledError } = config;
    if (onUnhandledError) onUnhandledError(error);
    else throw error;
  });
}
