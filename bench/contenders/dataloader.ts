import DataLoader from 'dataloader';
import type { BatchShape, Contender, NumberBatchFunction, PartitionedOptions, Submitter } from './contender.js';
import { streamFromSubmitter } from './stream-from-submitter.js';

/**
 * DataLoader as most services run it, minus the cache: a cache would answer repeated keys without batching,
 * which is not what is measured. It has no time window: its default schedule dispatches at the end of the
 * tick, so `maxDelayMs` does not apply to it.
 */
function createDataloaderSubmitter(batchFunction: NumberBatchFunction, { maxSize }: BatchShape): Submitter {
  const loader = new DataLoader<number, number>(batchFunction, { cache: false, maxBatchSize: maxSize });
  return { submit: (request) => loader.load(request) };
}

/** The usual dataloader set-up per incoming request, cache off as above; it has no `maxDelayMs` to take. */
function createDataloaderPerRequestLoader(batchFunction: NumberBatchFunction): Submitter {
  const loader = new DataLoader<number, number>(batchFunction, { cache: false });
  return { submit: (request) => loader.load(request) };
}

/**
 * DataLoader has no partitions, so users keep one loader per key by hand: a `Map` from partition to loader, each
 * made on the partition's first request and configured as above. Each loader batches its own requests and
 * dispatches them at the end of the tick, so every batch holds one partition's requests.
 */
function createDataloaderPartitionedSubmitter(
  batchFunction: NumberBatchFunction,
  { maxSize, partitionBy }: PartitionedOptions,
): Submitter {
  const loaders = new Map<string, DataLoader<number, number>>();
  return {
    submit(request) {
      const partition = partitionBy(request);
      let loader = loaders.get(partition);
      if (loader === undefined) {
        loader = new DataLoader<number, number>(batchFunction, { cache: false, maxBatchSize: maxSize });
        loaders.set(partition, loader);
      }
      return loader.load(request);
    },
  };
}

export const dataloaderContender: Contender = {
  name: 'dataloader',
  description: 'dataloader 2.2: new DataLoader(fn, { cache: false, maxBatchSize }), its default end-of-tick schedule',
  createSubmitter: createDataloaderSubmitter,
  createPerRequestLoader: createDataloaderPerRequestLoader,
  createPartitionedSubmitter: createDataloaderPartitionedSubmitter,
  createStream: streamFromSubmitter(createDataloaderSubmitter),
};
