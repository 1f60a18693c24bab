import type { NumberBatchFunction } from './contenders/contender.js';

/**
 * The batch function of the throughput cases: answers each request with itself, asynchronously, as a real
 * backend would. A fresh array, since a real backend does not hand back the array it was given.
 */
export const echoBatchFunction: NumberBatchFunction = (requests) => Promise.resolve(requests.slice());

/** An echo that first reports the moment it was called, for the latency cases. */
export function createTimedEcho(onCall: (calledAt: number, batchSize: number) => void): NumberBatchFunction {
  return (requests) => {
    onCall(performance.now(), requests.length);
    return echoBatchFunction(requests);
  };
}

/**
 * An echo that holds every answer until `release()`, so requests stay pending while the heap is measured.
 * After release it answers at once.
 */
export function createHeldEcho(): { batchFunction: NumberBatchFunction; release(): void } {
  let released = false;
  const heldAnswers: Array<() => void> = [];
  return {
    batchFunction: (requests) =>
      released
        ? echoBatchFunction(requests)
        : new Promise<number[]>((resolve) => heldAnswers.push(() => resolve(requests.slice()))),
    release: () => {
      released = true;
      for (const answer of heldAnswers.splice(0)) answer();
    },
  };
}
