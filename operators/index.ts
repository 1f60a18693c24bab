export { bufferTimeOrCount, type BufferTimeOrCountConfig } from './bufferTimeOrCount.js';
export { batchRequests } from './batchRequests.js';
export { batchRequestsSettled, type SettledRequest } from './batchRequestsSettled.js';
export { correlate, correlateOutcome, type CorrelatedBatch } from './correlate.js';
export type { BatchOutcome } from '../src/invokeBatch.js';
