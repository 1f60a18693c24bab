import type { Observable } from 'rxjs';
import type { BatchOptions } from '../operators/internal/batchFunction.js';

export type { BatchContext, BatchFunction, BatchOptions, BatchOutput } from '../operators/internal/batchFunction.js';

/** Options of `createBatcher`. */
export interface BatcherOptions<Req, K = Req> extends BatchOptions<Req, K> {
  /**
   * The most requests waiting for dispatch. Past it, `submit` rejects with a `QueueFullError`.
   * Integer from 1 and up, or `Infinity`.
   * @default Infinity
   */
  maxQueueSize?: number;
  /**
   * What `submit` does when `maxQueueSize` requests are already waiting: `'reject'` at once with a
   * `QueueFullError` (load shedding), or `'wait'` for room, first come first served (back-pressure on the
   * caller). A waiting request still honours its `signal` and `timeoutMs`; `close()` rejects the ones still
   * waiting with `BatcherClosedError`.
   * @default 'reject'
   */
  onQueueFull?: 'reject' | 'wait';
}

/** Options of one `submit`. */
export interface SubmitOptions {
  /** Aborting it withdraws the request if it is still queued, or rejects its caller at once if it was dispatched. */
  signal?: AbortSignal;
  /** Like aborting, after this many milliseconds from `submit`, with a `TimeoutError`. Above 0, up to 2147483647. */
  timeoutMs?: number;
}

/** Options of `close`. */
export interface CloseOptions {
  /**
   * How long to wait for running batch function calls, in milliseconds from this `close` call, for shutdowns with
   * a grace period (a container's SIGTERM). When it passes, every call still running is given up on — its
   * `signal` aborts, its callers reject with `BatcherClosedError` —, batches not yet started are rejected the
   * same way without being sent, and `close()` resolves. From 0 to 2147483647.
   * @default no deadline: wait for every call to return (or its `timeoutMs`)
   */
  deadlineMs?: number;
}

/** A snapshot of the batcher's counters, taken each time `batcher.stats` is read. */
export interface BatcherStats {
  /** Requests waiting for room in a full queue (`onQueueFull: 'wait'`), not yet queued. */
  readonly waiting: number;
  /** Requests submitted and not yet handed to the batch function or settled. */
  readonly queued: number;
  /** Batch function calls running now. */
  readonly inFlight: number;
  /** Requests accepted by `submit` since creation (rejected ones, such as on a full queue, are not counted). */
  readonly submitted: number;
  /** Requests resolved with their result. */
  readonly resolved: number;
  /** Requests rejected, for any reason, after being accepted. */
  readonly rejected: number;
  /** Batch function calls made, retries included. */
  readonly batches: number;
  /** Retries made (`retry`): batch function calls beyond each batch's first. */
  readonly retries: number;
  /** Partitions with a batch being filled now (`partitionBy`); idle ones are released. Without `partitionBy`, 0 or 1. */
  readonly partitions: number;
}

/**
 * `[Symbol.asyncDispose]()`, so `await using batcher = createBatcher(...)` closes it at the end of the scope —
 * present where the user's types declare that symbol (`lib` with `esnext.disposable`, or `@types/node`) and
 * absent where they do not (`lib: ["es2022", "dom"]`), so these declarations compile under either without
 * declaring a global that the user's runtime may lack.
 */
type AsyncDisposableWhereDeclared = SymbolConstructor extends { readonly asyncDispose: infer Key extends symbol }
  ? { [K in Key]: () => Promise<void> }
  : Record<never, never>;

/** The promise-facing batcher returned by `createBatcher`. */
export interface Batcher<Req, Res> extends AsyncDisposableWhereDeclared {
  /** Queues one request; the promise settles with its own result or an error that says why. */
  submit(request: Req, options?: SubmitOptions): Promise<Res>;
  /**
   * Queues many requests in one call — dataloader's `loadMany`: the options are checked once, and each request is
   * admitted as `submit` admits it (past `maxQueueSize`, the rest are refused or wait, as `onQueueFull` says).
   * Resolves, once every one has settled, to their outcomes in request order, as `Promise.allSettled` does.
   */
  submitMany(requests: Iterable<Req>, options?: SubmitOptions): Promise<PromiseSettledResult<Res>[]>;
  /** A cold Observable: submits on subscribe; unsubscribing before dispatch withdraws the request. */
  submit$(request: Req, options?: SubmitOptions): Observable<Res>;
  /** Dispatches what is queued now, without waiting for `maxDelayMs`. */
  flush(): void;
  /**
   * Stops intake (later `submit`s reject with `BatcherClosedError`), dispatches the queue now, and resolves
   * once every batch function call has returned — a call whose callers all left still runs to its end; only
   * `timeoutMs` or `deadlineMs` bound the wait. Calling it again returns the same promise (a later call may
   * still set a deadline, if none is set yet).
   */
  close(options?: CloseOptions): Promise<void>;
  /** The counters as of now (a fresh snapshot on every read). */
  readonly stats: BatcherStats;
}
