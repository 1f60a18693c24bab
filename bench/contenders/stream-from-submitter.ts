import { mergeMap } from 'rxjs';
import type { BatchShape, NumberBatchFunction, StreamBatcher, Submitter } from './contender.js';

/**
 * Feeds a stream to a promise-facing batcher the way its users would: `mergeMap(item => submit(item))`.
 * Results come out in completion order rather than input order, which only makes the peers' job easier.
 */
export function streamFromSubmitter(
  createSubmitter: (batchFunction: NumberBatchFunction, shape: BatchShape) => Submitter,
): (batchFunction: NumberBatchFunction, shape: BatchShape) => StreamBatcher {
  return (batchFunction, shape) => {
    const submitter = createSubmitter(batchFunction, shape);
    return {
      operator: mergeMap((request: number) => submitter.submit(request)),
      close: () => submitter.close?.(),
    };
  };
}
