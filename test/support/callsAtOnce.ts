/**
 * Wraps a synchronous answer as an async call that counts how many of its calls are in flight at once, for a
 * test that checks a caller waits for each answer before it asks again.
 */
export function countingCallsAtOnce<A, R>(answer: (argument: A) => R): { call: (argument: A) => Promise<R>; mostAtOnce: () => number } {
  let running = 0;
  let most = 0;
  return {
    call: async (argument) => {
      most = Math.max(most, ++running);
      await Promise.resolve();
      running--;
      return answer(argument);
    },
    mostAtOnce: () => most,
  };
}
