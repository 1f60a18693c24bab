import { createBatcher } from '../../src/index.js';
import { batchRequests } from '../../operators/index.js';
import type { BatchShape, Contender, NumberBatchFunction, Submitter } from './contender.js';

/** Ours, with defaults for everything the issue does not set (`concurrency: Infinity`, no queue bound). */
function createRxBatcherSubmitter(batchFunction: NumberBatchFunction, { maxSize, maxDelayMs }: BatchShape): Submitter {
  const batcher = createBatcher<number, number>(batchFunction, { maxSize, maxDelayMs });
  return { submit: (request) => batcher.submit(request), close: () => batcher.close() };
}

export const rxBatcherContender: Contender = {
  name: 'rx-batcher',
  description: 'ours: createBatcher(fn, { maxSize, maxDelayMs }) for promises, batchRequests(fn, { maxSize, maxDelayMs }) for streams',
  createSubmitter: createRxBatcherSubmitter,
  createStream: (batchFunction, { maxSize, maxDelayMs }) => ({
    operator: batchRequests(batchFunction, { maxSize, maxDelayMs }),
  }),
};
