/**
 * The failures the soak's batch function and load generator inject. Each is its own class so a rejection can be
 * traced back to the fault that caused it, and told apart from an error the library made up by itself.
 */

/** One request's result was this Error: it must reject that request only. */
export class SoakItemError extends Error {
  override readonly name = 'SoakItemError';
  constructor(readonly requestId: number) {
    super(`injected failure of request ${requestId}`);
  }
}

/** The batch function threw synchronously: every caller of the batch must reject with this same error. */
export class SoakBatchThrow extends Error {
  override readonly name = 'SoakBatchThrow';
  constructor() {
    super('injected synchronous throw of a whole batch');
  }
}

/** The batch function's promise rejected: every caller of the batch must reject with this same error. */
export class SoakBatchRejection extends Error {
  override readonly name = 'SoakBatchRejection';
  constructor() {
    super('injected rejection of a whole batch');
  }
}

/** The reason a caller aborted its request with. */
export class SoakAbort extends Error {
  override readonly name = 'SoakAbort';
  constructor(readonly requestId: number) {
    super(`injected abort of request ${requestId}`);
  }
}
