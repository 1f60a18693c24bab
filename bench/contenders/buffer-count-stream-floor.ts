import { bufferCount, mergeAll, mergeMap } from 'rxjs';
import type { Contender } from './contender.js';

/**
 * The stream floor: plain RxJS with no time window, no correlation and no error handling per item.
 * `batchRequests` adds all of those, so the target is to stay within reach of this, not to pass it.
 */
export const bufferCountStreamFloorContender: Contender = {
  name: 'bufferCount-floor',
  description: 'stream floor: bufferCount(maxSize) + mergeMap(batch function) + mergeAll(), no time window',
  createStream: (batchFunction, { maxSize }) => ({
    operator: (items) => items.pipe(bufferCount(maxSize), mergeMap(batchFunction), mergeAll()),
  }),
};
