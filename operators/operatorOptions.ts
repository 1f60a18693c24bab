import { validateBatchFunction, validateOptions, type ResolvedOptions } from '../src/validateOptions.js';
import type { BatchOptions } from '../src/types.js';

// An operator has no queue of its own (the source decides the pace), so `maxQueueSize` is not one of its options.
const operatorOptionNames = ['maxSize', 'maxDelayMs', 'concurrency', 'key', 'timeoutMs', 'scheduler'];

/** Validates an operator's batch function and options when the operator is created, not when it is subscribed. */
export function operatorOptions<Req, K>(fn: unknown, options: BatchOptions<Req, K> | undefined): ResolvedOptions<Req, K> {
  validateBatchFunction(fn);
  return validateOptions(options, operatorOptionNames);
}
