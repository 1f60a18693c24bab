import { asyncScheduler } from 'rxjs';

type NextTick = (callback: () => void) => void;

/** Something that runs once at the end of the tick it was queued in, unless it was called off meanwhile. */
export interface EndOfTickWork {
  /** Queued and not yet run: set by `runAtEndOfTick`, cleared just before `atEndOfTick` runs. */
  queuedForEndOfTick: boolean;
  /** Runs the work; it checks for itself whether it still has anything to do. */
  atEndOfTick(): void;
}

const resolved = Promise.resolve();
/** What this tick's end runs, in the order it was queued; one promise job and one `nextTick` serve them all. */
let queued: EndOfTickWork[] = [];

/**
 * Runs `work.atEndOfTick()` once the current job is over, together with every promise job it queued (and the
 * jobs those queue), but before any timer or I/O callback: dataloader's "this tick". In Node that is a
 * `process.nextTick` queued from a promise job; elsewhere, the next macrotask. A single microtask is not enough:
 * a load made inside a `.then` callback of the current job would miss it.
 *
 * Work queued twice in one tick runs once. There is no cancelling: the work finds out when it runs whether it
 * still has something to do, which costs nothing per batch, where a cancellable handle would cost an object.
 */
export function runAtEndOfTick(work: EndOfTickWork): void {
  if (work.queuedForEndOfTick) return;
  work.queuedForEndOfTick = true;
  if (queued.push(work) === 1) void resolved.then(queueTheRun);
}

function queueTheRun(): void {
  // Looked up each time, not once: fake timers (jest, sinon) replace `process.nextTick` after this loads.
  const nextTick = (globalThis as { process?: { nextTick?: NextTick } }).process?.nextTick;
  if (typeof nextTick === 'function') nextTick(runQueued);
  else asyncScheduler.schedule(runQueued);
}

// Work that queues more work while this runs (a batch sent re-entrantly starts the next one) goes into a fresh
// list, run at the end of the tick after.
function runQueued(): void {
  const works = queued;
  queued = [];
  for (const work of works) {
    work.queuedForEndOfTick = false;
    try {
      work.atEndOfTick();
    } catch (error) {
      // Thrown as it would be from a callback of its own, without keeping the rest of the list from running.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
