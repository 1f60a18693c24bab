import { EMPTY, mergeMap, Observable, Subject } from 'rxjs';
import { bufferTimeOrCount } from '../operators/bufferTimeOrCount.js';
import { correlate, type CorrelatedBatch } from '../operators/correlate.js';
import { LazyBatchContext } from './batchContext.js';
import { Envelope } from './envelope.js';
import { BatcherClosedError, QueueFullError, TimeoutError } from './errors.js';
import { IntakeSubject } from './intakeSubject.js';
import { invokeBatch } from './invokeBatch.js';
import { WaitingRoom } from './waitingRoom.js';
import type { Batcher, BatcherOptions, BatcherStats, BatchFunction, SubmitOptions } from './types.js';
import { checkSubmitOptions, validateBatchFunction, validateOptions } from './validateOptions.js';

// The Promise executor runs synchronously, so one shared executor can hand the resolvers over without a
// closure per request: on the submit path every allocation counts.
// `Symbol.asyncDispose` is missing from runtimes older than Node 20 and recent browsers; the well-known
// registry key is what TypeScript's `await using` down-level helper looks up there.
const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

let capturedResolve: (value: never) => void;
let capturedReject: (reason: unknown) => void;
function captureResolvers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

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
export function createBatcher<Req, Res, K = Req>(
  fn: BatchFunction<Req, Res, K>,
  options?: BatcherOptions<Req, K>,
): Batcher<Req, Res> {
  validateBatchFunction(fn);
  const { maxSize, maxDelayMs, concurrency, maxQueueSize, onQueueFull, key, timeoutMs, scheduler } = validateOptions(options);

  let waiting = 0;
  let queued = 0;
  let inFlight = 0;
  let submitted = 0;
  let resolved = 0;
  let rejected = 0;
  let batches = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => {};

  const intake = new IntakeSubject<Envelope<Req, Res>>();
  const flushes = new Subject<void>();
  const waitingRoom = new WaitingRoom<Req, Res>();
  let admissionScheduled = false;

  const settle = (envelope: Envelope<Req, Res>, ok: boolean, value: unknown) => {
    if (envelope.state === 'settled') return;
    if (envelope.state === 'queued') freeQueueSlots(1);
    else if (envelope.state === 'waiting') waiting--;
    envelope.state = 'settled';
    envelope.release?.();
    if (ok) {
      resolved++;
      envelope.resolve(value as Res);
    } else {
      rejected++;
      envelope.reject(value);
    }
  };

  // A caller who leaves (abort, timeout, unsubscribe) is answered at once. A queued request stays in its
  // buffer but is skipped at dispatch; a dispatched one tells the batch function when nobody is left waiting.
  const leave = (envelope: Envelope<Req, Res>, reason: unknown) => {
    if (envelope.state === 'settled') return;
    const batch = envelope.batch;
    settle(envelope, false, reason);
    if (batch !== undefined && --batch.callersLeft === 0) batch.context.abort(reason);
  };

  const dispatch = (envelopes: Envelope<Req, Res>[]) => {
    let live = envelopes;
    for (let i = 0; i < envelopes.length; i++) {
      if (envelopes[i].state !== 'queued') {
        live = envelopes.filter((envelope) => envelope.state === 'queued');
        break;
      }
    }
    if (live.length === 0) return EMPTY;
    const context = new LazyBatchContext();
    const batch = { callersLeft: live.length, context };
    const requests = new Array<Req>(live.length);
    for (let i = 0; i < live.length; i++) {
      const envelope = live[i];
      envelope.state = 'dispatched';
      envelope.batch = batch;
      requests[i] = envelope.request;
    }
    freeQueueSlots(live.length);
    inFlight++;
    batches++;
    return invokeBatch(fn, live, requests, context, timeoutMs, scheduler);
  };

  const deliver = (batch: CorrelatedBatch<Envelope<Req, Res>, Res>) => {
    inFlight--;
    const { items } = batch;
    if (!batch.ok) {
      for (let i = 0; i < items.length; i++) settle(items[i], false, batch.error);
      return;
    }
    const { results } = batch;
    for (let i = 0; i < items.length; i++) {
      const result = results[i];
      settle(items[i], !(result instanceof Error), result);
    }
  };

  // Only called for a Map output; without a `key`, a request is its own key.
  const keyOfEnvelope = key === undefined
    ? (envelope: Envelope<Req, Res>) => envelope.request
    : (envelope: Envelope<Req, Res>) => key(envelope.request);

  intake
    .pipe(
      bufferTimeOrCount<Envelope<Req, Res>>({ maxSize, maxDelayMs, scheduler, flush: flushes }),
      mergeMap(dispatch, concurrency),
      correlate<Envelope<Req, Res>, Res, K | Req>(keyOfEnvelope),
    )
    .subscribe({ next: deliver, complete: () => markClosed() });

  const freeQueueSlots = (count: number) => {
    queued -= count;
    if (!waitingRoom.isEmpty) scheduleAdmission();
  };

  // Admitting from a microtask keeps a new batch from being cut inside the dispatch that freed the room.
  const scheduleAdmission = () => {
    if (admissionScheduled) return;
    admissionScheduled = true;
    Promise.resolve().then(admitWaiting);
  };

  const admitWaiting = () => {
    admissionScheduled = false;
    while (queued < maxQueueSize) {
      const envelope = waitingRoom.next();
      if (envelope === undefined) return;
      envelope.state = 'queued';
      waiting--;
      queued++;
      intake.next(envelope);
    }
  };

  const refusal = (submitOptions: SubmitOptions | undefined): Error | undefined => {
    if (closed) return new BatcherClosedError();
    if (queued >= maxQueueSize && onQueueFull === 'reject') return new QueueFullError(maxQueueSize);
    return submitOptions === undefined ? undefined : checkSubmitOptions(submitOptions);
  };

  const enqueue = (envelope: Envelope<Req, Res>, submitOptions: SubmitOptions | undefined) => {
    submitted++;
    // Behind anyone already waiting, even if room has just freed: first come, first served.
    const mustWait = queued >= maxQueueSize || !waitingRoom.isEmpty;
    if (mustWait) {
      envelope.state = 'waiting';
      waiting++;
      waitingRoom.enter(envelope);
      if (queued < maxQueueSize) scheduleAdmission();
    } else {
      queued++;
    }
    if (submitOptions !== undefined) watch(envelope, submitOptions);
    if (envelope.state === 'queued') intake.next(envelope);
  };

  const watch = (envelope: Envelope<Req, Res>, { signal, timeoutMs: requestTimeoutMs }: SubmitOptions) => {
    if (signal?.aborted) {
      leave(envelope, signal.reason);
      return;
    }
    const onAbort = () => leave(envelope, signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = requestTimeoutMs === undefined ? undefined : scheduler.schedule(() => {
      const where = {
        waiting: 'while waiting for room in the queue',
        queued: 'while queued',
        dispatched: 'while its batch was running',
        settled: '',
      }[envelope.state];
      leave(envelope, new TimeoutError(`The request timed out after \`timeoutMs\` (${requestTimeoutMs} ms) ${where}`, requestTimeoutMs));
    }, requestTimeoutMs);
    envelope.release = () => {
      signal?.removeEventListener('abort', onAbort);
      timer?.unsubscribe();
    };
  };

  const submit = (request: Req, submitOptions?: SubmitOptions): Promise<Res> => {
    const error = refusal(submitOptions);
    if (error !== undefined) return Promise.reject(error);
    const promise = new Promise<Res>(captureResolvers);
    enqueue(new Envelope<Req, Res>(request, capturedResolve as (value: Res) => void, capturedReject), submitOptions);
    return promise;
  };

  const submit$ = (request: Req, submitOptions?: SubmitOptions): Observable<Res> =>
    new Observable<Res>((subscriber) => {
      const error = refusal(submitOptions);
      if (error !== undefined) {
        subscriber.error(error);
        return;
      }
      const envelope = new Envelope<Req, Res>(
        request,
        (value) => {
          subscriber.next(value);
          subscriber.complete();
        },
        (reason) => subscriber.error(reason),
      );
      enqueue(envelope, submitOptions);
      return () => leave(envelope, new Error('The subscriber unsubscribed before the request settled'));
    });

  const close = (): Promise<void> => {
    if (closing === undefined) {
      closed = true;
      closing = new Promise<void>((resolve) => (markClosed = resolve));
      // Requests still waiting for room were never accepted into the queue: intake has stopped for them too.
      for (let envelope = waitingRoom.next(); envelope !== undefined; envelope = waitingRoom.next()) {
        settle(envelope, false, new BatcherClosedError());
      }
      // Completing the intake makes the buffer emit what it holds at once; the pipeline completes when the
      // last in-flight batch has been delivered.
      intake.complete();
      flushes.complete();
    }
    return closing;
  };

  return {
    submit,
    submit$,
    flush: () => flushes.next(),
    close,
    get stats(): BatcherStats {
      return { waiting, queued, inFlight, submitted, resolved, rejected, batches };
    },
    [asyncDispose]: close,
  };
}
