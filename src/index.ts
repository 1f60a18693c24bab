export { createBatcher } from './createBatcher.js';
export { BatchResultError, BatcherClosedError, QueueFullError, RequestFailedError, TimeoutError } from '../operators/internal/errors.js';
export type {
  Batcher,
  BatcherOptions,
  BatcherStats,
  BatchContext,
  BatchFunction,
  BatchOptions,
  BatchOutput,
  CloseOptions,
  SubmitOptions,
} from './types.js';
export * from '../operators/index.js';
