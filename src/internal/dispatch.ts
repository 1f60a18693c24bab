import type { SchedulerLike } from 'rxjs';
import { LazyBatchContext } from '../../operators/internal/batchContext.js';
import type { BatchFunction } from '../../operators/internal/batchFunction.js';
import { BatcherClosedError } from '../../operators/internal/errors.js';
import { CallStage } from '../../operators/internal/callStage.js';
import { invokeBatch, type BatchOutcome } from '../../operators/internal/invokeBatch.js';
import type { CallStarter } from '../../operators/internal/mergeCalls.js';
import type { RetryPolicy } from '../../operators/internal/retryPolicy.js';
import type { Admission } from './admission.js';
import type { BatchCallers } from './batchCallers.js';
import { CancellableRequest, requestOf, type DispatchedCall, type QueuedRequest } from './cancellableRequest.js';
import type { Intake, SentBatch } from './intake.js';
import { RunningCalls, type RunningCall } from './runningCalls.js';

/** One batch function call. */
export interface Call<Req, Res> extends DispatchedCall, RunningCall {
  readonly callers: BatchCallers<Res>;
  /** Every request of the batch, in order: the positions `callers` handed out. */
  readonly queued: readonly QueuedRequest<Req, Res>[];
  /** What the batch function was given: `queued` without the requests withdrawn before dispatch. */
  readonly sent: readonly QueuedRequest<Req, Res>[];
}

/** A call that has reported, with what its batch function came to. */
export interface FinishedCall<Req, Res> {
  readonly call: Call<Req, Res>;
  readonly outcome: BatchOutcome<QueuedRequest<Req, Res>>;
}

/** The call-stage policies of a batcher: each optional, and with none of them a call is one plain attempt. */
export interface DispatchPolicies<Req, Res> {
  readonly retry?: RetryPolicy<Req> | undefined;
  readonly dedupe?: boolean;
  /** A queued request's key, for a `Map` output between retries and for finding duplicates. */
  readonly keyOf?: (queued: QueuedRequest<Req, Res>) => unknown;
}

/**
 * Dispatch: pairs each batch the buffer sends with its callers as it arrives (the intake's positions follow the
 * buffer's batches), and turns it into one batch function call when `mergeCalls` has a slot for it. Requests whose
 * callers left while queued are not sent; a batch left empty is not sent at all. Past a `close` deadline nothing
 * more is sent, and the calls still running are given up on.
 *
 * With `retry` or `dedupe`, a call goes through the call stage (`CallStage`), which collapses duplicates and tries
 * again what failed; without them, the batch function is invoked straight, as cheaply as it can be.
 */
export class Dispatcher<Req, Res, K> implements CallStarter<QueuedRequest<Req, Res>[], FinishedCall<Req, Res>, SentBatch<Req, Res>> {
  /** Batch function calls made. */
  batches = 0;
  /** Retries made (`retry`). */
  retries = 0;
  private readonly running = new RunningCalls();
  private deadlineError: BatcherClosedError | undefined = undefined;
  private readonly stage: CallStage<QueuedRequest<Req, Res>, Req, Res, K> | undefined;

  constructor(
    private readonly intake: Intake<Req, Res>,
    private readonly fn: BatchFunction<Req, Res, K>,
    private readonly timeoutMs: number | undefined,
    private readonly scheduler: SchedulerLike,
    private readonly admission: Admission<Req, Res>,
    { retry, dedupe = false, keyOf = requestOf }: DispatchPolicies<Req, Res> = {},
  ) {
    if (retry === undefined && !dedupe) return;
    // With `dedupe` every request is a `CancellableRequest` carrying its key, worked out once at submit.
    this.stage = new CallStage(fn, {
      timeoutMs, scheduler, retry, dedupe, keyOf: dedupe ? keyCarried : keyOf, requestOf, isWanted,
      onRetry: () => {
        this.batches++;
        this.retries++;
      },
    });
  }

  /** A batch the buffer has just sent, with its callers: what its call starts from. */
  arrive(queued: QueuedRequest<Req, Res>[]): SentBatch<Req, Res> {
    return this.intake.withCallers(queued);
  }

  /** Starts the call for `batch` when `mergeCalls` has a slot for it; `done` gets what it came to, or `undefined`. */
  start(batch: SentBatch<Req, Res>, done: (finished: FinishedCall<Req, Res> | undefined) => void): (() => void) | undefined {
    const { queued, callers } = batch;
    // A batch of plain requests only, the common case: nothing can have been withdrawn, nothing needs marking.
    if (!callers.hasCancellableRequests) return this.call(callers, queued, queued, queued.slice() as Req[], done);
    const sent = queued.some(isWithdrawn) ? queued.filter((request) => !isWithdrawn(request)) : queued;
    // Only cancellable requests can be withdrawn, so an empty batch has no plain request waiting on `callers`.
    if (sent.length === 0) {
      done(undefined);
      return undefined;
    }
    return this.call(callers, queued, sent, sent.map(requestOf), done);
  }

  /** The call is over for the batcher: it returned, or was given up on. */
  finished(call: Call<Req, Res>): void {
    this.running.remove(call);
  }

  /**
   * The batcher is closing: calls waiting to try again (`retry`) fail now with a `BatcherClosedError` whose
   * `cause` is their last error, and no retry starts from here on. Batches not started yet still go out.
   */
  closing(): void {
    this.stage?.close();
  }

  /** Gives up on every running call, and on every batch not started yet, with `error`. */
  passDeadline(error: BatcherClosedError, notStartedError: BatcherClosedError): void {
    this.deadlineError = notStartedError;
    this.running.giveUpAll(() => error);
  }

  // The batch function gets a copy of the requests: one that sorts or splices what it is given must not move
  // the positions its callers' results are matched by.
  private call(
    callers: BatchCallers<Res>,
    queued: QueuedRequest<Req, Res>[],
    sent: QueuedRequest<Req, Res>[],
    requests: Req[],
    done: (finished: FinishedCall<Req, Res>) => void,
  ): (() => void) | undefined {
    const context = new LazyBatchContext(callers.hasCancellableRequests ? partitionOf(sent[0]) : undefined);
    const call: Call<Req, Res> = {
      callers, queued, sent, callersLeft: sent.length, context, previousRunning: undefined, nextRunning: undefined,
    };
    if (callers.hasCancellableRequests) markDispatched(sent, call);
    this.admission.release(sent.length);
    if (this.deadlineError !== undefined) {
      done({ call, outcome: { items: sent, ok: false, error: this.deadlineError } });
      return undefined;
    }
    this.batches++;
    this.running.add(call);
    if (this.stage !== undefined) return this.stage.start(sent, requests, call, context, (outcome) => done({ call, outcome }));
    return invokeBatch(this.fn, sent, requests, context, this.timeoutMs, this.scheduler, (outcome) => done({ call, outcome }));
  }
}

// With `partitionBy` every request is a `CancellableRequest` that knows its partition, and a batch holds one.
function partitionOf<Req, Res>(first: QueuedRequest<Req, Res>): string | number | undefined {
  return first instanceof CancellableRequest ? first.facts?.partition : undefined;
}

function keyCarried<Req, Res>(queued: QueuedRequest<Req, Res>): unknown {
  return queued instanceof CancellableRequest ? queued.facts?.key : queued;
}

/** A request someone still waits for: a plain one always, a cancellable one until it settles. */
function isWanted<Req, Res>(request: QueuedRequest<Req, Res>): boolean {
  return !(request instanceof CancellableRequest) || request.state !== 'settled';
}

function isWithdrawn<Req, Res>(request: QueuedRequest<Req, Res>): boolean {
  return request instanceof CancellableRequest && request.state !== 'queued';
}

function markDispatched<Req, Res>(sent: readonly QueuedRequest<Req, Res>[], call: Call<Req, Res>): void {
  for (const request of sent) {
    if (request instanceof CancellableRequest) {
      request.state = 'dispatched';
      request.call = call;
    }
  }
}
