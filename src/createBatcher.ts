import { map, Observable, type Subscription } from 'rxjs';
import { bufferTimeOrCount } from '../operators/bufferTimeOrCount.js';
import { correlateOutcome, type CorrelatedBatch } from '../operators/correlate.js';
import { mergeCalls } from '../operators/internal/mergeCalls.js';
import { LazyBatchContext } from '../operators/internal/batchContext.js';
import { Envelope, type DispatchedCall } from './internal/cancellableRequest.js';
import { BatcherClosedError, QueueFullError, TimeoutError } from '../operators/internal/errors.js';
import { UnicastSubject } from './internal/unicastSubject.js';
import { invokeBatch, type BatchOutcome } from '../operators/internal/invokeBatch.js';
import { OpenBatch } from './internal/batchCallers.js';
import { WaitingRoom } from './internal/waitingRoom.js';
import { RunningCalls, type RunningCall } from './internal/runningCalls.js';
import { checkCloseOptions } from './internal/closeOptions.js';
import { listenForAbort } from './internal/abortListeners.js';
import type { Batcher, BatcherOptions, BatcherStats, BatchFunction, CloseOptions, SubmitOptions } from './types.js';
import { checkSubmitOptions, validateBatchFunction, validateOptions } from '../operators/internal/validateOptions.js';

// `Symbol.asyncDispose` is missing from runtimes older than Node 20 and recent browsers; the well-known
// registry key is what TypeScript's `await using` down-level helper looks up there.
const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

/** What the buffer holds: a plain request as is, or a watched one in its `Envelope`. */
type Item<Req, Res> = Req | Envelope<Req, Res>;

/** A batch as the buffer cut it, with the `OpenBatch` its plain requests are waiting on. */
interface CutBatch<Req, Res> {
  readonly items: Item<Req, Res>[];
  readonly batch: OpenBatch<Res>;
}

/** A call that has reported, with what its batch function came to. */
interface FinishedCall<Req, Res> {
  readonly call: Call<Req, Res>;
  readonly outcome: BatchOutcome<Item<Req, Res>>;
}

/** A finished call whose output has been matched to its requests: `results[i]` belongs to `live[i]`. */
interface CorrelatedCall<Req, Res> {
  readonly call: Call<Req, Res>;
  readonly outcome: CorrelatedBatch<Item<Req, Res>, Res>;
}

/** One batch function call in flight. */
interface Call<Req, Res> extends DispatchedCall, RunningCall {
  readonly batch: OpenBatch<Res>;
  /** Everything the buffer cut, in order: the positions `OpenBatch` handed out. */
  readonly items: readonly Item<Req, Res>[];
  /** What the batch function was given: `items` without watched requests withdrawn before dispatch. */
  readonly live: readonly Item<Req, Res>[];
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
  /** Every batch has settled after `close()`. */
  let finished = false;
  let deadlineTimer: Subscription | undefined;
  /** A `close` deadline has passed: batches not yet started are failed instead of sent. */
  let deadlinePassed = false;
  const runningCalls = new RunningCalls();

  const intake = new UnicastSubject<Item<Req, Res>>();
  const flushes = new UnicastSubject<void>();
  /** Emits whenever a concurrency slot may have freed: a batch whose time is up can then be cut. */
  const slotFreed = new UnicastSubject<void>();
  /** Batches cut and waiting for a concurrency slot. */
  let cutWaiting = 0;
  const waitingRoom = new WaitingRoom<Req, Res>();
  let admissionScheduled = false;
  /** Room for the next batch's resolvers: the size of the batch before it (see `bufferTimeOrCount`). */
  let openBatchCapacity = Math.min(maxSize, 16);
  /** The batch the buffer is filling; replaced the moment the buffer cuts it. */
  let open: OpenBatch<Res> | undefined;

  // Every item takes a position in `openBatch()` just before it enters the buffer, so `open.size` always equals
  // the buffer's length and a request's position in `open` is its position in the batch the buffer cuts.
  const openBatch = () => (open ??= new OpenBatch<Res>(openBatchCapacity));

  const bufferWatched = (envelope: Envelope<Req, Res>) => {
    openBatch().addWatchedRequest();
    intake.next(envelope);
  };

  const cut = (items: Item<Req, Res>[]): CutBatch<Req, Res> => {
    const batch = open!;
    open = undefined;
    openBatchCapacity = Math.min(maxSize, 1024, Math.max(16, batch.size));
    cutWaiting++;
    return { items, batch };
  };

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
    const call = envelope.call;
    settle(envelope, false, reason);
    if (call !== undefined && --call.callersLeft === 0) call.context.abort(reason);
  };

  const dispatch = ({ items, batch }: CutBatch<Req, Res>, done: (finished: FinishedCall<Req, Res> | undefined) => void) => {
    cutWaiting--;
    // A batch of plain requests only, the common case: nothing can have been withdrawn, nothing needs marking.
    if (!batch.hasWatchedRequests) return startCall(batch, items, items, items.slice() as Req[], done);
    let live: Item<Req, Res>[] = items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item instanceof Envelope && item.state !== 'queued') {
        live = items.filter((candidate) => !(candidate instanceof Envelope) || candidate.state === 'queued');
        break;
      }
    }
    // Only watched requests can be withdrawn, so an empty batch has no plain request waiting on `batch`.
    if (live.length === 0) {
      done(undefined);
      slotFreed.next();
      return undefined;
    }
    return startCall(batch, items, live, live.map(requestOf), done);
  };

  // The batch function gets a copy of the requests: one that sorts or splices what it is given must not move
  // the positions its callers' results are matched by.
  const startCall = (
    batch: OpenBatch<Res>,
    items: Item<Req, Res>[],
    live: Item<Req, Res>[],
    requests: Req[],
    done: (finished: FinishedCall<Req, Res>) => void,
  ) => {
    const context = new LazyBatchContext();
    const call: Call<Req, Res> = {
      batch, items, live, callersLeft: live.length, context, previousRunning: undefined, nextRunning: undefined,
    };
    if (batch.hasWatchedRequests) {
      for (let i = 0; i < live.length; i++) {
        const item = live[i];
        if (item instanceof Envelope) {
          item.state = 'dispatched';
          item.call = call;
        }
      }
    }
    freeQueueSlots(live.length);
    inFlight++;
    if (deadlinePassed) {
      done({ call, outcome: { items: live, ok: false, error: new BatcherClosedError(deadlineMessage('before its batch started')) } });
      return undefined;
    }
    batches++;
    runningCalls.add(call);
    return invokeBatch(fn, live, requests, context, timeoutMs, scheduler, (outcome) => done({ call, outcome }));
  };

  // The correlation stage: matches a finished call's output to its requests.
  const correlateCall = ({ call, outcome }: FinishedCall<Req, Res>): CorrelatedCall<Req, Res> => ({
    call,
    outcome: correlateOutcome<Item<Req, Res>, Res, K | Req>(outcome, keyOfItem),
  });

  const deliver = ({ call, outcome }: CorrelatedCall<Req, Res>) => {
    inFlight--;
    runningCalls.remove(call);
    const live = outcome.items;
    if (!outcome.ok) {
      for (let i = 0; i < live.length; i++) {
        const item = live[i];
        if (item instanceof Envelope) settle(item, false, outcome.error);
        else rejected++;
      }
      call.batch.fail(outcome.error);
      return;
    }
    const { results } = outcome;
    let plainRequests = live.length;
    if (call.batch.hasWatchedRequests) {
      for (let i = 0; i < live.length; i++) {
        const item = live[i];
        if (!(item instanceof Envelope)) continue;
        plainRequests--;
        const result = results[i];
        settle(item, !(result instanceof Error), result);
      }
    }
    const failures = call.batch.fulfil(live === call.items ? results : alignWithPositions(call, results));
    rejected += failures;
    resolved += plainRequests - failures;
  };

  const canTakeBatch = () => inFlight + cutWaiting < concurrency;

  // Only called for a Map output; without a `key`, a request is its own key.
  const requestOf = (item: Item<Req, Res>): Req => (item instanceof Envelope ? item.request : item);
  const keyOfItem = key === undefined ? requestOf : (item: Item<Req, Res>) => key(requestOf(item));

  intake
    .pipe(
      bufferTimeOrCount<Item<Req, Res>>({
        maxSize,
        maxDelayMs,
        scheduler,
        flush: flushes,
        downstream: { canTake: canTakeBatch, ready: slotFreed },
      }),
      map(cut),
      mergeCalls(dispatch, concurrency),
      map(correlateCall),
    )
    .subscribe({
      next(correlated) {
        deliver(correlated);
        slotFreed.next();
      },
      complete() {
        finished = true;
        deadlineTimer?.unsubscribe();
        markClosed();
      },
    });

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
      bufferWatched(envelope);
    }
  };

  const refusal = (submitOptions: SubmitOptions | undefined): Error | undefined => {
    if (closed) return new BatcherClosedError();
    if (queued >= maxQueueSize && onQueueFull === 'reject') return new QueueFullError(maxQueueSize);
    return submitOptions === undefined ? undefined : checkSubmitOptions(submitOptions);
  };

  // Behind anyone already waiting, even if room has just freed: first come, first served.
  const mustWait = () => queued >= maxQueueSize || !waitingRoom.isEmpty;

  const enqueueWatched = (envelope: Envelope<Req, Res>, submitOptions: SubmitOptions | undefined) => {
    submitted++;
    if (mustWait()) {
      envelope.state = 'waiting';
      waiting++;
      waitingRoom.enter(envelope);
      if (queued < maxQueueSize) scheduleAdmission();
    } else {
      queued++;
    }
    if (submitOptions !== undefined) watch(envelope, submitOptions);
    if (envelope.state === 'queued') bufferWatched(envelope);
  };

  const watch = (envelope: Envelope<Req, Res>, { signal, timeoutMs: requestTimeoutMs }: SubmitOptions) => {
    if (signal?.aborted) {
      leave(envelope, signal.reason);
      return;
    }
    const stopListening = signal === undefined ? undefined : listenForAbort(signal, () => leave(envelope, signal.reason));
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
      stopListening?.();
      timer?.unsubscribe();
    };
  };

  const submitWatched = (request: Req, submitOptions: SubmitOptions | undefined): Promise<Res> =>
    new Promise<Res>((resolve, reject) => enqueueWatched(new Envelope<Req, Res>(request, resolve, reject), submitOptions));

  const submit = (request: Req, submitOptions?: SubmitOptions): Promise<Res> => {
    if (submitOptions !== undefined || closed || mustWait()) {
      const error = refusal(submitOptions);
      if (error !== undefined) return Promise.reject(error);
      return submitWatched(request, submitOptions);
    }
    // The plain path, and the hot one: no envelope, just a position in the open batch.
    const result = openBatch().addPlainRequest();
    queued++;
    submitted++;
    intake.next(request);
    return result;
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
      enqueueWatched(envelope, submitOptions);
      return () => {
        if (envelope.state !== 'settled') leave(envelope, new Error('The subscriber unsubscribed before the request settled'));
      };
    });

  const deadlineMessage = (where: string) =>
    `The batcher closed ${where}: \`close({ deadlineMs })\`'s deadline (${closeDeadlineMs} ms) passed`;
  let closeDeadlineMs = 0;

  // Past the deadline nothing more is sent, and every call still running is given up on: its signal aborts,
  // its callers reject, and the pipeline completes, which resolves `close()`.
  const passDeadline = () => {
    deadlinePassed = true;
    runningCalls.giveUpAll(() => new BatcherClosedError(deadlineMessage('while its batch was still running')));
  };

  const close = (closeOptions?: CloseOptions): Promise<void> => {
    const invalid = checkCloseOptions(closeOptions);
    if (invalid !== undefined) return Promise.reject(invalid);
    const deadlineMs = closeOptions?.deadlineMs;
    if (deadlineMs !== undefined && deadlineTimer === undefined && !finished) {
      closeDeadlineMs = deadlineMs;
      deadlineTimer = scheduler.schedule(passDeadline, deadlineMs);
    }
    if (closing === undefined) {
      closed = true;
      closing = new Promise<void>((resolve) => (markClosed = resolve));
      // Requests still waiting for room were never accepted into the queue: intake has stopped for them too.
      for (let envelope = waitingRoom.next(); envelope !== undefined; envelope = waitingRoom.next()) {
        settle(envelope, false, new BatcherClosedError("The batcher closed while the request waited for room in the queue (`onQueueFull: 'wait'`)"));
      }
      // Completing the intake makes the buffer emit what it holds at once; the pipeline completes when the
      // last in-flight batch has been delivered.
      intake.complete();
      flushes.complete();
    }
    return closing;
  };

  const readStats = (): BatcherStats => ({ waiting, queued, inFlight, submitted, resolved, rejected, batches });
  return new PublicBatcher(submit, submit$, () => flushes.next(), close, readStats);
}

/**
 * The object `createBatcher` returns. A class, so that `stats` is a getter on a shared prototype: a getter in an
 * object literal gives every batcher a map of its own that V8 keeps reachable from old space, so each batcher
 * survived young-generation collections until a full one (bench/README.md, "per-request batcher").
 */
class PublicBatcher<Req, Res> implements Batcher<Req, Res> {
  constructor(
    readonly submit: Batcher<Req, Res>['submit'],
    readonly submit$: Batcher<Req, Res>['submit$'],
    readonly flush: Batcher<Req, Res>['flush'],
    readonly close: Batcher<Req, Res>['close'],
    private readonly readStats: () => BatcherStats,
  ) {}

  get stats(): BatcherStats {
    return this.readStats();
  }

  [asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Spreads a call's results back over the positions of its batch, when watched requests withdrawn before
 * dispatch left gaps: the plain requests pick their result by the position they were given at submit.
 */
function alignWithPositions<Req, Res>(call: Call<Req, Res>, results: ReadonlyArray<Res | Error>): ReadonlyArray<Res | Error | undefined> {
  const aligned = new Array<Res | Error | undefined>(call.items.length);
  let next = 0;
  for (let i = 0; i < call.items.length; i++) {
    const item = call.items[i];
    if (item instanceof Envelope && item.call !== call) continue; // withdrawn before dispatch
    aligned[i] = results[next++];
  }
  return aligned;
}
