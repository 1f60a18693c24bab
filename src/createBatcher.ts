import type { BatchFunction } from '../operators/internal/batchFunction.js';
import { bufferBatches } from '../operators/internal/bufferBatches.js';
import { CallSlots } from '../operators/internal/callSlots.js';
import { BatcherClosedError } from '../operators/internal/errors.js';
import { mergeCalls } from '../operators/internal/mergeCalls.js';
import { hasRequestPolicies, policiesFromFacts, type PolicyFacts } from '../operators/internal/requestPolicies.js';
import { Signal } from '../operators/internal/signal.js';
import { validateBatchFunction, validateOptions } from '../operators/internal/validateOptions.js';
import { Admission } from './internal/admission.js';
import { CancellableRequest, requestOf, type QueuedRequest } from './internal/cancellableRequest.js';
import { Delivery } from './internal/delivery.js';
import { Dispatcher } from './internal/dispatch.js';
import { Intake } from './internal/intake.js';
import { PublicBatcher } from './internal/publicBatcher.js';
import { RequestLifecycle } from './internal/requestLifecycle.js';
import { Shutdown } from './internal/shutdown.js';
import { Submission } from './internal/submission.js';
import type { Batcher, BatcherOptions, BatcherStats } from './types.js';

/**
 * Creates a batcher: each `submit(request)` returns a promise of that request's result, while `fn` is called
 * once per batch of up to `maxSize` requests, at most `maxDelayMs` after the batch's first request arrived.
 *
 * Every accepted request settles exactly once: with its result, or with an error that says why (the batch
 * function failed, its output did not match, a timeout, an abort, a full queue, a closed batcher).
 *
 * ## Example
 * ```ts
 * const users = createBatcher((ids: number[]) => db.users.findMany(ids), { maxSize: 100, maxDelayMs: 5 });
 * const [ada, alan] = await Promise.all([users.submit(1), users.submit(2)]); // one call: findMany([1, 2])
 * ```
 *
 * @param fn Called with each batch of requests and a `{ signal }`; returns (sync, Promise or Observable) an
 *   array with one result per request, in order, or a `Map` keyed by `key(request)`.
 * @param options See `BatcherOptions`; invalid values throw a `TypeError` or `RangeError` here.
 * @returns The batcher.
 */
export function createBatcher<Req, Res>(fn: BatchFunction<Req, Res, Req>): Batcher<Req, Res>;
/**
 * `createBatcher` with options. A `Map` output keyed by anything but the requests needs a `key` option that
 * returns its keys: without one, every request would miss its entry.
 */
export function createBatcher<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options: [K] extends [Req] ? BatcherOptions<Req, K> | undefined : BatcherOptions<Req, K> & { key: (request: Req) => K },
): Batcher<Req, Res>;
export function createBatcher<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options?: BatcherOptions<Req, K>,
): Batcher<Req, Res> {
  validateBatchFunction(fn);
  const resolved = validateOptions(options);
  const { maxSize, maxDelayMs, concurrency, maxQueueSize, onQueueFull, key, timeoutMs, scheduler } = resolved;
  const everyRequestCancellable = hasRequestPolicies(resolved);

  // The stages, in the order a request meets them.
  const intake = new Intake<Req, Res>(maxSize, everyRequestCancellable);
  const admission = new Admission<Req, Res>(maxQueueSize, onQueueFull, intake);
  const lifecycle = new RequestLifecycle<Req, Res>(admission, scheduler);
  const slots = new CallSlots(concurrency);
  const keyOf = key === undefined ? requestOf : (queued: QueuedRequest<Req, Res>) => key(requestOf(queued));
  const dispatcher = new Dispatcher<Req, Res, K>(intake, fn, timeoutMs, scheduler, admission, { retry: resolved.retry, dedupe: resolved.dedupe, keyOf });
  const flushes = new Signal();
  const shutdown = new Shutdown(scheduler, () => {
    dispatcher.closing();
    admission.closeWaitingRoom((request) => lifecycle.settle(request, false, new BatcherClosedError(closedWhileWaiting)));
    intake.requests.complete(); // the buffer sends what it holds at once; the pipeline completes after the last call
  }, (deadlineMs) => dispatcher.passDeadline(deadlineError('while its batch was still running', deadlineMs), deadlineError('before its batch started', deadlineMs)));
  const submission = new Submission<Req, Res>(admission, intake, lifecycle, shutdown, resolved);
  let partitions = 0;
  intake.requests
    .pipe(
      bufferBatches<QueuedRequest<Req, Res>>({
        maxSize, maxDelayMs, scheduler, flush: flushes, downstream: slots,
        policies: everyRequestCancellable
          ? policiesFromFacts(resolved, factsOf, (count) => (partitions = count))
          : undefined,
      }),
      mergeCalls(dispatcher, slots),
    )
    .subscribe(new Delivery(dispatcher, keyOf, lifecycle, shutdown));

  const stats = (): BatcherStats => ({
    waiting: admission.waiting,
    queued: admission.queued,
    inFlight: slots.running,
    submitted: admission.submitted,
    resolved: lifecycle.resolved,
    rejected: lifecycle.rejected,
    batches: dispatcher.batches,
    retries: dispatcher.retries,
    partitions: resolved.partitionBy === undefined ? Math.min(admission.queued, 1) : partitions,
  });
  return new PublicBatcher(submission, () => flushes.emit(), (closeOptions) => shutdown.close(closeOptions), stats);
}

// With policies every request is a `CancellableRequest` carrying its facts, worked out at submit.
const factsOf = (queued: unknown): PolicyFacts => (queued as CancellableRequest<unknown, unknown>).facts!;

const closedWhileWaiting = "The batcher closed while the request waited for room in the queue (`onQueueFull: 'wait'`)";

function deadlineError(where: string, deadlineMs: number): BatcherClosedError {
  return new BatcherClosedError(`The batcher closed ${where}: \`close({ deadlineMs })\`'s deadline (${deadlineMs} ms) passed`);
}
