export { bufferTimeOrCount, type BufferTimeOrCountConfig } from './bufferTimeOrCount.js';
export { batchRequests } from './batchRequests.js';
export { batchRequestsSettled, type SettledRequest } from './batchRequestsSettled.js';
export { correlate, correlateOutcome, type CorrelatedBatch } from './correlate.js';
export type { BatchOutcome } from './internal/invokeBatch.js';
// The errors the operators fail with, so a user of `rx-batcher/operators` can catch them without the promise face.
export { BatchResultError, RequestFailedError, TimeoutError } from './internal/errors.js';
export type { BatchContext, BatchFunction, BatchOptions, BatchOutput } from './internal/batchFunction.js';
