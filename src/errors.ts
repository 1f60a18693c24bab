/**
 * The errors rx-batcher rejects callers with. Each has a stable `name`, so callers can tell them apart
 * across realms and bundles where `instanceof` may fail.
 */

/** `submit` was called while `maxQueueSize` requests were already waiting for dispatch. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor(readonly maxQueueSize: number) {
    super(`The queue is full: \`maxQueueSize\` (${maxQueueSize}) requests are already waiting for dispatch`);
  }
}

/** `submit` was called after `close()`. */
export class BatcherClosedError extends Error {
  override readonly name = 'BatcherClosedError';
  constructor() {
    super('The batcher is closed: `submit` was called after `close()`');
  }
}

/** A request or a batch function call took longer than its `timeoutMs`. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(message: string, readonly timeoutMs: number) {
    super(message);
  }
}

/** The batch function returned something that cannot be matched to its requests. */
export class BatchResultError extends Error {
  override readonly name = 'BatchResultError';
}

/**
 * A request failed inside `batchRequests()`; the stream errors with this, so the failure says which request it was.
 * The batch function's own error is the `cause`.
 */
export class RequestFailedError<Req = unknown> extends Error {
  override readonly name = 'RequestFailedError';
  constructor(readonly request: Req, cause: unknown) {
    super(`A request failed in its batch: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
