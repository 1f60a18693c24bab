import { createBatcher } from '../../src/index.js';
import { batchRequests } from '../../operators/index.js';
import type { BatchShape, Contender, NumberBatchFunction, PartitionedOptions, PerRequestOptions, Submitter } from './contender.js';

/** What a contender needs of rx-batcher: its sources here, or a build of another commit (`--builds`). */
export interface RxBatcherLibrary {
  readonly createBatcher: typeof createBatcher;
  readonly batchRequests: typeof batchRequests;
}

/**
 * rx-batcher as a contender, with defaults for everything the issue does not set (`concurrency: Infinity`, no
 * queue bound): `createBatcher` for promises, for per-request loaders (the batcher itself, nothing wrapped) and
 * with `partitionBy` for partitions, `batchRequests` for streams. `partitions: false` for a build from before
 * `partitionBy`, which then sits the partitions case out.
 */
export function rxBatcherContenderOf(
  name: string,
  description: string,
  library: RxBatcherLibrary,
  { partitions = true } = {},
): Contender {
  function createPartitionedSubmitter(
    batchFunction: NumberBatchFunction,
    { maxSize, maxDelayMs, partitionBy }: PartitionedOptions,
  ): Submitter {
    const batcher = library.createBatcher<number, number>(batchFunction, { maxSize, maxDelayMs, partitionBy });
    return { submit: (request) => batcher.submit(request), close: () => batcher.close() };
  }
  return {
    ...(partitions ? { createPartitionedSubmitter } : {}),
    name,
    description,
    createSubmitter(batchFunction: NumberBatchFunction, { maxSize, maxDelayMs }: BatchShape): Submitter {
      const batcher = library.createBatcher<number, number>(batchFunction, { maxSize, maxDelayMs });
      return { submit: (request) => batcher.submit(request), close: () => batcher.close() };
    },
    createPerRequestLoader(batchFunction: NumberBatchFunction, { maxDelayMs }: PerRequestOptions): Submitter {
      return maxDelayMs === undefined
        ? library.createBatcher<number, number>(batchFunction)
        : library.createBatcher<number, number>(batchFunction, { maxDelayMs });
    },
    createStream: (batchFunction, { maxSize, maxDelayMs }) => ({
      operator: library.batchRequests(batchFunction, { maxSize, maxDelayMs }),
    }),
  };
}

export const rxBatcherContender = rxBatcherContenderOf(
  'rx-batcher',
  'ours: createBatcher(fn, { maxSize, maxDelayMs }) for promises, batchRequests(fn, { maxSize, maxDelayMs }) for streams',
  { createBatcher, batchRequests },
);
