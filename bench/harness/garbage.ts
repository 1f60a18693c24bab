/**
 * Runs a full garbage collection, so one contender's garbage is not collected on the next one's time
 * and the memory case reads live objects only. Needs `node --expose-gc`.
 */
export function collectGarbage(): void {
  if (typeof globalThis.gc !== 'function') {
    throw new Error('The benchmarks need a callable gc(): run them with `npm run bench`, or `node --expose-gc bench/.compiled/bench/run.js` after `npm run bench:compile`.');
  }
  globalThis.gc();
}
