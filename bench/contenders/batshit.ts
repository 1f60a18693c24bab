import { create, indexedResolver, windowedFiniteBatchScheduler } from '@yornaath/batshit';
import type { BatchShape, Contender, NumberBatchFunction, Submitter } from './contender.js';
import { streamFromSubmitter } from './stream-from-submitter.js';

/**
 * batshit correlates results by key rather than by position, so its fetcher turns the ordered answer into a
 * record keyed by request; `indexedResolver` then looks each caller's result up. That indexing is the price of
 * batshit's design and is counted. Its batch is a `Set`, so every case submits distinct numbers.
 */
function createBatshitSubmitter(batchFunction: NumberBatchFunction, { maxSize, maxDelayMs }: BatchShape): Submitter {
  const batcher = create<Record<number, number>, number, number | null>({
    fetcher: async (requests) => {
      const results = await batchFunction(requests);
      const resultsByRequest: Record<number, number> = {};
      for (let index = 0; index < requests.length; index++) resultsByRequest[requests[index]] = results[index];
      return resultsByRequest;
    },
    resolver: indexedResolver(),
    scheduler: windowedFiniteBatchScheduler({ windowMs: maxDelayMs, maxBatchSize: maxSize }),
  });
  // The resolver answers null only for a missing key, and every case checks each result, so that would show.
  return { submit: (request) => batcher.fetch(request) as Promise<number> };
}

export const batshitContender: Contender = {
  name: 'batshit',
  description: '@yornaath/batshit 0.14: create({ fetcher, indexedResolver, windowedFiniteBatchScheduler({ windowMs, maxBatchSize }) })',
  createSubmitter: createBatshitSubmitter,
  createStream: streamFromSubmitter(createBatshitSubmitter),
};
