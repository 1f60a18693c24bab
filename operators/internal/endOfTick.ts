import { asyncScheduler } from 'rxjs';

type NextTick = (callback: () => void) => void;

/** Something that runs once at the end of the tick it was queued in, unless it was called off meanwhile. */
export interface EndOfTickWork {
  /** The list of work it is queued in, until that list runs; set by `runAtEndOfTick` only. */
  endOfTickList: EndOfTickWork[] | undefined;
  /** Runs the work; it checks for itself whether it still has anything to do. */
  atEndOfTick(): void;
}

const resolved = Promise.resolve();
/** What the end of this tick runs, in the order it was queued; one promise job and one `nextTick` serve it all. */
let queued: EndOfTickWork[] = [];
/**
 * Where the run of `queued` stands: `undefined` none is scheduled, `null` its promise job is queued, or the
 * `nextTick` it was handed to (`asyncScheduler` where there is none).
 */
let scheduledOn: NextTick | typeof asyncScheduler | null | undefined = undefined;

/**
 * Runs `work.atEndOfTick()` once the current job is over, together with every promise job it queued (and the
 * jobs those queue), but before any timer or I/O callback: dataloader's "this tick". In Node that is a
 * `process.nextTick` queued from a promise job; elsewhere, the next macrotask. A single microtask is not enough:
 * a load made inside a `.then` callback of the current job would miss it.
 *
 * Work queued twice before its list runs runs once; work queued again while its list is running goes to the
 * next list. There is no cancelling: the work finds out when it runs whether it still has something to do,
 * which costs nothing per batch, where a cancellable handle would cost an object.
 */
export function runAtEndOfTick(work: EndOfTickWork): void {
  if (work.endOfTickList === queued) return;
  work.endOfTickList = queued;
  queued.push(work);
  // A run handed to a `nextTick` that is no longer the process's (fake timers, removed without running it)
  // would never come: the list is scheduled again, so work queued since is not stranded with it.
  if (scheduledOn === undefined || (scheduledOn !== null && scheduledOn !== asyncScheduler && scheduledOn !== currentNextTick())) {
    scheduledOn = null;
    void resolved.then(scheduleTheRun);
  }
}

// Looked up each time, not once: fake timers (jest, sinon) replace `process.nextTick` after this loads.
function currentNextTick(): NextTick | undefined {
  const nextTick = (globalThis as { process?: { nextTick?: NextTick } }).process?.nextTick;
  return typeof nextTick === 'function' ? nextTick : undefined;
}

function scheduleTheRun(): void {
  const list = queued;
  const nextTick = currentNextTick();
  const run = () => runList(list);
  if (nextTick === undefined) {
    scheduledOn = asyncScheduler;
    asyncScheduler.schedule(run);
  } else {
    scheduledOn = nextTick;
    nextTick(run);
  }
}

function runList(list: EndOfTickWork[]): void {
  if (list !== queued) return; // it ran already, from a later schedule
  queued = [];
  scheduledOn = undefined;
  for (const work of list) {
    if (work.endOfTickList !== list) continue; // queued again while this list ran: it runs with the next one
    work.endOfTickList = undefined;
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
