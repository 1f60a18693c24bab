import type { Subscription } from 'rxjs';
import { correlateOutcome } from '../correlate.js';
import { LazyBatchContext, type CallControl } from './batchContext.js';
import type { CallStage } from './callStage.js';
import { fanOut, type CollapsedBatch } from './dedupe.js';
import { describeValue } from './describeValue.js';
import { BatcherClosedError } from './errors.js';
import { invokeBatch, type BatchOutcome } from './invokeBatch.js';
import { isItemFailure } from './itemResult.js';
import { asItemFailure, failureReason } from './nonErrorFailure.js';
import { backoffDelayMs, isRetried } from './retryPolicy.js';

/** Where a call keeps what the batcher can reach it by: its running attempt, or its wait for the next one. */
export interface CallHost {
  context: CallControl;
}

/**
 * One batch through every attempt `retry` allows. Each attempt sends only what is still to be tried and still
 * wanted (a request whose caller left is not sent again), under a fresh context: a timed-out attempt's signal
 * is aborted, and the next needs a live one. Between attempts the call is its own `CallControl`: every caller
 * leaving, a `close` deadline, or `close` itself ends the wait at once instead of leaving a timer to run out.
 *
 * Results are kept by slot (a slot is a unique request, with `dedupe`) and reported together when the call ends.
 */
export class RetryingCall<T, Req, Res, K> implements CallControl {
  /** The error of the last failure: a whole attempt's, or the last failed request's. */
  private lastError: unknown = undefined;
  private attempt = 1;
  private partition: string | number | undefined = undefined;
  /** The slots of the attempt running now, or of the one waited for. */
  private pending: number[] = [];
  private results: unknown[] = [];
  /** Whether the slots in `pending` last failed together, with `lastError`, as one batch. */
  private failedAsOne = false;
  private cancelAttempt: (() => void) | undefined = undefined;
  private timer: Subscription | undefined = undefined;
  private over = false;

  constructor(
    private readonly stage: CallStage<T, Req, Res, K>,
    private readonly items: readonly T[],
    private readonly batch: CollapsedBatch<T>,
    private readonly host: CallHost,
    private readonly done: (outcome: BatchOutcome<T>) => void,
  ) {}

  /** Runs the first attempt; returns how to cancel the call, or `undefined` if it is already over. */
  start(context: LazyBatchContext, requests: Req[] | undefined): (() => void) | undefined {
    const slots = this.batch.unique.length;
    this.partition = context.partition;
    this.results = new Array<unknown>(slots);
    for (let slot = 0; slot < slots; slot++) this.pending.push(slot);
    this.run(context, requests);
    return this.over ? undefined : () => this.cancel();
  }

  /** Every caller left during the wait: nobody is there to send the retry for. */
  abort(): void {
    if (this.timer === undefined) return;
    this.stopWaiting();
    this.finish();
  }

  /** A caller left during the wait: if nobody waits for what is to be retried, the call ends now, not at the timer. */
  callerLeft(): void {
    if (this.timer === undefined) return;
    const wanted = this.wantedBySlot();
    if (this.pending.some((slot) => wanted[slot])) return;
    this.stopWaiting();
    this.finish();
  }

  /** The batcher stops waiting (a `close` deadline, or `close`): the requests still to be tried fail with `reason`. */
  giveUp(reason: unknown): void {
    if (this.timer === undefined) return;
    this.stopWaiting();
    this.failPending(reason);
    this.finish();
  }

  /** The batcher closes during the wait: each request still to be tried fails, its last error as the `cause`. */
  closeBeforeRetry(): void {
    if (this.timer === undefined) return;
    this.stopWaiting();
    this.failRetriesOnClose(this.pending);
    this.finish();
  }

  private run(context: LazyBatchContext, requests: Req[] | undefined): void {
    this.host.context = context;
    const { unique } = this.batch;
    const sent = this.pending.length === unique.length ? unique : this.pending.map((slot) => unique[slot]);
    const { fn, options } = this.stage;
    this.cancelAttempt = invokeBatch(fn, sent, requests ?? sent.map(options.requestOf), context, options.timeoutMs,
      options.scheduler, (outcome) => this.attemptDone(outcome));
  }

  private attemptDone(outcome: BatchOutcome<T>): void {
    this.cancelAttempt = undefined;
    const correlated = correlateOutcome<T, Res, unknown>(outcome, this.stage.options.keyOf);
    const retry = correlated.ok ? this.sortResults(correlated.results) : this.sortFailure(correlated.error);
    if (retry.length === 0) return this.finish();
    if (this.stage.closed) {
      this.failRetriesOnClose(retry);
      return this.finish();
    }
    this.pending = retry;
    this.waitForRetry();
  }

  /** Keeps each slot's result; returns the slots whose failure is to be tried again. */
  private sortResults(results: ReadonlyArray<Res | Error>): number[] {
    const { pending } = this;
    const retry: number[] = [];
    let wanted: readonly boolean[] | undefined;
    for (let i = 0; i < pending.length; i++) {
      const slot = pending[i];
      const result = results[i];
      this.results[slot] = result;
      if (!isItemFailure(result) || !this.mayRetry()) continue;
      let retried: boolean;
      try {
        retried = isRetried(this.stage.options.retry!, failureReason(result), true, this.stage.options.requestOf(this.batch.unique[slot]));
      } catch (thrown) {
        this.results[slot] = whenThrew(thrown);
        continue;
      }
      wanted ??= this.wantedBySlot();
      if (!retried || !wanted[slot]) continue;
      retry.push(slot);
      this.lastError = result;
    }
    this.failedAsOne = false;
    return retry;
  }

  /** Fails every slot of the attempt with `error`; returns the slots to try again. */
  private sortFailure(error: unknown): number[] {
    let failure = error;
    let retried = false;
    try {
      retried = this.mayRetry() && isRetried(this.stage.options.retry!, error, false);
    } catch (thrown) {
      failure = whenThrew(thrown);
    }
    this.failPending(failure);
    if (!retried) return [];
    const wanted = this.wantedBySlot();
    return this.pending.filter((slot) => wanted[slot]);
  }

  private failPending(error: unknown): void {
    const stored = asItemFailure(error);
    for (const slot of this.pending) this.results[slot] = stored;
    this.lastError = error;
    this.failedAsOne = true;
  }

  private failRetriesOnClose(slots: number[]): void {
    this.pending = slots;
    if (this.failedAsOne) {
      this.failPending(retryNotRunError(this.lastError));
      return;
    }
    for (const slot of slots) this.results[slot] = retryNotRunError(failureReason(this.results[slot] as Error));
  }

  private mayRetry(): boolean {
    const { retry } = this.stage.options;
    return retry !== undefined && this.attempt <= retry.count;
  }

  private waitForRetry(): void {
    let delay: number;
    try {
      delay = backoffDelayMs(this.stage.options.retry!, this.attempt);
    } catch (error) {
      this.failPending(error); // a `retry.random` that fails: the retry cannot be timed, so it is not made
      return this.finish();
    }
    this.stage.waiting.add(this);
    this.host.context = this;
    this.timer = this.stage.options.scheduler.schedule(() => this.retryNow(), delay);
  }

  private retryNow(): void {
    this.stopWaiting();
    const wanted = this.wantedBySlot();
    this.pending = this.pending.filter((slot) => wanted[slot]);
    if (this.pending.length === 0) return this.finish();
    this.attempt++;
    this.stage.options.onRetry?.();
    this.run(new LazyBatchContext(this.partition, this.attempt), undefined);
  }

  private stopWaiting(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.stage.waiting.delete(this);
  }

  private cancel(): void {
    if (this.over) return;
    this.over = true;
    this.stopWaiting();
    this.cancelAttempt?.();
    this.cancelAttempt = undefined;
  }

  // A batch that failed as one, with nobody waiting outside its last attempt, is reported failed as one: then
  // every caller gets the batch function's own error, `Error` or not.
  private finish(): void {
    this.over = true;
    const { items } = this;
    if (this.failedAsOne && this.nobodyElseWaits()) this.done({ items, ok: false, error: this.lastError });
    else this.done({ items, ok: true, output: fanOut(this.results, this.batch.slotOf) });
  }

  private nobodyElseWaits(): boolean {
    const { pending } = this;
    if (pending.length === this.batch.unique.length) return true;
    const inPending = new Set(pending);
    return this.wantedBySlot().every((wanted, slot) => !wanted || inPending.has(slot));
  }

  /** Whether anyone waits for each slot's result: with `dedupe`, any one of the items that share it. */
  private wantedBySlot(): readonly boolean[] {
    const { unique, slotOf } = this.batch;
    const { isWanted } = this.stage.options;
    if (slotOf === undefined) return unique.map((item) => isWanted(item));
    const wanted = new Array<boolean>(unique.length).fill(false);
    for (let i = 0; i < slotOf.length; i++) if (isWanted(this.items[i])) wanted[slotOf[i]] = true;
    return wanted;
  }
}

/** What a request whose retry never ran because the batcher closed is rejected with; its last error is the cause. */
export function retryNotRunError(lastError: unknown): BatcherClosedError {
  return new BatcherClosedError(
    'The batcher closed before the request was tried again (`retry`): its last attempt failed with the `cause`',
    { cause: lastError },
  );
}

function whenThrew(thrown: unknown): Error {
  const reason = thrown instanceof Error ? thrown.message : describeValue(thrown);
  return new Error(`\`retry.when\` threw: ${reason}`, { cause: thrown });
}
