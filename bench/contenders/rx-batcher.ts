import { createBatcher } from '../../src/index.js';
import { batchRequests } from '../../operators/index.js';
import type { BatchShape, Contender, NumberBatchFunction, PerRequestOptions, Submitter } from './contender.js';

/** Ours, with defaults for everything the issue does not set (`concurrency: Infinity`, no queue bound). */
function createRxBatcherSubmitter(batchFunction: NumberBatchFunction, { maxSize, maxDelayMs }: BatchShape): Submitter {
  const batcher = createBatcher<number, number>(batchFunction, { maxSize, maxDelayMs });
  return { submit: (request) => batcher.submit(request), close: () => batcher.close() };
}

/** What a service writes per incoming request; the batcher itself is the submitter, with nothing wrapped. */
function createRxBatcherPerRequestLoader(batchFunction: NumberBatchFunction, { maxDelayMs }: PerRequestOptions): Submitter {
  return maxDelayMs === undefined
    ? createBatcher<number, number>(batchFunction)
    : createBatcher<number, number>(batchFunction, { maxDelayMs });
}

export const rxBatcherContender: Contender = {
  name: 'rx-batcher',
  description: 'ours: createBatcher(fn, { maxSize, maxDelayMs }) for promises, batchRequests(fn, { maxSize, maxDelayMs }) for streams',
  createSubmitter: createRxBatcherSubmitter,
  createPerRequestLoader: createRxBatcherPerRequestLoader,
  createStream: (batchFunction, { maxSize, maxDelayMs }) => ({
    operator: batchRequests(batchFunction, { maxSize, maxDelayMs }),
  }),
};
