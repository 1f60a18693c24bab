import type { Observable, SchedulerLike } from 'rxjs';

/** What the batch function gets besides its requests. */
export interface BatchContext {
  /**
   * Aborted when nobody waits for this call any more: every caller of it left, the batcher's `timeoutMs` for it
   * ran out, or a `close` deadline passed. Pass it to `fetch`, a database driver or a model runtime to stop work
   * nobody will use; returning early frees the call's concurrency slot.
   */
  readonly signal: AbortSignal;
}

/**
 * What a batch function returns: one result per request in request order, or a `Map` keyed by `key(request)`.
 * An `Error` in place of a result rejects only that request (DataLoader's rule).
 */
export type BatchOutput<Res, K> = ReadonlyArray<Res | Error> | ReadonlyMap<K, Res | Error>;

/** Calls the backend once for many requests; sync, a promise, or an Observable whose first value is the output. */
export type BatchFunction<Req, Res, K = Req> = (
  requests: Req[],
  context: BatchContext,
) => BatchOutput<Res, K> | PromiseLike<BatchOutput<Res, K>> | Observable<BatchOutput<Res, K>>;

/** How requests are grouped and dispatched; shared by `createBatcher` and the `batchRequests` operators. */
export interface BatchOptions<Req, K = Req> {
  /**
   * The most requests in one batch. A batch is dispatched the moment it holds this many.
   * Integer from 1 and up.
   * @default 100
   */
  maxSize?: number;
  /**
   * The longest a batch waits, in milliseconds, counted from its *first* request. From 0 to 2147483647 (the
   * longest a timer can wait). `0` on the default scheduler means what this tick submits, promise jobs included
   * (dataloader's schedule); on a virtual clock, that clock's zero delay.
   * @default 10
   */
  maxDelayMs?: number;
  /**
   * How many batch function calls may run at once. Integer from 1 and up, or `Infinity`.
   * Set 1 for a backend that serves one call at a time (a GPU, a single-threaded model runtime). While every
   * slot is busy, requests keep gathering (up to `maxSize`) and go out together as soon as one frees. A call
   * holds its slot until the batch function returns, even when every caller of it has left, or until
   * `timeoutMs` gives up on it.
   * @default Infinity
   */
  concurrency?: number;
  /**
   * Maps a request to the key of its result when the batch function returns a `Map`.
   * @default the request itself
   */
  key?: (request: Req) => K;
  /**
   * The longest one batch function call may take, in milliseconds. When it runs out, the call's requests reject
   * with a `TimeoutError`, its `signal` is aborted and its concurrency slot is freed. Above 0, up to 2147483647.
   * @default no limit
   */
  timeoutMs?: number;
  /**
   * Runs every timer. Pass a `TestScheduler`'s or use `TestScheduler.run()` to test in virtual time.
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}
