/**
 * The heap in use after full garbage collections: live objects only, so two readings can be compared for leaks.
 * Collects twice because objects with finalizers or weak references can need a second pass to go.
 */
export function settledHeapUsed(): number {
  if (typeof globalThis.gc !== 'function') {
    throw new Error('The soak needs a callable gc(): run it with `node --expose-gc --import tsx bench/soak/run.ts` (`npm run soak`).');
  }
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
