import { bufferTime, filter, mergeMap, Subject } from 'rxjs';
import type { BatchShape, Contender, NumberBatchFunction, Submitter } from './contender.js';
import { streamFromSubmitter } from './stream-from-submitter.js';

interface PendingRequest {
  readonly request: number;
  readonly resolve: (result: number) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * What one writes first with RxJS: a Subject of requests with their resolvers, `bufferTime(delay, null, size)`,
 * and `mergeMap` over the batch function. `bufferTime` emits an empty array on every idle period, hence the filter.
 */
function createNaiveRxjsSubmitter(batchFunction: NumberBatchFunction, { maxSize, maxDelayMs }: BatchShape): Submitter {
  const pendingRequests = new Subject<PendingRequest>();
  const subscription = pendingRequests
    .pipe(
      bufferTime(maxDelayMs, null, maxSize),
      filter((batch) => batch.length > 0),
      mergeMap(async (batch) => {
        try {
          const results = await batchFunction(batch.map((pending) => pending.request));
          batch.forEach((pending, index) => pending.resolve(results[index]));
        } catch (error) {
          batch.forEach((pending) => pending.reject(error));
        }
      }),
    )
    .subscribe();
  return {
    submit: (request) => new Promise<number>((resolve, reject) => pendingRequests.next({ request, resolve, reject })),
    close: () => {
      // Completing flushes the last buffer; the subscription ends on its own once that batch is answered.
      pendingRequests.complete();
      return new Promise<void>((resolve) => subscription.add(resolve));
    },
  };
}

export const naiveRxjsContender: Contender = {
  name: 'naive-rxjs',
  description: 'Subject + bufferTime(maxDelayMs, null, maxSize) + mergeMap(batch function), resolvers carried along',
  createSubmitter: createNaiveRxjsSubmitter,
  createStream: streamFromSubmitter(createNaiveRxjsSubmitter),
};
