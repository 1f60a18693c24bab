import type { Observable, SchedulerLike } from 'rxjs';

/** What the batch function gets besides its requests. */
export interface BatchContext {
  /**
   * Aborted when nobody waits for this call any more: every caller of it left, the batcher's `timeoutMs` for it
   * ran out, or a `close` deadline passed. Pass it to `fetch`, a database driver or a model runtime to stop work
   * nobody will use; returning early frees the call's concurrency slot.
   */
  readonly signal: AbortSignal;
  /** The partition of this batch (`partitionBy`'s value for its requests); `undefined` without `partitionBy`. */
  readonly partition: string | number | undefined;
  /** Which attempt this call is: 1 for the first, 2 for the first retry (`retry`), and so on. */
  readonly attempt: number;
}

/** How failed batches and requests are tried again: see `BatchOptions.retry`. */
export interface RetryOptions<Req> {
  /** How many more times a failed batch or request is tried. Integer from 1 and up. */
  count: number;
  /** The wait before the first retry, in milliseconds. From 0 to 2147483647. */
  delayMs: number;
  /** `'exponential'` doubles the wait at each retry; `'fixed'` keeps `delayMs`. @default 'exponential' */
  backoff?: 'exponential' | 'fixed';
  /** The longest wait between two attempts, in milliseconds. From `delayMs` to 2147483647. @default 2147483647 */
  maxBackoffMs?: number;
  /**
   * The share of each wait that is random, from 0 to 1: the wait is `delay × (1 − jitter × random())`, so
   * callers retrying together spread out. `1` is "full jitter". @default 0
   */
  jitter?: number;
  /** The random source of `jitter`, returning numbers in [0, 1); pass a seeded one in tests. @default Math.random */
  random?: () => number;
  /**
   * Which failures are retried. Called with a whole batch's error (`request` undefined) or with one request's
   * own `Error` result and that request. Without it, whole-batch failures are retried and per-request ones not.
   */
  when?: (error: unknown, request?: Req) => boolean;
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
  /**
   * The weight of a request (its size in bytes, say), for `maxWeight`. Must return a finite number from 0 up.
   * Needs `maxWeight`.
   */
  weigh?: (request: Req) => number;
  /**
   * The most weight in one batch: a batch is cut before the request that would take it past this, and a request
   * heavier than this on its own is refused. `maxSize` still applies. A number above 0. Needs `weigh`.
   */
  maxWeight?: number;
  /**
   * Batches each partition on its own (one batch per table, queue or tenant), with its own count, weight and
   * timer; the batch function gets `context.partition`. `concurrency` and the queue stay shared.
   */
  partitionBy?: (request: Req) => string | number;
  /** Tries failed batches — and, with `when`, failed requests — again, after a backoff. */
  retry?: RetryOptions<Req>;
  /**
   * Requests with the same `key` in one batch are sent once and share one result; duplicates count once
   * against `maxSize` and `maxWeight`.
   * @default false
   */
  dedupe?: boolean;
}
