/**
 * The errors rx-batcher rejects callers with. Each has a stable `name` and a stable `code`, so callers can tell
 * them apart across realms and bundles where `instanceof` may fail. Match on `code` rather than `name`: a
 * `TimeoutError` shares its `name` with the `DOMException` that `AbortSignal.timeout()` aborts with.
 */

/** `submit` was called while `maxQueueSize` requests were already waiting for dispatch. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  readonly code = 'ERR_RX_BATCHER_QUEUE_FULL' as const;
  constructor(readonly maxQueueSize: number) {
    super(
      `The queue is full: \`maxQueueSize\` (${maxQueueSize}) requests are already waiting for dispatch. ` +
        "Raise `maxQueueSize`, pass `onQueueFull: 'wait'` to make `submit` wait for room, or shed the load (answer 503)",
    );
  }
}

/** `submit` was called after `close()`, or `close()` gave up on the request. */
export class BatcherClosedError extends Error {
  override readonly name = 'BatcherClosedError';
  readonly code = 'ERR_RX_BATCHER_CLOSED' as const;
  /**
   * @param message Says why the request was refused; the default is for a `submit` after `close()`.
   * @param options `cause`: what the request had come to before the batcher closed (a retry's last error).
   */
  constructor(
    message = 'The batcher is closed: `submit` was called after `close()`. ' +
      'Submit before calling `close()`, or create a new batcher for new requests',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A request or a batch function call took longer than its `timeoutMs`. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ERR_RX_BATCHER_TIMEOUT' as const;
  constructor(message: string, readonly timeoutMs: number) {
    super(message);
  }
}

/** The batch function returned something that cannot be matched to its requests. */
export class BatchResultError extends Error {
  override readonly name = 'BatchResultError';
  readonly code = 'ERR_RX_BATCHER_BATCH_RESULT' as const;
}

/**
 * A request failed inside `batchRequests()`; the stream errors with this, so the failure says which request it was.
 * The batch function's own error is the `cause`.
 */
export class RequestFailedError<Req = unknown> extends Error {
  override readonly name = 'RequestFailedError';
  readonly code = 'ERR_RX_BATCHER_REQUEST_FAILED' as const;
  constructor(readonly request: Req, cause: unknown) {
    super(`A request failed in its batch: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
