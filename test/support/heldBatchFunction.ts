import { deferred, type Deferred } from './observe.js';

/** One call of a held batch function: what it was given, and the answer the test releases by hand. */
export interface HeldCall {
  requests: number[];
  answer: Deferred<void>;
}

/**
 * An echo batch function that holds every call open until the test resolves `calls[i].answer`, so a test can
 * keep concurrency slots busy for exactly as long as it wants.
 */
export function heldBatchFunction(): { batchFunction: (requests: number[]) => Promise<number[]>; calls: HeldCall[] } {
  const calls: HeldCall[] = [];
  const batchFunction = async (requests: number[]) => {
    const answer = deferred<void>();
    calls.push({ requests: [...requests], answer });
    await answer.promise;
    return requests;
  };
  return { batchFunction, calls };
}
