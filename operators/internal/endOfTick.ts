import { asyncScheduler, Subscription } from 'rxjs';

type NextTick = (callback: () => void) => void;

const resolved = Promise.resolve();

/**
 * Runs `work` once the current job is over, together with every promise job it queued (and the jobs those
 * queue), but before any timer or I/O callback: dataloader's "this tick". In Node that is a `process.nextTick`
 * queued from a promise job; elsewhere, the next macrotask.
 *
 * A single microtask is not enough: a load made inside a `.then` callback of the current job would miss it.
 *
 * @returns Unsubscribing cancels `work` if it has not run yet.
 */
export function scheduleAtEndOfTick(work: () => void): Subscription {
  // Looked up on every call, not once: fake timers (jest, sinon) replace `process.nextTick` after this loads.
  const nextTick = (globalThis as { process?: { nextTick?: NextTick } }).process?.nextTick;
  if (typeof nextTick !== 'function') return asyncScheduler.schedule(work, 0);
  const subscription = new Subscription();
  void resolved.then(() => {
    if (!subscription.closed) nextTick(() => {
      if (!subscription.closed) work();
    });
  });
  return subscription;
}
