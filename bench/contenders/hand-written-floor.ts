import type { BatchShape, Contender, NumberBatchFunction, Submitter } from './contender.js';
import { streamFromSubmitter } from './stream-from-submitter.js';

/**
 * The least a promise-per-request batcher can do: parallel arrays of requests and resolvers, one timer, no
 * validation, no cancellation, no bounds. Nothing promise-facing should be much faster; it is the floor.
 */
function createHandWrittenSubmitter(batchFunction: NumberBatchFunction, { maxSize, maxDelayMs }: BatchShape): Submitter {
  let requests: number[] = [];
  let resolvers: Array<(result: number) => void> = [];
  let rejecters: Array<(reason: unknown) => void> = [];
  let timer: NodeJS.Timeout | undefined;

  function dispatch(): void {
    clearTimeout(timer);
    timer = undefined;
    const [batch, resolveEach, rejectEach] = [requests, resolvers, rejecters];
    requests = [];
    resolvers = [];
    rejecters = [];
    batchFunction(batch).then(
      (results) => resolveEach.forEach((resolve, index) => resolve(results[index])),
      (error: unknown) => rejectEach.forEach((reject) => reject(error)),
    );
  }

  return {
    submit: (request) =>
      new Promise<number>((resolve, reject) => {
        requests.push(request);
        resolvers.push(resolve);
        rejecters.push(reject);
        if (requests.length >= maxSize) dispatch();
        else if (timer === undefined) timer = setTimeout(dispatch, maxDelayMs);
      }),
    close: () => {
      if (requests.length > 0) dispatch();
    },
  };
}

export const handWrittenFloorContender: Contender = {
  name: 'hand-written',
  description: 'the floor: ~25 lines, arrays of requests and resolvers, one setTimeout, dispatch at maxSize',
  createSubmitter: createHandWrittenSubmitter,
  createStream: streamFromSubmitter(createHandWrittenSubmitter),
};
